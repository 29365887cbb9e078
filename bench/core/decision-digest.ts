// "Same decisions" check for storage and pipeline changes: one SHA-256 over every decision, account state and
// conversation state a fixed stream leaves (a simulated platform of 300 users and 6 crews, then benchmark
// messages in batches of 250 with four batches in flight, then 200 concurrent single calls), on a file store with
// synchronous=FULL. Run it in two checkouts and compare the digests.
// Run: npx node bench/core/decision-digest.ts [--root /tmp/base]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { root: { type: 'string', default: new URL('../..', import.meta.url).pathname } } });
const root = resolve(values.root);
const { createChainbreak } = (await import(join(root, 'src/app.ts'))) as typeof import('../../src/app.ts');
const { loadConfig } = (await import(join(root, 'src/config.ts'))) as typeof import('../../src/config.ts');
const { simulateTraffic } = (await import(join(root, 'src/sim/generate.ts'))) as typeof import('../../src/sim/generate.ts');
const { messages } = (await import(join(root, 'bench/core/traffic.ts'))) as typeof import('./traffic.ts');
const { sql } = await import('kysely');

const dir = mkdtempSync(join(tmpdir(), 'cb-digest-'));
const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, sqliteSync: 'full', logLevel: 'silent' }), { background: false });
const hash = createHash('sha256');
let decisions = 0;
const record = (results: { event_id: string; duplicate: boolean; decision: unknown }[]) => {
  for (const r of results) hash.update(JSON.stringify([r.event_id, r.duplicate, r.decision]));
  decisions += results.length;
};

const platform = simulateTraffic({ tenant: 'digest', seed: 14, start: new Date('2026-11-01T00:00:00Z'), ordinaryUsers: 300, crews: 6, victimsPerCrew: 4 }).events;
const bench = messages(6_000, 'digest', Date.parse('2026-11-03T00:00:00Z'));
for (const stream of [platform, bench]) {
  const batches: (typeof stream)[] = [];
  for (let i = 0; i < stream.length; i += 250) batches.push(stream.slice(i, i + 250));
  // Four in flight, answers recorded in the order the batches were sent.
  for (let i = 0; i < batches.length; i += 4) for (const results of await Promise.all(batches.slice(i, i + 4).map((b) => cb.ingest.ingestValid(b)))) record(results);
}
const singles = messages(200, 'digest-single', Date.parse('2026-11-04T00:00:00Z'));
for (const results of await Promise.all(singles.map((e) => cb.ingest.ingestValid([e])))) record(results);

for (const table of ['accounts', 'conversations']) {
  const rows = (await sql<{ tenant: string; id: string; state: string }>`select tenant, id, state from ${sql.table(table)} order by tenant, id`.execute(cb.db)).rows;
  for (const row of rows) hash.update(JSON.stringify([table, row.tenant, row.id, row.state]));
}
await cb.close();
rmSync(dir, { recursive: true, force: true });
console.log(`${root}: ${decisions} results, digest ${hash.digest('hex')}`);
