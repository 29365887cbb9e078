// `chainbreak events ingest FILE.jsonl`: ingest events into the store (in-process) or into a running
// service (--url), in batches, with a progress bar; bad lines are reported and skipped.
import { statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { createChainbreak } from '../../../app.ts';
import { parseEvent, type ChainEvent } from '../../../core/events.ts';
import { readJsonLines } from '../jsonl.ts';
import { configFrom } from '../options.ts';

const BATCH = 500;

export function register(program: Command): void {
  const events = program.command('events').description('work with platform events');
  events
    .command('ingest')
    .description('ingest events from a JSON Lines file (one event per line)')
    .argument('<file>', 'JSON Lines file, or - for stdin')
    .option('--data-dir <dir>', 'embedded store to ingest into', './data')
    .option('--config <file>', 'configuration file')
    .option('--url <url>', 'ingest through a running service instead (e.g. http://127.0.0.1:8080)')
    .option('--key <key>', 'API key for --url (or CHAINBREAK_API_KEY)')
    .option('--quiet', 'no progress bar')
    .addHelpText('after', '\nA bad line (invalid JSON or an invalid event) is reported on stderr as "line N: reason" and skipped; the run\ncontinues. Exit status: 0 when every line was ingested, 1 when any line was bad.')
    .action(async (file: string, options) => {
      const sink = options.url ? httpSink(options.url, options.key ?? process.env.CHAINBREAK_API_KEY) : await storeSink(options);
      const total = file === '-' ? 0 : statSync(file).size;
      const bar = options.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'ingest [{bar}] {percentage}% | {value} events | {errors} bad lines', stream: process.stderr }, Presets.shades_classic);
      bar?.start(Math.max(total, 1), 0, { errors: 0 });
      let batch: ChainEvent[] = [];
      let ingested = 0;
      let bad = 0;
      let bytes = 0;
      for await (const line of readJsonLines(file)) {
        const parsed = line.ok ? parseEvent(line.value) : null;
        if (!line.ok || !parsed?.ok) {
          bad += 1;
          const why = !line.ok ? line.error : parsed && !parsed.ok ? parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : '';
          process.stderr.write(`${bar ? '\n' : ''}line ${line.line}: ${why}\n`);
          continue;
        }
        batch.push(parsed.event);
        bytes += JSON.stringify(line.value).length + 1;
        if (batch.length >= BATCH) {
          ingested += await sink.send(batch);
          batch = [];
          bar?.update(Math.min(bytes, total), { errors: bad });
        }
      }
      if (batch.length) ingested += await sink.send(batch);
      bar?.update(Math.max(total, 1), { errors: bad });
      bar?.stop();
      await sink.close();
      console.log(`ingested ${ingested} events${bad ? `, ${bad} bad line(s) skipped` : ''}`);
      if (bad) process.exitCode = 1;
    });
}

interface Sink {
  send(events: ChainEvent[]): Promise<number>;
  close(): Promise<void>;
}

async function storeSink(options: { dataDir: string; config?: string }): Promise<Sink> {
  const cb = await createChainbreak(configFrom({ port: '0', host: '127.0.0.1', dataDir: options.dataDir, config: options.config }), { background: false });
  return {
    async send(events) {
      const results = await cb.ingest.ingestValid(events);
      return results.filter((r) => !r.duplicate).length;
    },
    close: () => cb.close(),
  };
}

function httpSink(url: string, key: string | undefined): Sink {
  if (!key) throw new Error('--url needs an API key: pass --key or set CHAINBREAK_API_KEY');
  return {
    async send(events) {
      const response = await fetch(new URL('/v1/events/batch', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ events }),
      });
      const body = (await response.json()) as { accepted?: number; message?: string };
      if (!response.ok) throw new Error(`service answered ${response.status}: ${body.message ?? ''}`);
      return body.accepted ?? 0;
    },
    async close() {},
  };
}
