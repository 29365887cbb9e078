// Time partitions on PostgreSQL (migration 011, src/adapters/store/partitions.ts): rows land in their month, a
// re-delivered event is stored once, retention drops old months whole (keeping those an open case still needs),
// and converting an existing unpartitioned database keeps every row.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { createChainbreak, type Chainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import { migrations } from '../../src/adapters/store/migrations/index.ts';
import { createMonthsIn, listMonths } from '../../src/adapters/store/partitions.ts';
import { maintainPartitions } from '../../src/app/retention.ts';
import type { ChainEvent } from '../../src/core/events.ts';
import { message, scamConversation } from '../../test/helpers/fixtures.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

let server: TempPostgres;
before(() => {
  server = startTempPostgres();
});
after(() => server.stop());

/** Each test gets its own database (partition drops and ring components are database-wide). */
const database = (name: string): Promise<string> => server.createDatabase(name);

async function node(url: string): Promise<Chainbreak> {
  return createChainbreak(loadConfig(undefined, { dataDir: tempDir(), postgresUrl: url, logLevel: 'silent', detectorThreads: 0 }), { background: false });
}

const month = (year: number, monthIndex: number) => Date.UTC(year, monthIndex, 1);
/** The fixtures' events are on 2026-11-01; moved to the same day and hour of another month. */
const FIXTURE_MONTH = month(2026, 10);
function inMonth<T extends ChainEvent>(event: T, start: number, id = event.id): T {
  return { ...event, id, time: new Date(start + Date.parse(event.time) - FIXTURE_MONTH).toISOString() };
}

async function partitionOf(db: CoreDb, table: 'events' | 'messages' | 'decisions', id: string): Promise<string[]> {
  const column = sql.ref(table === 'events' ? 'id' : 'event_id');
  const { rows } = await sql<{ p: string }>`select tableoid::regclass::text as p from ${sql.table(table)} where ${column} = ${id}`.execute(db);
  return rows.map((r) => r.p);
}

async function count(db: CoreDb, table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(db);
  return rows[0].n;
}

test('rows land in their month, a far time in DEFAULT, and a month created later takes its rows out of DEFAULT', async () => {
  const cb = await node(await database('placement'));
  try {
    await maintainPartitions(cb.db, { ahead: 3 }, month(2026, 9));
    const november = message({ conversation: 'c1', sender: 'amy', to: 'bob', text: 'lunch tomorrow?', minute: 0, id: 'nov-1' });
    const far = inMonth(message({ conversation: 'c2', sender: 'amy', to: 'bob', text: 'hello from the past', minute: 1 }), month(2001, 0), 'far-1');
    await cb.ingest.ingestValid([november, far]);
    for (const table of ['events', 'messages', 'decisions'] as const) {
      assert.deepEqual(await partitionOf(cb.db, table, 'nov-1'), [`${table}_p202611`]);
      assert.deepEqual(await partitionOf(cb.db, table, 'far-1'), [`${table}_default`]);
    }
    await cb.db.transaction().execute((trx) => createMonthsIn(trx, [month(2001, 0)]));
    for (const table of ['events', 'messages', 'decisions'] as const) {
      assert.deepEqual(await partitionOf(cb.db, table, 'far-1'), [`${table}_p200101`]);
      assert.equal(await count(cb.db, `${table}_default`), 0);
    }
    const [again] = await cb.ingest.ingestValid([far]);
    assert.equal(again.duplicate, true);
  } finally {
    await cb.close();
  }
});

test('a re-delivered event is stored once, even with another time, and the store itself refuses a second copy', async () => {
  const cb = await node(await database('redelivery'));
  try {
    const event = message({ conversation: 'c1', sender: 'amy', to: 'bob', text: 'see you at eight', minute: 0, id: 'twice' });
    const [first] = await cb.ingest.ingestValid([event]);
    const [same] = await cb.ingest.ingestValid([event]);
    const [moved] = await cb.ingest.ingestValid([inMonth(event, month(2026, 6))]);
    assert.equal(first.duplicate, false);
    assert.equal(same.duplicate, true);
    assert.equal(moved.duplicate, true);
    assert.deepEqual(moved.decision, first.decision);
    for (const table of ['events', 'messages', 'decisions']) assert.equal(await count(cb.db, table), 1, table);
    assert.equal(await count(cb.db, 'event_ids'), 1);
    // Past the decision check (two nodes racing without a shared lock, say), the partitioned key would accept
    // the same id under another time; event_ids does not.
    await assert.rejects(
      sql`insert into event_ids (tenant, id, time) values ('acme', 'twice', ${month(2026, 6)})`.execute(cb.db),
      (error: Error & { code?: string }) => error.code === '23505',
    );
  } finally {
    await cb.close();
  }
});

test('retention drops months older than the window whole, keeps a month an open case needs, and keeps the rest', async () => {
  const cb = await node(await database('retention'));
  const now = Date.UTC(2026, 11, 15);
  try {
    await maintainPartitions(cb.db, { ahead: 4 }, month(2026, 7));
    const open = scamConversation('open-case').map((s) => inMonth(s.event, month(2026, 8), `sep-${s.event.id}`));
    const closed = scamConversation('closed-case', 'globex').map((s) => inMonth(s.event, month(2026, 7), `aug-${s.event.id}`));
    const ordinary = message({ conversation: 'chat', sender: 'amy', to: 'bob', text: 'lunch?', minute: 3 });
    const recent = inMonth(ordinary, month(2026, 11), 'dec-1');
    const ancient = inMonth(ordinary, month(2001, 0), 'old-1');
    await cb.ingest.ingestValid([...closed, inMonth(ordinary, month(2026, 7), 'aug-1'), ...open, recent, ancient]);
    assert.equal(await count(cb.db, 'cases', sql`status = 'open'`), 2);
    await sql`update cases set status = 'closed' where conversation_id = 'closed-case'`.execute(cb.db);

    const run = await maintainPartitions(cb.db, { ahead: 3, keepMonths: 1 }, now);
    assert.deepEqual(run?.drop?.dropped, [month(2026, 7), month(2026, 9)]);
    assert.deepEqual(run?.drop?.held, [month(2026, 8)]);
    assert.equal(run?.drop?.defaultRows, 3, 'the 2001 event, its message and its decision, deleted from DEFAULT');
    const months = await listMonths(cb.db, 'events');
    assert.ok(!months.includes(month(2026, 7)) && months.includes(month(2026, 8)) && months.includes(month(2026, 10)) && months.includes(month(2026, 11)));
    for (const table of ['events', 'messages', 'decisions']) {
      assert.equal(await count(cb.db, table, sql`time < ${month(2026, 8)}`), 0, `${table}: August and 2001 gone`);
      assert.equal(await count(cb.db, table, sql`time >= ${month(2026, 8)} and time < ${month(2026, 9)}`), open.length, `${table}: September kept`);
      assert.equal(await count(cb.db, table, sql`time >= ${month(2026, 11)}`), 1, `${table}: December kept`);
    }
    assert.equal(await count(cb.db, 'event_ids'), open.length + 1, 'the ids of dropped events went with them');
    // A dropped event delivered again is a new event; a kept one is still a duplicate.
    const [redelivered, kept] = await cb.ingest.ingestValid([inMonth(ordinary, month(2026, 7), 'aug-1'), recent]);
    assert.equal(redelivered.duplicate, false);
    assert.equal(kept.duplicate, true);
  } finally {
    await cb.close();
  }
});

const TABLES = ['events', 'messages', 'decisions'] as const;

async function snapshot(db: CoreDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))))).sort();
  }
  return out;
}

test('an existing unpartitioned database is converted keeping every row, and goes on de-duplicating', async () => {
  // Real rows, made by a node on a partitioned database, are written into one migrated only up to 009.
  const source = await node(await database('source'));
  const script = scamConversation('conv');
  const events = [
    ...script.slice(0, 3).map((s) => inMonth(s.event, month(2026, 6))),
    ...script.slice(3).map((s) => s.event),
    inMonth(message({ conversation: 'chat', sender: 'amy', to: 'bob', text: 'so long ago', minute: 0 }), month(1999, 11), 'ancient'),
  ];
  const answers = await source.ingest.ingestValid(events);
  const rows = await snapshot(source.db);
  await source.close();

  const url = await database('existing');
  const raw = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
  const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
  const upTo = await migrator.migrateTo('009_cluster_jobs');
  assert.equal(upTo.error, undefined);
  const { rows: partitioned } = await sql<{ n: number }>`select count(*)::int as n from pg_partitioned_table`.execute(raw);
  assert.equal(partitioned[0].n, 0, 'before 011 nothing is partitioned');
  for (const table of TABLES) {
    for (const line of rows[table]) await raw.insertInto(table).values(JSON.parse(line)).execute();
  }
  await raw.destroy();

  const converted = await node(url);
  try {
    assert.deepEqual(await snapshot(converted.db), rows, 'every row kept, column for column');
    assert.equal(await count(converted.db, 'event_ids'), events.length);
    assert.deepEqual(await partitionOf(converted.db, 'events', 'ancient'), ['events_default']);
    assert.deepEqual(await partitionOf(converted.db, 'decisions', events[0].id), ['decisions_p202607']);
    assert.deepEqual(await partitionOf(converted.db, 'messages', events[4].id), ['messages_p202611']);
    const again = await converted.ingest.ingestValid([events[0], events[4]]);
    assert.deepEqual(again.map((r) => r.duplicate), [true, true]);
    // The stored decision as it was answered (JSON: undefined fields were never stored).
    assert.deepEqual(again[1].decision, JSON.parse(JSON.stringify(answers[4].decision)));
    // The decision sequence goes on after the copied rows.
    const [fresh] = await converted.ingest.ingestValid([message({ conversation: 'chat', sender: 'amy', to: 'bob', text: 'new one', minute: 9, id: 'after' })]);
    assert.equal(fresh.duplicate, false);
    const { rows: seqs } = await sql<{ id: string; seq: number }>`select event_id as id, seq from decisions order by seq desc limit 1`.execute(converted.db);
    assert.equal(seqs[0].id, 'after');
  } finally {
    await converted.close();
  }
});
