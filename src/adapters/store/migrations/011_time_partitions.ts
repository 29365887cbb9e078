// PostgreSQL only: `events`, `messages` and `decisions` become RANGE-partitioned by month on `time` (issue 14.4;
// why that column and these keys: docs/scale-out.md, "Partitioning by time"). The embedded store keeps plain
// tables: one SQLite file has no partitions, and its deployments are small enough to delete rows.
//
// An existing database is converted in place: each table is renamed, the partitioned table is created under the
// old name, every row is copied, and the old table is dropped. Kysely runs all pending migrations in one
// transaction on PostgreSQL, so a failure leaves the old tables as they were; a fresh database takes the same
// path with nothing to copy.
//
// Keys: a primary or unique key of a partitioned table must contain the partition key, so `(tenant, id)` can no
// longer be unique on `events` alone. Event-id de-duplication moves to `event_ids (tenant, id)`, one small
// unpartitioned table written in the batch's transaction with the event: a re-delivered event is refused by it
// even if its `time` differs (the partitioned keys `(tenant, id, time)` alone would then store it twice).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';
import { createMonthsIn, defaultPartition, monthsAround, PARTITIONED_TABLES } from '../partitions.ts';

/** Months created ahead at the conversion (the service tops this up at start and from the retention job). */
const AHEAD = 3;
/** Existing rows older than this get month partitions too; anything further back goes to DEFAULT. */
const BACK_MONTHS = 60;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await detach(db);
  await createPartitioned(db);
  for (const table of PARTITIONED_TABLES) {
    await sql`create table ${sql.id(defaultPartition(table))} partition of ${sql.id(table)} default`.execute(db);
  }
  await createMonthsIn(db, [...monthsAround(Date.now(), AHEAD), ...(await monthsWithRows(db))]);
  for (const table of PARTITIONED_TABLES) {
    await sql`insert into ${sql.id(table)} select * from ${sql.id(`${table}_unpartitioned`)}`.execute(db);
  }
  await sql`create table event_ids (tenant varchar(100) not null, id varchar(200) not null, time bigint not null,
    constraint event_ids_pk primary key (tenant, id))`.execute(db);
  await sql`insert into event_ids (tenant, id, time) select tenant, id, time from events_unpartitioned`.execute(db);
  await sql`select setval('decisions_seq_counter', coalesce((select max(seq) from decisions_unpartitioned), 0) + 1, false)`.execute(db);
  for (const table of PARTITIONED_TABLES) await sql`drop table ${sql.id(`${table}_unpartitioned`)}`.execute(db);
}

/** Renames the old tables and frees their constraint and index names for the new ones. */
async function detach(db: Kysely<any>): Promise<void> {
  for (const table of PARTITIONED_TABLES) await sql`alter table ${sql.id(table)} rename to ${sql.id(`${table}_unpartitioned`)}`.execute(db);
  await sql`alter table events_unpartitioned drop constraint events_pk`.execute(db);
  await sql`alter table messages_unpartitioned drop constraint messages_pk`.execute(db);
  for (const index of ['events_time', 'events_conversation', 'messages_conversation', 'decisions_event', 'decisions_conversation']) {
    await sql`drop index ${sql.id(index)}`.execute(db);
  }
}

async function createPartitioned(db: Kysely<any>): Promise<void> {
  for (const table of PARTITIONED_TABLES) {
    // LIKE copies the columns (those later migrations added too), NOT NULLs and defaults; not the identity of
    // `decisions.seq`, which a partitioned table cannot have on PostgreSQL before 17: a sequence default instead.
    await sql`create table ${sql.id(table)} (like ${sql.id(`${table}_unpartitioned`)} including defaults) partition by range (time)`.execute(db);
  }
  await sql`alter table events add constraint events_pk primary key (tenant, id, time)`.execute(db);
  await sql`alter table messages add constraint messages_pk primary key (tenant, event_id, time)`.execute(db);
  await sql`alter table decisions add constraint decisions_pk primary key (tenant, event_id, time)`.execute(db);
  // bigint: at 5,000 decisions a second an integer sequence runs out in five days.
  await sql`alter table decisions alter column seq type bigint`.execute(db);
  await sql`create sequence decisions_seq_counter as bigint owned by decisions.seq`.execute(db);
  await sql`alter table decisions alter column seq set default nextval('decisions_seq_counter')`.execute(db);
  await db.schema.createIndex('events_time').on('events').columns(['tenant', 'time']).execute();
  await db.schema.createIndex('events_conversation').on('events').columns(['tenant', 'conversation_id']).execute();
  await db.schema.createIndex('messages_conversation').on('messages').columns(['tenant', 'conversation_id', 'time']).execute();
  // Not unique any more (it lacks `time`): event_ids keeps an event, and so its decision, to one row.
  await db.schema.createIndex('decisions_event').on('decisions').columns(['tenant', 'event_id']).execute();
  await db.schema.createIndex('decisions_conversation').on('decisions').columns(['tenant', 'conversation_id']).execute();
  // The rule preview reads the newest decisions by seq (the old primary key served it).
  await db.schema.createIndex('decisions_seq').on('decisions').column('seq').execute();
}

/** The months existing events fall in, within BACK_MONTHS of now and up to the months created ahead. */
async function monthsWithRows(db: Kysely<any>): Promise<number[]> {
  const lo = Date.now() - BACK_MONTHS * 31 * 86_400_000;
  const hi = Date.now() + (AHEAD + 1) * 31 * 86_400_000;
  const { rows } = await sql<{ month: string | number }>`
    select distinct (extract(epoch from date_trunc('month', to_timestamp(time / 1000.0) at time zone 'UTC')) * 1000)::bigint as month
    from events_unpartitioned where time >= ${lo} and time < ${hi}`.execute(db);
  return rows.map((r) => Number(r.month));
}
