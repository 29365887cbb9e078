// What one ingested message costs a PostgreSQL primary in bytes: WAL written and table + index space, per table,
// on the partitioned layout (migration 011). Byte counts barely depend on the machine's load, unlike times, so
// they give the write side of the scale-out model (docs/scale-out.md, "The path past one primary").
// Needs Debian's postgresql. Run: npx node bench/core/pg-write-cost.ts [--messages 8000] [--batch 500]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { startTempPostgres } from '../../test-system/helpers/postgres.ts';
import { messages } from './traffic.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '8000' }, batch: { type: 'string', default: '500' } } });
const COUNT = Number(values.messages);
const TABLES = ['events', 'messages', 'decisions', 'event_ids', 'accounts', 'conversations', 'cases', 'webhook_deliveries'];

const server = startTempPostgres();
try {
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: mkdtempSync(join(tmpdir(), 'cb-wal-')), postgresUrl: server.url, logLevel: 'silent', detectorThreads: 0 }), { background: false });
  // Times in the current month, so rows land in a month partition, not DEFAULT.
  const traffic = messages(COUNT, 'wal', Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
  const size = async (table: string) => {
    const { rows } = await sql<{ bytes: string }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes from pg_class c
      where c.oid = ${table}::regclass or c.oid in (select inhrelid from pg_inherits where inhparent = ${table}::regclass)`.execute(cb.db);
    return Number(rows[0].bytes);
  };
  const lsn = async () => (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(cb.db)).rows[0].lsn;
  const before = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await size(t)] as const)));
  const start = await lsn();
  for (let i = 0; i < traffic.length; i += Number(values.batch)) await cb.ingest.ingestValid(traffic.slice(i, i + Number(values.batch)));
  const end = await lsn();
  const wal = Number((await sql<{ bytes: string }>`select pg_wal_lsn_diff(${end}, ${start})::text as bytes`.execute(cb.db)).rows[0].bytes);
  console.log(`${COUNT} messages in batches of ${values.batch}: WAL ${(wal / COUNT).toFixed(0)} bytes per message`);
  let total = 0;
  for (const table of TABLES) {
    const grown = (await size(table)) - before[table];
    total += grown;
    console.log(`  ${table}: ${(grown / COUNT).toFixed(0)} bytes per message`);
  }
  console.log(`  all: ${(total / COUNT).toFixed(0)} bytes per message`);
  await cb.close();
} finally {
  server.stop();
}
