// Node adapter: streams a hash-list file (plain, `pdq <hash>`, `hash,quality,path` or ThreatExchange CSV)
// straight into a typed word array, so a 10-million-line bank never exists as 10 million strings.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { hashToWords, isPdqHash } from './hash256.ts';
import { parseCsvRow } from './hash-lists.ts';

export interface LoadedHashes {
  words: Uint32Array;
  count: number;
  /** Lines that held no PDQ hash (with their numbers), for the caller to report. */
  rejected: { line: number; text: string }[];
}

/** Pulls the hash out of one line of any supported list format, or returns null. */
export function hashFromLine(line: string, teCsv: boolean): string | null {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return null;
  if (teCsv) {
    const row = parseCsvRow(text);
    return row[0]?.trim().toLowerCase() === 'pdq' && isPdqHash(row[1]?.trim() ?? '') ? row[1].trim().toLowerCase() : null;
  }
  const first = text.split(',')[0].replace(/^pdq\s+/i, '').trim();
  return isPdqHash(first) ? first.toLowerCase() : null;
}

export async function loadHashFile(path: string): Promise<LoadedHashes> {
  // A plain list has 65 bytes per line: sizing from the file avoids growing (and briefly doubling) the array.
  const expected = Math.max(1024, Math.ceil((await stat(path)).size / 65));
  let words = new Uint32Array(8 * expected);
  let count = 0;
  const rejected: { line: number; text: string }[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  let teCsv = false;
  for await (const line of lines) {
    number++;
    if (number === 1 && /^\s*signal_type\s*,/.test(line)) {
      teCsv = true;
      continue;
    }
    const hash = hashFromLine(line, teCsv);
    if (hash === null) {
      const isNoise = line.trim() === '' || line.trim().startsWith('#') || (teCsv && !/^\s*pdq\s*,/i.test(line));
      if (!isNoise && rejected.length < 1000) rejected.push({ line: number, text: line.slice(0, 100) });
      continue;
    }
    if ((count + 1) * 8 > words.length) {
      const grown = new Uint32Array(Math.ceil(words.length * 1.5 / 8) * 8);
      grown.set(words);
      words = grown;
    }
    hashToWords(hash, words, count * 8);
    count++;
  }
  return { words: words.length === count * 8 ? words : words.slice(0, count * 8), count, rejected };
}
