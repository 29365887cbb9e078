// Monthly time partitions of the three tables that grow with traffic (`events`, `messages`, `decisions`) on
// PostgreSQL; the embedded store keeps them as plain tables (docs/scale-out.md, "Partitioning by time").
// Each table is RANGE-partitioned on `time`, the event's time in epoch ms: one event's event, message and
// decision rows therefore always share a month, so dropping a month removes whole events and never leaves a
// decision without its event. A DEFAULT partition takes any row no month covers (a far past or future time), so
// no event is ever refused for want of a partition.
//
// Every change to the partition set runs in a transaction under one advisory lock, so two nodes starting at
// once (or a start and the retention job) never create or drop the same month twice.
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';

export const PARTITIONED_TABLES = ['events', 'messages', 'decisions'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

/** Any Kysely handle or transaction: partition DDL is raw SQL, outside the typed schema. */
type Db = QueryExecutorProvider;

/** The advisory lock key every partition change takes (an arbitrary constant, "chainbreak partitions"). */
const PARTITION_LOCK = 7_126_001;

/** Start of the UTC month holding `ms`. */
export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the UTC month `n` months after the month starting at `month` (n may be negative). */
export function addMonths(month: number, n: number): number {
  const d = new Date(month);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

/** `events_p202612` for December 2026: names carry the month, so the set can be read back from the catalog. */
export function partitionName(table: PartitionedTable, month: number): string {
  const d = new Date(month);
  return `${table}_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function defaultPartition(table: PartitionedTable): string {
  return `${table}_default`;
}

/** The month a partition name stands for, or null for names this code did not make. */
export function monthOfPartition(table: PartitionedTable, name: string): number | null {
  const match = new RegExp(`^${table}_p(\\d{4})(\\d{2})$`).exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? Date.UTC(Number(match[1]), month - 1, 1) : null;
}

/** Must run inside a transaction (the lock is released at its end). */
async function lockPartitions(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
}

/** The month partitions `table` has now, oldest first. */
export async function listMonths(db: Db, table: PartitionedTable): Promise<number[]> {
  const { rows } = await sql<{ name: string }>`
    select child.relname as name from pg_inherits
    join pg_class child on child.oid = pg_inherits.inhrelid
    join pg_class parent on parent.oid = pg_inherits.inhparent
    where parent.relname = ${table} and parent.relnamespace = current_schema()::regnamespace`.execute(db);
  return rows.flatMap((r) => monthOfPartition(table, r.name) ?? []).sort((a, b) => a - b);
}

/**
 * Creates the month partitions of `months` that are missing, in the caller's transaction. Rows of such a month
 * that already sit in the DEFAULT partition are moved into the new one first: PostgreSQL refuses a new
 * partition whose range the DEFAULT still holds rows of.
 */
export async function createMonthsIn(trx: Db, months: readonly number[]): Promise<string[]> {
  await lockPartitions(trx);
  const created: string[] = [];
  for (const table of PARTITIONED_TABLES) {
    const existing = new Set(await listMonths(trx, table));
    for (const month of new Set(months.map(monthStart))) {
      if (existing.has(month)) continue;
      await createMonth(trx, table, month);
      created.push(partitionName(table, month));
    }
  }
  return created;
}

async function createMonth(trx: Db, table: PartitionedTable, month: number): Promise<void> {
  const name = sql.id(partitionName(table, month));
  const from = sql.lit(month);
  const to = sql.lit(addMonths(month, 1));
  await sql`create table ${name} (like ${sql.id(table)} including defaults including constraints)`.execute(trx);
  await sql`with moved as (delete from ${sql.id(defaultPartition(table))} where time >= ${from} and time < ${to} returning *)
    insert into ${name} select * from moved`.execute(trx);
  // Attaching builds the partition's copies of the parent's indexes and checks the range.
  await sql`alter table ${sql.id(table)} attach partition ${name} for values from (${from}) to (${to})`.execute(trx);
}

/** The current month and the `ahead` next ones (created at start and by every retention run). */
export function monthsAround(now: number, ahead: number): number[] {
  const first = monthStart(now);
  return Array.from({ length: ahead + 1 }, (_, i) => addMonths(first, i));
}

export interface DropResult {
  /** Months whose three partitions were dropped (epoch ms of each month's start). */
  dropped: number[];
  /** Months past the window kept because an open or claimed case still has messages in them. */
  held: number[];
  /** Rows deleted one by one from the DEFAULT partitions (times outside every month partition). */
  defaultRows: number;
}

/**
 * Retention by partition: every month that ended at or before `cutoff` is dropped whole (its events, messages
 * and decisions, and the de-duplication ids of its events), unless a conversation with an open or claimed case
 * has messages in it: the moderator has yet to read them, the same rule as the text sweep (src/app/retention.ts).
 * Rows older than `cutoff` in the DEFAULT partitions are deleted row by row under the same rule.
 */
export async function dropMonthsBefore<T>(db: Kysely<T>, cutoff: number): Promise<DropResult> {
  const result: DropResult = { dropped: [], held: [], defaultRows: 0 };
  const months = (await listMonths(db, 'events')).filter((month) => addMonths(month, 1) <= cutoff);
  for (const month of months) {
    const dropped = await db.transaction().execute(async (trx) => {
      await lockPartitions(trx);
      if (await monthHeld(trx, month)) return false;
      await dropMonth(trx, month);
      return true;
    });
    (dropped ? result.dropped : result.held).push(month);
  }
  result.defaultRows = await db.transaction().execute(async (trx) => {
    await lockPartitions(trx);
    return deleteOldDefaultRows(trx, cutoff);
  });
  return result;
}

const OPEN_CASE = sql`exists (select 1 from cases c where c.tenant = t.tenant and c.conversation_id = t.conversation_id and c.status in ('open', 'claimed'))`;

/** Driven from the open cases (few, `cases_queue` leads with status) into the month's messages index. */
async function monthHeld(trx: Db, month: number): Promise<boolean> {
  const messages = sql.id(partitionName('messages', month));
  const { rows } = await sql<{ held: boolean }>`select exists (select 1 from cases c where c.status in ('open', 'claimed')
    and exists (select 1 from ${messages} t where t.tenant = c.tenant and t.conversation_id = c.conversation_id)) as held`.execute(trx);
  return rows[0]?.held === true;
}

async function dropMonth(trx: Db, month: number): Promise<void> {
  const events = sql.id(partitionName('events', month));
  // The ids go with their events: a re-delivery after retention is a new event, and must not hit a stale id.
  await sql`delete from event_ids e using ${events} p where e.tenant = p.tenant and e.id = p.id`.execute(trx);
  for (const table of PARTITIONED_TABLES) await sql`drop table if exists ${sql.id(partitionName(table, month))}`.execute(trx);
}

async function deleteOldDefaultRows(trx: Db, cutoff: number): Promise<number> {
  const old = sql`t.time < ${cutoff} and not ${OPEN_CASE}`;
  const gone = await sql`with gone as (delete from events_default t where ${old} returning t.tenant, t.id)
    delete from event_ids e using gone where e.tenant = gone.tenant and e.id = gone.id`.execute(trx);
  let rows = Number(gone.numAffectedRows ?? 0);
  for (const table of ['messages_default', 'decisions_default']) {
    const deleted = await sql`delete from ${sql.id(table)} t where ${old}`.execute(trx);
    rows += Number(deleted.numAffectedRows ?? 0);
  }
  return rows;
}
