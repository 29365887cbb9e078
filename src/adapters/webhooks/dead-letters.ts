// Dead letters: deliveries the dispatcher gave up on (status `failed`) are kept, can be listed per
// tenant, and replayed: a replay makes them pending again with a fresh retry window. The dispatcher
// picks them up on its next poll, so the API and the console only touch the table.
import type { CoreDb } from '../store/db.ts';

export interface DeadLetter {
  id: string;
  tenant: string;
  url: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  dead_at: number | null;
}

export async function listDeadLetters(db: CoreDb, filter: { tenant?: string | null; limit?: number } = {}): Promise<DeadLetter[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .select(['id', 'tenant', 'url', 'attempts', 'last_error', 'created_at', 'dead_at'])
    .where('status', '=', 'failed');
  if (filter.tenant) query = query.where('tenant', '=', filter.tenant);
  const rows = await query.orderBy('created_at', 'desc').limit(Math.min(filter.limit ?? 100, 1000)).execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), created_at: Number(r.created_at), dead_at: r.dead_at === null ? null : Number(r.dead_at) }));
}

/**
 * Makes dead deliveries pending again (all of a tenant's, or the given ids within the tenant when one is
 * given). The attempt count restarts, so the backoff starts short again; returns how many were replayed.
 */
export async function replayDeadLetters(db: CoreDb, options: { ids?: readonly string[]; tenant?: string | null; now?: number }): Promise<number> {
  const now = options.now ?? Date.now();
  let query = db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, retry_from: now, dead_at: null })
    .where('status', '=', 'failed');
  if (options.tenant) query = query.where('tenant', '=', options.tenant);
  if (options.ids) {
    if (options.ids.length === 0) return 0;
    query = query.where('id', 'in', [...options.ids]);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
