// Row-level serialisation for many nodes on one PostgreSQL: a transaction-scoped advisory lock per account and
// conversation a batch touches, taken in one statement in a global order (by hash), so two batches that share a
// state run one after the other and two that share none run at once, without deadlocks. On SQLite (one node, one
// writer) there is nothing to lock.
import { sql, type Transaction } from 'kysely';
import type { CoreTables } from '../adapters/store/schema.ts';

export async function lockStateKeys(trx: Transaction<CoreTables>, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  await sql`select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest(${unique}::text[]) as k order by h) as locks`.execute(trx);
}
