// Retention on PostgreSQL: dropping a month's partitions (src/adapters/store/partitions.ts, what the sweep does
// with `retention.keepMonths`) against DELETE of the same rows from unpartitioned tables laid out as before
// migration 011, in the same run on the same server. Two months of rows (old and current) are written to both
// layouts; the old month is then removed from each, in alternating order over the rounds. The DELETE side also
// reports the VACUUM it leaves behind (dead rows that a drop never makes).
// Needs Debian's postgresql. Run: npx node bench/core/partition-retention.ts [--events 100000] [--rounds 2]
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openStore, type CoreDb } from '../../src/adapters/store/db.ts';
import { createMonthsIn, dropMonthsBefore } from '../../src/adapters/store/partitions.ts';
import { startTempPostgres } from '../../test-system/helpers/postgres.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '2' } } });
const EVENTS = Number(values.events);
const OLD = Date.UTC(2026, 9, 1);
const CURRENT = Date.UTC(2026, 11, 1);
const CUTOFF = Date.UTC(2026, 10, 1);

/** The tables as migration 001 made them, under other names. */
async function createUnpartitioned(db: CoreDb): Promise<void> {
  for (const table of ['events', 'messages', 'decisions']) {
    await sql`create table ${sql.id(`u_${table}`)} (like ${sql.id(table)} including defaults)`.execute(db);
  }
  await sql`alter table u_events add primary key (tenant, id)`.execute(db);
  await sql`create index on u_events (tenant, time)`.execute(db);
  await sql`create index on u_events (tenant, conversation_id)`.execute(db);
  await sql`alter table u_messages add primary key (tenant, event_id)`.execute(db);
  await sql`create index on u_messages (tenant, conversation_id, time)`.execute(db);
  await sql`alter table u_decisions add primary key (seq)`.execute(db);
  await sql`create unique index on u_decisions (tenant, event_id)`.execute(db);
  await sql`create index on u_decisions (tenant, conversation_id)`.execute(db);
}

/** `EVENTS` events in each month, with payloads of realistic size (an event ~400 B, a decision ~700 B). */
async function fill(db: CoreDb, prefix: string): Promise<void> {
  const events = sql.id(`${prefix}events`);
  const messages = sql.id(`${prefix}messages`);
  const decisions = sql.id(`${prefix}decisions`);
  for (const month of [OLD, CURRENT]) {
    const rows = sql`select 'acme' as tenant, 'e' || ${month}::text || '-' || g as id, ${month}::bigint + g * 1000 as time, 'c' || (g % 5000) as conv from generate_series(1, ${EVENTS}) g`;
    await sql`insert into ${events} (tenant, id, type, time, received_at, conversation_id, account, payload)
      select tenant, id, 'message.sent', time, time, conv, 'a' || id, repeat('x', 400) from (${rows}) r`.execute(db);
    await sql`insert into ${messages} (tenant, event_id, conversation_id, sender, recipients, time, text, features, evidence)
      select tenant, id, conv, 'a' || id, '["v"]', time, repeat('t', 80), '[]', 0 from (${rows}) r`.execute(db);
    await sql`insert into ${decisions} (tenant, event_id, time, conversation_id, account, verdict, actions, shadow_actions, signals, reasons, rule_input)
      select tenant, id, time, conv, 'a' || id, 'allow', '[]', '[]', repeat('s', 300), repeat('r', 300), repeat('i', 100) from (${rows}) r`.execute(db);
    if (prefix === '') await sql`insert into event_ids (tenant, id, time) select tenant, id, time from (${rows}) r`.execute(db);
  }
  // An old month was vacuumed long ago; without this, autovacuum on the fresh rows holds a lock the DROP then
  // waits for (up to deadlock_timeout, 1 s), which is an artefact of filling just before measuring.
  await sql`vacuum (analyze) ${events}, ${messages}, ${decisions}`.execute(db);
  if (prefix === '') await sql`vacuum (analyze) event_ids`.execute(db);
}

let walBytes = 0;
async function lsn(db: CoreDb): Promise<string> {
  return (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db)).rows[0].lsn;
}

/** WAL written by `fn` (bytes; nothing else writes meanwhile), left in `walBytes`. */
async function withWal(db: CoreDb, fn: () => Promise<unknown>): Promise<void> {
  const start = await lsn(db);
  await fn();
  const end = await lsn(db);
  walBytes = Number((await sql<{ bytes: string }>`select pg_wal_lsn_diff(${end}, ${start})::text as bytes`.execute(db)).rows[0].bytes);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The part of a drop that is row by row: the de-duplication ids of the month's events (rolled back). */
async function idsOnly(db: CoreDb): Promise<number> {
  let ms = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      ms = await timed(() => sql`delete from event_ids e using events_p202610 p where e.tenant = p.tenant and e.id = p.id`.execute(trx));
      throw new Error('roll back');
    })
    .catch(() => undefined);
  return ms;
}

async function deleteRows(db: CoreDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ['u_events', 'u_messages', 'u_decisions']) await sql`delete from ${sql.id(table)} where time < ${CUTOFF}`.execute(trx);
  });
}

async function emptyBoth(db: CoreDb): Promise<void> {
  for (const table of ['events', 'messages', 'decisions', 'event_ids', 'u_events', 'u_messages', 'u_decisions']) await sql`truncate ${sql.id(table)}`.execute(db);
}

const server = startTempPostgres();
try {
  const db = await openStore({ dataDir: ':memory:', postgresUrl: server.url });
  await createUnpartitioned(db);
  const results: { drop: number; remove: number; vacuum: number; ids: number; dropVacuum: number }[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    await emptyBoth(db);
    await db.transaction().execute((trx) => createMonthsIn(trx, [OLD, CURRENT]));
    await fill(db, '');
    await fill(db, 'u_');
    const ids = await idsOnly(db);
    const dropFirst = round % 2 === 0;
    let drop = 0;
    let remove = 0;
    let dropWal = 0;
    const runDrop = async () => {
      await withWal(db, async () => (drop = await timed(() => dropMonthsBefore(db, CUTOFF))));
      dropWal = walBytes;
    };
    if (dropFirst) await runDrop();
    await withWal(db, async () => (remove = await timed(() => deleteRows(db))));
    const removeWal = walBytes;
    if (!dropFirst) await runDrop();
    // What each leaves for VACUUM: the deleted ids on the drop side, every deleted row on the DELETE side.
    const dropVacuum = await timed(() => sql`vacuum event_ids`.execute(db));
    const vacuum = await timed(() => sql`vacuum u_events, u_messages, u_decisions`.execute(db));
    results.push({ drop, remove, vacuum, ids, dropVacuum });
    console.log(`round ${round + 1}: drop ${drop.toFixed(1)} ms (of which event_ids ~${ids.toFixed(1)} ms) + vacuum ${dropVacuum.toFixed(1)} ms, WAL ${(dropWal / 1e6).toFixed(1)} MB; delete ${remove.toFixed(1)} ms + vacuum ${vacuum.toFixed(1)} ms, WAL ${(removeWal / 1e6).toFixed(1)} MB`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = { dropVacuum: median(results.map((r) => r.dropVacuum)), ids: median(results.map((r) => r.ids)), drop: median(results.map((r) => r.drop)), remove: median(results.map((r) => r.remove)), vacuum: median(results.map((r) => r.vacuum)) };
  console.log(`${EVENTS} events per month (x3 tables), ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dropTotal = m.drop + m.dropVacuum;
  const deleteTotal = m.remove + m.vacuum;
  console.log(`median: drop partitions ${m.drop.toFixed(1)} ms (event_ids part ~${m.ids.toFixed(1)} ms) + VACUUM ${m.dropVacuum.toFixed(1)} ms; DELETE ${m.remove.toFixed(1)} ms + VACUUM ${m.vacuum.toFixed(1)} ms`);
  console.log(`DELETE/drop: ${(m.remove / m.drop).toFixed(1)}x for the statement, ${(deleteTotal / dropTotal).toFixed(1)}x with the VACUUM each leaves`);
  await db.destroy();
} finally {
  server.stop();
}
