// Retention. Message text that never became evidence is dropped once its grace period is over; the features
// (stages, scores, spans) stay so decisions remain explainable without the words. Text of a conversation with an
// open or claimed case is never dropped: the moderator has yet to read it.
// On PostgreSQL, whole rows of events, messages and decisions also age out when `keepMonths` is set: by dropping
// month partitions, never by deleting rows (src/adapters/store/partitions.ts), under the same open-case rule.
import type { CoreDb } from '../adapters/store/db.ts';
import { isPostgres } from '../adapters/store/dialect.ts';
import { addMonths, createMonthsIn, dropMonthsBefore, monthsAround, monthStart, type DropResult } from '../adapters/store/partitions.ts';

export async function sweepText(db: CoreDb, pendingTextHours: number, now = Date.now()): Promise<number> {
  const cutoff = now - pendingTextHours * 3_600_000;
  const result = await db
    .updateTable('messages')
    .set({ text: null })
    .where('evidence', '=', 0)
    .where('text', 'is not', null)
    .where('time', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cases')
            .select('cases.id')
            .whereRef('cases.tenant', '=', 'messages.tenant')
            .whereRef('cases.conversation_id', '=', 'messages.conversation_id')
            .where('cases.status', 'in', ['open', 'claimed']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Three months ahead: a node that stays down over a month end still finds its month, and the set stays small. */
export const PARTITIONS_AHEAD = 3;

export interface PartitionPolicy {
  /** Months created ahead of the current one, so rows never wait on a new partition. */
  ahead: number;
  /** Full months kept behind the current one; absent: rows are kept for ever (the default). */
  keepMonths?: number;
}

export interface PartitionRun {
  created: string[];
  drop: DropResult | null;
}

/**
 * Tops up the months ahead and, with `keepMonths`, drops the months that ended `keepMonths` months before the
 * current one began (keepMonths 1 in December keeps November and December). A no-op on the embedded store.
 */
export async function maintainPartitions(db: CoreDb, policy: PartitionPolicy, now = Date.now()): Promise<PartitionRun | null> {
  if (!isPostgres(db)) return null;
  const created = await db.transaction().execute((trx) => createMonthsIn(trx, monthsAround(now, policy.ahead)));
  if (policy.keepMonths === undefined) return { created, drop: null };
  return { created, drop: await dropMonthsBefore(db, addMonths(monthStart(now), -policy.keepMonths)) };
}
