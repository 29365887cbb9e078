// Digest of everything the engine decides over one fixed, simulated stream: every decision answered, every
// account and conversation state and every crew-linking row stored. Two checkouts that print the same digest
// decided byte-identically. Used to prove a speed change kept behaviour (docs/benchmarks.md, "Same decisions").
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

function stream(): { batched: ChainEvent[]; single: ChainEvent[] } {
  const sim = simulateTraffic({ tenant: 'digest', seed: 20261203, start: new Date('2026-11-02T00:00:00Z'), ordinaryUsers: 300, crews: 6, victimsPerCrew: 20 });
  const bench = messages(6_000, 'digest', Date.parse('2026-11-03T00:00:00Z'));
  const all = [...sim.events, ...bench];
  return { batched: all.slice(0, all.length - 200), single: all.slice(all.length - 200) };
}

const dir = mkdtempSync(join(tmpdir(), 'cb-digest-'));
const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, logLevel: 'silent' }), { background: false });
const hash = createHash('sha256');
const { batched, single } = stream();
let decisions = 0;
for (let i = 0; i < batched.length; i += 250) {
  for (const result of await cb.ingest.ingest(batched.slice(i, i + 250))) hash.update(JSON.stringify(result)), decisions++;
}
for (const event of single) for (const result of await cb.ingest.ingest([event])) hash.update(JSON.stringify(result)), decisions++;
const rows: Record<string, number> = {};
for (const table of [...STATE_TABLES, ...RING_TABLES]) {
  const { rows: found } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2, 3`.execute(cb.db as never);
  rows[table] = found.length;
  for (const row of found) hash.update(`${table}\u0000${JSON.stringify(row)}`);
}
await cb.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ tree: values.tree, events: batched.length + single.length, decisions, rows, digest: hash.digest('hex') }));
