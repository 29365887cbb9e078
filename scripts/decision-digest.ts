// Digest of everything the engine decides over one fixed, simulated stream: every decision answered, every
// account and conversation state and every crew-linking row stored. Two checkouts that print the same digest
// decided byte-identically. Used to prove a speed change kept behaviour (docs/benchmarks.md, "Same decisions").
// The stream is a simulated platform (300 users, 6 crews) and benchmark messages, in batches of 250 with four in
// flight (so group commit and the deferred WAL sync take part), then 200 concurrent single calls, on a file store
// with synchronous=FULL.
// Run: npx node scripts/decision-digest.ts [--tree /path/to/other/checkout]
//   The stream always comes from this checkout's simulator; --tree only chooses whose engine decides it.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { simulateTraffic } from '../src/sim/generate.ts';
import { messages } from '../bench/core/traffic.ts';
import type { ChainEvent } from '../src/core/events.ts';

const { values } = parseArgs({ options: { tree: { type: 'string', default: resolve(import.meta.dirname, '..') } } });
const tree = pathToFileURL(resolve(values.tree) + '/').href;
const { createChainbreak } = (await import(new URL('src/app.ts', tree).href)) as typeof import('../src/app.ts');
const { loadConfig } = (await import(new URL('src/config.ts', tree).href)) as typeof import('../src/config.ts');

const STATE_TABLES = ['accounts', 'conversations'];
const RING_TABLES = ['rings_links', 'rings_sightings', 'rings_account_facts', 'rings_payment_victims'];
const IN_FLIGHT = 4;

function batchesOf(events: readonly ChainEvent[], size: number): ChainEvent[][] {
  const batches: ChainEvent[][] = [];
  for (let i = 0; i < events.length; i += size) batches.push(events.slice(i, i + size));
  return batches;
}

const platform = simulateTraffic({ tenant: 'digest', seed: 20261203, start: new Date('2026-11-02T00:00:00Z'), ordinaryUsers: 300, crews: 6, victimsPerCrew: 20 }).events;
const bench = messages(6_000, 'digest', Date.parse('2026-11-03T00:00:00Z'));
const singles = messages(200, 'digest-single', Date.parse('2026-11-04T00:00:00Z'));

const dir = mkdtempSync(join(tmpdir(), 'cb-digest-'));
const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, sqliteSync: 'full', logLevel: 'silent' }), { background: false });
const hash = createHash('sha256');
let decisions = 0;
const record = (results: readonly unknown[]) => {
  for (const result of results) hash.update(JSON.stringify(result));
  decisions += results.length;
};
// Answers are recorded in the order the batches were sent, whatever order they commit in.
const batches = batchesOf([...platform, ...bench], 250);
for (let i = 0; i < batches.length; i += IN_FLIGHT) {
  for (const results of await Promise.all(batches.slice(i, i + IN_FLIGHT).map((batch) => cb.ingest.ingestValid(batch)))) record(results);
}
for (const results of await Promise.all(singles.map((event) => cb.ingest.ingestValid([event])))) record(results);

const rows: Record<string, number> = {};
for (const table of [...STATE_TABLES, ...RING_TABLES]) {
  const { rows: found } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2, 3`.execute(cb.db as never);
  rows[table] = found.length;
  for (const row of found) hash.update(`${table}\u0000${JSON.stringify(row)}`);
}
await cb.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ tree: values.tree, events: platform.length + bench.length + singles.length, decisions, rows, digest: hash.digest('hex') }));
