// Generated hostile JSON Lines against every CLI reader (issue 12.2): `events ingest`, `rings build` and
// `text analyze` get files mixing good lines with invalid JSON, truncated objects, non-objects, invalid UTF-8,
// NUL and C1 bytes, a megabyte line, 10,000-level nesting and CRLF endings. Each bad line must be reported on its
// own ("line N" / "FILE:N"), the good lines must still be processed, and the exit status must be the documented
// one: 1 when any line was bad, 0 when none was. CHAINBREAK_FUZZ_RUNS raises the run count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FUZZ_RUNS } from './arbitraries.ts';

const cli = join(import.meta.dirname, '..', '..', 'chainbreak');
const RUNS = Math.max(2, Math.ceil(FUZZ_RUNS / 3));
const PER_RUN_TIMEOUT_MS = 120_000;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cli, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

// Lines every reader must refuse (as bytes, so invalid UTF-8 can be written).
const badLine = fc.constantFrom<Buffer>(
  Buffer.from('{"account": "a1", "type": "phone"'), // truncated
  Buffer.from('not json at all'),
  Buffer.from('[1, 2, 3]'),
  Buffer.from('"just a string"'),
  Buffer.from('null'),
  Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), // "{", invalid UTF-8, "}"
  Buffer.from('{"a":1}\u0000'),
  Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`),
  Buffer.from(`{"x":"${'z'.repeat(1_000_000)}"`), // a megabyte, unterminated
  Buffer.from('{"__proto__": {"polluted": true}}'),
  Buffer.from('\u0085\u009b{}'),
);

interface Reader {
  name: string;
  good: (i: number) => object;
  args: (file: string, dir: string) => string[];
  /** Checks that the good lines were processed. */
  processed: (out: { stdout: string; stderr: string }, goodLines: number) => void;
}

const readers: Reader[] = [
  {
    name: 'events ingest',
    good: (i) => ({ id: `cli-fuzz-${i}`, tenant: 'fuzz', time: new Date(Date.UTC(2026, 10, 1, 10, i % 60)).toISOString(), type: 'message.sent', conversation_id: `c-${i % 3}`, sender: `s-${i % 4}`, recipients: ['v-1'], text: `hello ${i}`, attachments: [] }),
    args: (file, dir) => ['events', 'ingest', file, '--data-dir', dir, '--quiet'],
    processed: (out, good) => assert.match(out.stdout, new RegExp(`ingested ${good} events`)),
  },
  {
    name: 'rings build',
    good: (i) => ({ account: `acct-${i}`, type: 'payment_account', value: i % 2 ? 'GCash 0917 123 4567' : 'gcash:+639171234567' }),
    args: (file) => ['rings', 'build', '--input', file],
    processed: (out, good) => {
      const rings = (JSON.parse(out.stdout) as { rings: { accounts: string[] }[] }).rings;
      assert.equal(rings.length === 0 ? 0 : rings[0].accounts.length, good >= 2 ? good : 0, 'every good line joined the one ring');
    },
  },
  {
    name: 'text analyze',
    good: (i) => ({ id: `t-${i}`, text: `install this app to fix the audio ${i}` }),
    args: (file) => ['text', 'analyze', file],
    processed: (out, good) => {
      const results = out.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string | null; error?: string });
      assert.equal(results.filter((r) => r.error === undefined).length, good);
    },
  },
];

const layout = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant<'good'>('good') }, { weight: 1, arbitrary: badLine }), { minLength: 1, maxLength: 12 });

for (const reader of readers) {
  test(`${reader.name}: every bad line is reported on its own, the run continues, exit 1 (0 when all are good)`, async (t) => {
    let files = 0;
    let badTotal = 0;
    await fc.assert(
      fc.asyncProperty(layout, fc.boolean(), async (lines, crlf) => {
        const dir = mkdtempSync(join(tmpdir(), 'cli-fuzz-'));
        try {
          const bad: number[] = [];
          let good = 0;
          const body = lines.map((line, i) => {
            if (line === 'good') return Buffer.from(JSON.stringify(reader.good(good++)));
            bad.push(i + 1);
            return line;
          });
          const file = join(dir, 'input.jsonl');
          writeFileSync(file, Buffer.concat(body.flatMap((b) => [b, Buffer.from(crlf ? '\r\n' : '\n')])));
          const out = await run(reader.args(file, join(dir, 'data')));
          assert.equal(out.code, bad.length > 0 ? 1 : 0, `exit status (stderr: ${out.stderr.slice(0, 300)})`);
          for (const n of bad) assert.match(out.stderr, new RegExp(`(line |input\\.jsonl:)${n}\\b`), `line ${n} is reported`);
          reader.processed(out, good);
          files++;
          badTotal += bad.length;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, timeout: PER_RUN_TIMEOUT_MS },
    );
    t.diagnostic(`${reader.name}: ${files} generated files, ${badTotal} bad lines, each reported`);
  });
}
