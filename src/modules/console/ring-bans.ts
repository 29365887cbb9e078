// Banning a ring finishes the job: every member account is banned, the members' other open cases are
// closed with the ban's reason (each with its own audit entry), accounts that join the ring later are
// banned on sight, and the whole ban can be undone (restoring each account's earlier status and
// reopening the cases it closed) with an audit entry of its own.
import { randomBytes } from 'node:crypto';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { ConsoleRingBansTable } from './migration-work.ts';
import type { AuditLog } from './audit.ts';
import type { ConsoleUser } from './auth.ts';
import type { EnforcementNotifier, RingReader } from './ports.ts';

/** The outcome written on cases a ring ban closed; an undo reopens exactly these. */
export const RING_BAN_OUTCOME = 'ring_banned';
/** Who acts when an account that joins a banned ring is banned automatically. */
export const SYSTEM_ACTOR = { username: 'system', role: 'system' } as const;

export interface RingBan {
  id: string;
  tenant: string;
  ringId: string;
  caseId: string | null;
  /** Member accounts and their status before the ban. */
  accounts: Record<string, string>;
  closedCases: string[];
  actor: string;
  reason: string;
  time: number;
  undoneAt: number | null;
  undoneBy: string | null;
  undoReason: string | null;
}

export class RingBanError extends Error {
  readonly code: 'not_found' | 'already_undone';
  constructor(code: RingBanError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Active bans of one tenant, ring id → ban id; what the engine needs to flag a joiner synchronously. */
export type BannedRings = ReadonlyMap<string, string>;

/**
 * The ban that covers an account, from the ring the linker placed it in. Pure, for the engine: call it
 * with the account's ring after `Linker.observe` on the account's first event.
 */
export function bannedRingOf(ringId: string | null | undefined, banned: BannedRings | undefined): { ringId: string; banId: string } | undefined {
  if (!ringId || !banned) return undefined;
  const banId = banned.get(ringId);
  return banId ? { ringId, banId } : undefined;
}

export interface RingBanDeps {
  db: CoreDb;
  audit: AuditLog;
  rings?: RingReader;
  notify?: EnforcementNotifier;
  now?: () => number;
}

export class RingBanService {
  private readonly deps: RingBanDeps;
  private readonly now: () => number;
  private readonly active = new Map<string, Map<string, string>>();
  private loaded: Promise<void> | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(deps: RingBanDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /** Loads the active bans into memory (once); every ban and undo keeps the copy current. */
  load(): Promise<void> {
    return (this.loaded ??= (async () => {
      const rows = await this.deps.db.selectFrom('console_ring_bans').select(['id', 'tenant', 'ring_id']).where('undone_at', 'is', null).orderBy('time', 'asc').execute();
      for (const row of rows) this.tenantBans(row.tenant).set(row.ring_id, row.id);
    })());
  }

  /** A synchronous snapshot of a tenant's banned rings (after `load()`), for `bannedRingOf`. */
  banned(tenant: string): BannedRings {
    return this.active.get(tenant) ?? new Map();
  }

  async ban(user: Pick<ConsoleUser, 'username' | 'role'>, input: { tenant: string; ringId: string; accounts: string[]; caseId: string | null; reason: string }): Promise<RingBan> {
    await this.load();
    const id = randomBytes(12).toString('hex');
    const time = this.now();
    const { db } = this.deps;
    const result = await db.transaction().execute(async (trx) => {
      const prior: Record<string, string> = {};
      for (const account of input.accounts) {
        const row = await trx.selectFrom('accounts').select('status').where('tenant', '=', input.tenant).where('id', '=', account).executeTakeFirst();
        prior[account] = row?.status ?? 'active';
        await trx.updateTable('accounts').set({ status: 'banned' }).where('tenant', '=', input.tenant).where('id', '=', account).execute();
        await trx
          .insertInto('console_enforcements')
          .values({ id: randomBytes(12).toString('hex'), tenant: input.tenant, case_id: input.caseId, account, action: 'ban_ring', ring_id: input.ringId, actor: user.username, reason: input.reason, time })
          .execute();
      }
      // The case being worked stays with its moderator for a verdict; every other member case is done.
      let open = trx.selectFrom('cases').select('id').where('tenant', '=', input.tenant).where('status', 'in', ['open', 'claimed']).where('suspect_account', 'in', input.accounts.length ? input.accounts : ['']);
      if (input.caseId) open = open.where('id', '!=', input.caseId);
      const closed = (await open.orderBy('id').execute()).map((r) => r.id);
      if (closed.length) await trx.updateTable('cases').set({ status: 'closed', outcome: RING_BAN_OUTCOME, updated_at: time }).where('id', 'in', closed).execute();
      await trx
        .insertInto('console_ring_bans')
        .values({ id, tenant: input.tenant, ring_id: input.ringId, case_id: input.caseId, accounts: JSON.stringify(prior), closed_cases: JSON.stringify(closed), actor: user.username, reason: input.reason, time })
        .execute();
      return { prior, closed };
    });
    this.tenantBans(input.tenant).set(input.ringId, id);
    for (const caseId of result.closed) {
      await this.deps.audit.append({ actor: user.username, role: user.role, action: 'close_case', targetType: 'case', targetId: caseId, caseId, reason: input.reason, details: { by: 'ban_ring', banId: id, ringId: input.ringId } });
    }
    for (const account of input.accounts) await this.deps.notify?.({ tenant: input.tenant, account, action: 'ban_ring', caseId: input.caseId, ringId: input.ringId, reason: input.reason, actor: user.username });
    return (await this.get(id))!;
  }

  /** Undoes a ban: accounts still banned get their earlier status back, closed member cases reopen. */
  async undo(user: Pick<ConsoleUser, 'username' | 'role' | 'tenant'>, banId: string, reason: string): Promise<RingBan> {
    await this.load();
    const ban = await this.get(banId);
    if (!ban || (user.tenant && ban.tenant !== user.tenant)) throw new RingBanError('not_found', `no ring ban ${banId}`);
    if (ban.undoneAt) throw new RingBanError('already_undone', `ring ban ${banId} was undone by ${ban.undoneBy}`);
    const time = this.now();
    const reopened = await this.deps.db.transaction().execute(async (trx) => {
      for (const [account, status] of Object.entries(ban.accounts)) {
        await trx.updateTable('accounts').set({ status }).where('tenant', '=', ban.tenant).where('id', '=', account).where('status', '=', 'banned').execute();
        await trx
          .insertInto('console_enforcements')
          .values({ id: randomBytes(12).toString('hex'), tenant: ban.tenant, case_id: ban.caseId, account, action: 'undo_ban_ring', ring_id: ban.ringId, actor: user.username, reason, time })
          .execute();
      }
      const cases = ban.closedCases.length
        ? (await trx.selectFrom('cases').select('id').where('id', 'in', ban.closedCases).where('status', '=', 'closed').where('outcome', '=', RING_BAN_OUTCOME).execute()).map((r) => r.id)
        : [];
      if (cases.length) await trx.updateTable('cases').set({ status: 'open', outcome: null, claimed_by: null, claimed_at: null, updated_at: time }).where('id', 'in', cases).execute();
      await trx.updateTable('console_ring_bans').set({ undone_at: time, undone_by: user.username, undo_reason: reason }).where('id', '=', banId).execute();
      return cases;
    });
    if (this.banned(ban.tenant).get(ban.ringId) === banId) this.tenantBans(ban.tenant).delete(ban.ringId);
    await this.deps.audit.append({ actor: user.username, role: user.role, action: 'undo_ban_ring', targetType: 'ring', targetId: ban.ringId, caseId: ban.caseId ?? undefined, reason, details: { banId, accounts: Object.keys(ban.accounts), reopenedCases: reopened } });
    for (const account of Object.keys(ban.accounts)) await this.deps.notify?.({ tenant: ban.tenant, account, action: 'undo_ban_ring', caseId: ban.caseId, ringId: ban.ringId, reason, actor: user.username });
    return (await this.get(banId))!;
  }

  /**
   * The hook for an account's first event (and for sweeps): when its ring is banned and the account is
   * not yet covered, it is banned too, recorded as an enforcement and in the audit log by `system`.
   */
  async flagIfBanned(tenant: string, account: string): Promise<{ banId: string; ringId: string } | undefined> {
    await this.load();
    const ringId = await this.deps.rings?.ringIdForAccount(tenant, account);
    const hit = bannedRingOf(ringId, this.banned(tenant));
    if (!hit) return undefined;
    const ban = await this.get(hit.banId);
    if (!ban || account in ban.accounts) return undefined;
    const time = this.now();
    const reason = `joined ring ${hit.ringId}, banned by ${ban.actor}: ${ban.reason}`;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('accounts').select('status').where('tenant', '=', tenant).where('id', '=', account).executeTakeFirst();
      await trx.updateTable('accounts').set({ status: 'banned' }).where('tenant', '=', tenant).where('id', '=', account).execute();
      await trx
        .insertInto('console_enforcements')
        .values({ id: randomBytes(12).toString('hex'), tenant, case_id: null, account, action: 'ban_ring', ring_id: hit.ringId, actor: SYSTEM_ACTOR.username, reason, time })
        .execute();
      await trx.updateTable('console_ring_bans').set({ accounts: JSON.stringify({ ...ban.accounts, [account]: row?.status ?? 'active' }) }).where('id', '=', ban.id).execute();
    });
    await this.deps.audit.append({ actor: SYSTEM_ACTOR.username, role: SYSTEM_ACTOR.role, action: 'ban_ring_joiner', targetType: 'account', targetId: account, reason, details: { banId: ban.id, ringId: hit.ringId } });
    await this.deps.notify?.({ tenant, account, action: 'ban_ring', caseId: null, ringId: hit.ringId, reason, actor: SYSTEM_ACTOR.username });
    return hit;
  }

  /**
   * The first-event hook, called after each committed batch with the accounts it touched: an account that now
   * belongs to a banned ring is banned at once. The work runs after the batch, off the ingestion path (the ban
   * itself is written on the ingestion queue); `settled()` waits for it.
   */
  watch(accounts: readonly { tenant: string; account: string }[]): void {
    if (accounts.length === 0) return;
    this.pending = this.pending.then(() => this.flagMembers(accounts)).catch(() => undefined);
  }

  /** Resolves once every batch handed to `watch` so far has been checked. */
  settled(): Promise<void> {
    return this.pending.then(() => undefined);
  }

  private async flagMembers(accounts: readonly { tenant: string; account: string }[]): Promise<void> {
    await this.load();
    for (const { tenant, account } of accounts) {
      const bans = this.active.get(tenant);
      if (!bans?.size || account.startsWith('victim-report:')) continue;
      if (!bannedRingOf(await this.deps.rings?.ringIdForAccount(tenant, account), bans)) continue;
      await this.flagIfBanned(tenant, account);
    }
  }

  /** Bans members that joined a banned ring since the ban (for deployments without the first-event hook). */
  async sweep(): Promise<string[]> {
    await this.load();
    const flagged: string[] = [];
    for (const [tenant, bans] of this.active) {
      for (const ringId of [...bans.keys()]) {
        const graph = await this.deps.rings?.graph(tenant, ringId);
        for (const node of graph?.nodes ?? []) {
          if (node.kind === 'account' && !node.label.startsWith('victim-report:') && (await this.flagIfBanned(tenant, node.label))) flagged.push(node.label);
        }
      }
    }
    return flagged;
  }

  async get(id: string): Promise<RingBan | undefined> {
    const row = await this.deps.db.selectFrom('console_ring_bans').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(filter: { tenant?: string | null; ringId?: string; limit?: number } = {}): Promise<RingBan[]> {
    let query = this.deps.db.selectFrom('console_ring_bans').selectAll().orderBy('time', 'desc').limit(Math.min(filter.limit ?? 100, 1000));
    if (filter.tenant) query = query.where('tenant', '=', filter.tenant);
    if (filter.ringId) query = query.where('ring_id', '=', filter.ringId);
    return (await query.execute()).map(fromRow);
  }

  private tenantBans(tenant: string): Map<string, string> {
    let bans = this.active.get(tenant);
    if (!bans) this.active.set(tenant, (bans = new Map()));
    return bans;
  }
}

function fromRow(row: ConsoleRingBansTable): RingBan {
  return {
    id: row.id,
    tenant: row.tenant,
    ringId: row.ring_id,
    caseId: row.case_id ?? null,
    accounts: JSON.parse(row.accounts),
    closedCases: JSON.parse(row.closed_cases),
    actor: row.actor,
    reason: row.reason,
    time: Number(row.time),
    undoneAt: row.undone_at == null ? null : Number(row.undone_at),
    undoneBy: row.undone_by ?? null,
    undoReason: row.undo_reason ?? null,
  };
}
