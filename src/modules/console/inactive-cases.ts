// Closes cases whose attack went quiet. Nobody works the demo's queue, and on a real platform an attack that
// stopped (the suspect gave up, or the platform removed it) leaves its case open for ever unless somebody
// closes it: a queue that only grows hides today's attacks under last month's. A case that saw no new evidence
// for the quiet period is closed with outcome `no_activity` by `system`, one audited `close_case` each, and
// reopens by itself if the chain goes on (persist.ts reopens a closed case on an urgent review).
// Claimed cases are left alone: a moderator is working on them.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { AuditLog } from './audit.ts';

export const NO_ACTIVITY_OUTCOME = 'no_activity';

export interface InactiveCloseOptions {
  /** A case is quiet once this long passed since its last evidence (its `updated_at`). */
  quietForMs: number;
  tenant?: string | null;
  /** At most this many cases per sweep, so one sweep never holds the store for long (default 500). */
  limit?: number;
}

export class InactiveCases {
  private readonly db: CoreDb;
  private readonly audit: AuditLog;
  private readonly now: () => number;

  constructor(deps: { db: CoreDb; audit: AuditLog; now?: () => number }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.now = deps.now ?? Date.now;
  }

  /** Closes the open cases quiet for `quietForMs`; returns their ids. */
  async close(options: InactiveCloseOptions): Promise<string[]> {
    if (!Number.isFinite(options.quietForMs) || options.quietForMs <= 0) throw new Error(`quietForMs must be a positive number of milliseconds, got ${options.quietForMs}`);
    const now = this.now();
    const cutoff = now - options.quietForMs;
    let candidates = this.db.selectFrom('cases').select('id').where('status', '=', 'open').where('updated_at', '<', cutoff);
    if (options.tenant) candidates = candidates.where('tenant', '=', options.tenant);
    const ids = (await candidates.orderBy('updated_at').limit(options.limit ?? 500).execute()).map((r) => String(r.id));
    const closed: string[] = [];
    for (const id of ids) {
      // Conditional on the same facts as the selection: evidence or a claim that came in meanwhile wins.
      const result = await this.db
        .updateTable('cases')
        .set({ status: 'closed', outcome: NO_ACTIVITY_OUTCOME, claimed_by: null, claimed_at: null, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('updated_at', '<', cutoff)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) continue;
      try {
        await this.audit.append({
          actor: 'system',
          role: 'system',
          action: 'close_case',
          targetType: 'case',
          targetId: id,
          caseId: id,
          reason: `no activity: no new evidence for ${describeSpan(options.quietForMs)}`,
          details: { by: 'no_activity', quietForMs: options.quietForMs },
        });
      } catch (error) {
        // A close the audit log does not show must not stand: the case goes back to the queue.
        await this.db.updateTable('cases').set({ status: 'open', outcome: null }).where('id', '=', id).where('outcome', '=', NO_ACTIVITY_OUTCOME).execute();
        throw error;
      }
      closed.push(id);
    }
    return closed;
  }
}

function describeSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${Math.max(1, minutes)} min`;
  return `${Math.round(minutes / 60)} h`;
}
