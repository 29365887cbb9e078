// Review queues over the core `cases` table. A claim is one conditional UPDATE: it only succeeds when the
// case is unclaimed or its claim has gone stale, so two moderators can never hold the same case.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { CasesTable } from '../../adapters/store/schema.ts';

export const DEFAULT_CLAIM_TTL_MS = 30 * 60 * 1000;

/** A row of the core `cases` table (src/adapters/store/schema.ts). */
export type CaseRow = CasesTable;

export interface CaseListFilter {
  tenant?: string | null;
  queue?: string;
  status?: 'open' | 'claimed' | 'closed' | 'active';
  limit?: number;
  offset?: number;
}

export type ClaimResult = { ok: true; case: CaseRow } | { ok: false; reason: 'not_found' | 'closed' | 'claimed_by_other'; claimedBy?: string | null };

export const VERDICTS = ['confirmed', 'false_positive', 'inconclusive'] as const;
export type Verdict = (typeof VERDICTS)[number];

export class CaseQueue {
  private readonly db: CoreDb;
  private readonly now: () => number;
  readonly claimTtlMs: number;

  constructor(db: CoreDb, options: { now?: () => number; claimTtlMs?: number } = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
    this.claimTtlMs = options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
  }

  async queues(tenant?: string | null): Promise<{ queue: string; open: number; claimed: number }[]> {
    let query = this.db
      .selectFrom('cases')
      .select(['queue', 'status'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['open', 'claimed'])
      .groupBy(['queue', 'status']);
    if (tenant) query = query.where('tenant', '=', tenant);
    const byQueue = new Map<string, { queue: string; open: number; claimed: number }>();
    for (const row of await query.execute()) {
      const entry = byQueue.get(row.queue) ?? { queue: row.queue, open: 0, claimed: 0 };
      if (row.status === 'open') entry.open += Number(row.n);
      else entry.claimed += Number(row.n);
      byQueue.set(row.queue, entry);
    }
    return [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue));
  }

  /** Most urgent first (priority 0 is the most urgent, as in the rules), then oldest; `active` means open or claimed. */
  async list(filter: CaseListFilter = {}): Promise<{ total: number; cases: CaseRow[] }> {
    let base = this.db.selectFrom('cases');
    if (filter.tenant) base = base.where('tenant', '=', filter.tenant);
    if (filter.queue) base = base.where('queue', '=', filter.queue);
    const status = filter.status ?? 'active';
    base = status === 'active' ? base.where('status', 'in', ['open', 'claimed']) : base.where('status', '=', status);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('priority', 'asc')
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(Math.min(filter.limit ?? 100, 20_000))
      .offset(filter.offset ?? 0)
      .execute();
    return { total: Number(total.n), cases: rows.map(normaliseCase) };
  }

  async get(id: string, tenant?: string | null): Promise<CaseRow | undefined> {
    let query = this.db.selectFrom('cases').selectAll().where('id', '=', id);
    if (tenant) query = query.where('tenant', '=', tenant);
    const row = await query.executeTakeFirst();
    return row ? normaliseCase(row) : undefined;
  }

  /** Claims the case for `user`; re-claiming one's own case refreshes the lock. */
  async claim(id: string, user: string, tenant?: string | null): Promise<ClaimResult> {
    const now = this.now();
    let update = this.db
      .updateTable('cases')
      .set({ status: 'claimed', claimed_by: user, claimed_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '!=', 'closed')
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', user), eb('claimed_at', '<', now - this.claimTtlMs)]));
    if (tenant) update = update.where('tenant', '=', tenant);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return { ok: true, case: (await this.get(id))! };
    const current = await this.get(id, tenant);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.status === 'closed') return { ok: false, reason: 'closed' };
    return { ok: false, reason: 'claimed_by_other', claimedBy: current.claimed_by };
  }

  /** Releases the claim only if `user` holds it. */
  async release(id: string, user: string, tenant?: string | null): Promise<boolean> {
    let update = this.db
      .updateTable('cases')
      .set({ status: 'open', claimed_by: null, claimed_at: null, updated_at: this.now() })
      .where('id', '=', id)
      .where('claimed_by', '=', user)
      .where('status', '=', 'claimed');
    if (tenant) update = update.where('tenant', '=', tenant);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Hands an open or claimed case to `to` (a lead's decision; whoever held it loses the claim). */
  async reassign(id: string, to: string, tenant?: string | null): Promise<boolean> {
    const now = this.now();
    let update = this.db.updateTable('cases').set({ status: 'claimed', claimed_by: to, claimed_at: now, updated_at: now }).where('id', '=', id).where('status', '!=', 'closed');
    if (tenant) update = update.where('tenant', '=', tenant);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** True when `user` holds a live claim on the case (actions on a case require it). */
  async holds(id: string, user: string): Promise<boolean> {
    const row = await this.get(id);
    return !!row && row.status === 'claimed' && row.claimed_by === user && (row.claimed_at ?? 0) >= this.now() - this.claimTtlMs;
  }

  /** Closes a case the user holds, recording the moderator's verdict for false-positive feedback. */
  async close(id: string, user: string, verdict: Verdict): Promise<boolean> {
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('cases')
        .set({ status: 'closed', outcome: verdict, updated_at: now })
        .where('id', '=', id)
        .where('claimed_by', '=', user)
        .where('status', '=', 'claimed')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      const row = await trx.selectFrom('cases').select(['tenant', 'queue']).where('id', '=', id).executeTakeFirstOrThrow();
      await trx.deleteFrom('console_case_verdicts').where('case_id', '=', id).execute();
      await trx
        .insertInto('console_case_verdicts')
        .values({ case_id: id, tenant: row.tenant, queue: row.queue, verdict, actor: user, time: now })
        .execute();
      return true;
    });
  }
}

export function normaliseCase(row: CaseRow): CaseRow {
  return {
    ...row,
    priority: Number(row.priority),
    claimed_at: row.claimed_at == null ? null : Number(row.claimed_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}
