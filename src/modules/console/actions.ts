// Moderator actions on a case: the same action set as the rules, each with a required reason, each
// recorded as enforcement rows and as an audit entry. Acting on a case requires holding its claim.
import { createHash, randomBytes } from 'node:crypto';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { AuditLog } from './audit.ts';
import type { ConsoleUser } from './auth.ts';
import type { CaseQueue, CaseRow } from './queue.ts';
import type { EnforcementNotifier, RingReader } from './ports.ts';
import { CASE_ACTION_ROLES } from './permissions.ts';
import type { RingBanService } from './ring-bans.ts';

export const CASE_ACTIONS = [
  'warn_recipient',
  'hold_link',
  'hide_social_graph',
  'restrict_account',
  'ban_ring',
  'preserve_evidence',
  'export_case',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Which roles may take which action: investigators export and preserve, moderators act on accounts. */
export const ACTION_ROLES: Record<CaseAction, readonly string[]> = CASE_ACTION_ROLES;

export class ActionError extends Error {
  readonly code: 'forbidden' | 'not_claimed' | 'not_found' | 'invalid';
  constructor(code: ActionError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface ActionResult {
  action: CaseAction;
  accounts: string[];
  ringId: string | null;
  auditSeq: number;
  /** Set by a ring ban: the ban (undo it by id) and the members' cases it closed. */
  banId?: string;
  closedCases?: string[];
  package?: CasePackage;
}

export interface CasePackage {
  format: 'chainbreak.case-package/1';
  exportedAt: string;
  exportedBy: string;
  case: CaseRow;
  content: Record<string, unknown>;
  sha256: string;
}

export interface ActionDeps {
  db: CoreDb;
  audit: AuditLog;
  queue: CaseQueue;
  rings?: RingReader;
  /** Ring bans that close the members' cases and can be undone; without it a ban only bans the accounts. */
  ringBans?: RingBanService;
  notify?: EnforcementNotifier;
  /** Builds the content of an exported case package (the case view); injected to avoid a cycle. */
  caseContent?: (caseRow: CaseRow) => Promise<Record<string, unknown>>;
  now?: () => number;
}

export class ActionService {
  private readonly deps: ActionDeps;
  private readonly now: () => number;

  constructor(deps: ActionDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /**
   * `options.plan` names a scheduled plan this action belongs to (src/modules/exchange/scheduler.ts): the claim was
   * checked when a claim holder scheduled it, so it is not required again when the step fires hours later.
   */
  async apply(user: ConsoleUser, caseId: string, action: CaseAction, reason: string, options: { plan?: { id: string; step: number } } = {}): Promise<ActionResult> {
    if (!(CASE_ACTIONS as readonly string[]).includes(action)) throw new ActionError('invalid', `unknown action "${action}"; expected one of ${CASE_ACTIONS.join(', ')}`);
    if (!reason.trim()) throw new ActionError('invalid', 'a reason is required for every action');
    if (!ACTION_ROLES[action].includes(user.role)) throw new ActionError('forbidden', `role ${user.role} may not ${action}`);
    const caseRow = await this.deps.queue.get(caseId, user.tenant);
    if (!caseRow) throw new ActionError('not_found', `no case ${caseId}`);
    const readOnly = action === 'export_case' || action === 'preserve_evidence';
    if (!readOnly && !options.plan && !(await this.deps.queue.holds(caseId, user.username))) {
      throw new ActionError('not_claimed', `claim case ${caseId} before acting on it`);
    }
    const { accounts, ringId } = await this.targets(caseRow, action);
    if (caseRow.status === 'closed' && !readOnly) throw new ActionError('invalid', `case ${caseId} is closed`);
    let casePackage: CasePackage | undefined;
    let ban: { banId: string; closedCases: string[] } | undefined;
    if (action === 'export_case') casePackage = await this.exportPackage(user, caseRow);
    else if (action === 'preserve_evidence') await this.preserve(caseRow);
    else if (action === 'ban_ring' && ringId && this.deps.ringBans) {
      const done = await this.deps.ringBans.ban(user, { tenant: caseRow.tenant, ringId, accounts, caseId: caseRow.id, reason });
      ban = { banId: done.id, closedCases: done.closedCases };
    } else await this.enforce(user, caseRow, action, accounts, ringId, reason);
    const entry = await this.deps.audit.append({
      actor: user.username,
      role: user.role,
      action,
      targetType: action === 'ban_ring' && ringId ? 'ring' : action === 'export_case' || action === 'preserve_evidence' ? 'case' : 'account',
      targetId: action === 'ban_ring' && ringId ? ringId : readOnly ? caseRow.id : accounts.join(','),
      caseId: caseRow.id,
      reason,
      details: { accounts, ringId, ...(ban ?? {}), ...(casePackage ? { packageSha256: casePackage.sha256 } : {}), ...(options.plan ? { planId: options.plan.id, planStep: options.plan.step } : {}) },
    });
    return { action, accounts, ringId, auditSeq: entry.seq, ...(ban ?? {}), ...(casePackage ? { package: casePackage } : {}) };
  }

  private async targets(caseRow: CaseRow, action: CaseAction): Promise<{ accounts: string[]; ringId: string | null }> {
    const suspect = caseRow.suspect_account;
    const victim = caseRow.victim_account;
    if (action === 'warn_recipient' || action === 'hide_social_graph') {
      if (!victim) throw new ActionError('invalid', `case ${caseRow.id} has no victim account to ${action}`);
      return { accounts: [victim], ringId: null };
    }
    if (action === 'ban_ring') {
      if (!suspect) throw new ActionError('invalid', `case ${caseRow.id} has no suspect account`);
      const ringId = (await this.deps.rings?.ringIdForAccount(caseRow.tenant, suspect)) ?? null;
      if (!ringId) return { accounts: [suspect], ringId: null };
      const graph = await this.deps.rings?.graph(caseRow.tenant, ringId);
      const members = graph?.nodes.filter((n) => n.kind === 'account').map((n) => n.label) ?? [];
      return { accounts: [...new Set([suspect, ...members])].sort(), ringId };
    }
    return { accounts: suspect ? [suspect] : [], ringId: null };
  }

  private async enforce(user: ConsoleUser, caseRow: CaseRow, action: CaseAction, accounts: string[], ringId: string | null, reason: string): Promise<void> {
    const time = this.now();
    const status = action === 'ban_ring' ? 'banned' : action === 'restrict_account' ? 'restricted' : undefined;
    await this.deps.db.transaction().execute(async (trx) => {
      for (const account of accounts) {
        await trx
          .insertInto('console_enforcements')
          .values({ id: randomBytes(12).toString('hex'), tenant: caseRow.tenant, case_id: caseRow.id, account, action, ring_id: ringId, actor: user.username, reason, time })
          .execute();
        if (status) await trx.updateTable('accounts').set({ status }).where('tenant', '=', caseRow.tenant).where('id', '=', account).execute();
      }
    });
    for (const account of accounts) {
      await this.deps.notify?.({ tenant: caseRow.tenant, account, action, caseId: caseRow.id, ringId, reason, actor: user.username });
    }
  }

  /** Marks every message of the conversation as evidence, so retention never drops its text. */
  private async preserve(caseRow: CaseRow): Promise<void> {
    await this.deps.db
      .updateTable('messages')
      .set({ evidence: 1 })
      .where('tenant', '=', caseRow.tenant)
      .where('conversation_id', '=', caseRow.conversation_id)
      .execute();
  }

  private async exportPackage(user: ConsoleUser, caseRow: CaseRow): Promise<CasePackage> {
    const content = (await this.deps.caseContent?.(caseRow)) ?? {};
    const body = { format: 'chainbreak.case-package/1' as const, exportedAt: new Date(this.now()).toISOString(), exportedBy: user.username, case: caseRow, content };
    const sha256 = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    return { ...body, sha256 };
  }

  async enforcementsForCase(caseId: string): Promise<{ account: string; action: string; actor: string; reason: string; time: number; ring_id: string | null }[]> {
    const rows = await this.deps.db.selectFrom('console_enforcements').selectAll().where('case_id', '=', caseId).orderBy('time', 'asc').execute();
    return rows.map((r) => ({ account: r.account, action: r.action, actor: r.actor, reason: r.reason, time: Number(r.time), ring_id: r.ring_id ?? null }));
  }
}
