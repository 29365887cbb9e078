// Claiming due webhook deliveries so that, with several nodes on one store, each attempt is made by one node.
//
// A claim writes the node's id and a lease and counts the attempt, in one statement, before anything is sent.
// On PostgreSQL the candidate rows are picked `FOR UPDATE SKIP LOCKED`: two nodes polling at once take disjoint
// rows without waiting for each other. On SQLite (one writer at a time, so one node) the same statement is a
// compare-and-set: the outer WHERE repeats the due-and-unclaimed test, so a row claimed in between is skipped.
//
// The attempt number is the fencing token: a result is recorded only `WHERE claimed_by = me AND attempts = n`.
// A node that stalls past its lease and is overtaken finds the row at attempt n + 1 and records nothing.
import { sql } from 'kysely';
import type { CoreDb } from '../store/db.ts';
import { isPostgres } from '../store/dialect.ts';

export interface ClaimedDelivery {
  id: string;
  url: string;
  body: string;
  /** This attempt's number (1 for the first), sent as `chainbreak-attempt` and used as the fencing token. */
  attempts: number;
  created_at: number;
  retry_from: number | null;
}

export async function claimDue(db: CoreDb, claim: { node: string; now: number; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]> {
  const { node, now, leaseMs, limit } = claim;
  let candidates = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .limit(limit);
  if (isPostgres(db)) candidates = candidates.forUpdate().skipLocked();
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ claimed_by: node, claimed_until: now + leaseMs, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', candidates)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .returning(['id', 'url', 'body', 'attempts', 'created_at', 'retry_from'])
    .execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), created_at: Number(r.created_at), retry_from: r.retry_from == null ? null : Number(r.retry_from) }));
}

export type AttemptResult =
  | { status: 'delivered'; at: number }
  | { status: 'pending' | 'failed'; at: number; nextAttemptAt: number; error: string };

/** Records the attempt's result if this node still holds it; false when another node has taken the row over. */
export async function recordAttempt(db: CoreDb, node: string, delivery: ClaimedDelivery, result: AttemptResult): Promise<boolean> {
  const changes =
    result.status === 'delivered'
      ? { status: 'delivered', delivered_at: result.at, last_error: null }
      : { status: result.status, next_attempt_at: result.nextAttemptAt, last_error: result.error, dead_at: result.status === 'failed' ? result.at : null };
  const updated = await db
    .updateTable('webhook_deliveries')
    .set({ ...changes, claimed_by: null, claimed_until: null })
    .where('id', '=', delivery.id)
    .where('claimed_by', '=', node)
    .where('attempts', '=', delivery.attempts)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
