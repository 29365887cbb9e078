// Reads JSON Lines from a file or stdin, line by line, reporting each bad line without stopping.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type JsonLine = { line: number; ok: true; value: unknown } | { line: number; ok: false; error: string };

export async function* readJsonLines(path: string | undefined): AsyncGenerator<JsonLine> {
  const input = !path || path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    try {
      yield { line: number, ok: true, value: JSON.parse(text) };
    } catch (error) {
      yield { line: number, ok: false, error: `invalid JSON: ${(error as Error).message}` };
    }
  }
}
