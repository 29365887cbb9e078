// Stores victim-safe enforcement plans and fires each step once, at its time, through the console's
// ActionService (so a scheduled ban is recorded exactly like a moderator's: enforcement rows, account status,
// webhooks, audit entry). Steps live in the database, so a restart neither loses nor repeats them: a step is
// claimed by one conditional UPDATE (pending → running) before it runs, which only one process can win.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import { ACTION_ROLES, type ActionResult, type ActionService, type CaseAction } from '../console/actions.ts';
import type { AuditLog } from '../console/audit.ts';
import type { ConsoleUser } from '../console/auth.ts';
import type { CaseQueue } from '../console/queue.ts';
import { checkPlan, PlanError, type PlanStep } from './enforcement-plan.ts';
import type { ExchangeTables } from './migration.ts';

export interface SchedulerDeps {
  db: CoreDb;
  audit: AuditLog;
  queue: CaseQueue;
  actions: Pick<ActionService, 'apply'>;
  now?: () => number;
}

export interface ScheduledStep {
  id: string;
  planId: string;
  caseId: string;
  step: number;
  action: CaseAction;
  runAt: number;
  status: 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  actor: string;
  reason: string;
  firedAt: number | null;
  result: unknown;
}

export interface FiredStep {
  id: string;
  planId: string;
  action: CaseAction;
  ok: boolean;
  result?: ActionResult;
  error?: string;
}

export class ActionScheduler {
  private readonly db: CoreDb;
  private readonly deps: SchedulerDeps;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FiredStep[]> | undefined;

  constructor(deps: SchedulerDeps) {
    this.db = deps.db;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /** Schedules a plan on a case the user holds; the whole plan and each step's reason go to the audit trail. */
  async schedule(user: ConsoleUser, caseId: string, steps: PlanStep[], reason: string): Promise<{ planId: string; steps: ScheduledStep[]; auditSeq: number }> {
    if (!reason?.trim()) throw new PlanError('a plan needs a reason');
    const now = this.now();
    const plan = checkPlan(steps, now);
    for (const step of plan) {
      if (!ACTION_ROLES[step.action].includes(user.role)) throw new PlanError(`role ${user.role} may not schedule ${step.action}`);
    }
    const caseRow = await this.deps.queue.get(caseId, user.tenant);
    if (!caseRow) throw new PlanError(`no case ${caseId}`);
    if (!(await this.deps.queue.holds(caseId, user.username))) throw new PlanError(`claim case ${caseId} before scheduling actions on it`);
    const planId = randomUUID();
    const rows = plan.map((step, i) => ({
      id: randomUUID(),
      plan_id: planId,
      tenant: caseRow.tenant,
      case_id: caseId,
      step: i + 1,
      action: step.action,
      run_at: step.at,
      status: 'pending',
      actor: user.username,
      role: user.role,
      reason: `${reason.trim()} — ${step.why.trim()}`,
      created_at: now,
      fired_at: null,
      result: null,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) await trx.insertInto('exchange_scheduled_actions').values(row).execute();
    });
    const entry = await this.deps.audit.append({
      actor: user.username,
      role: user.role,
      action: 'schedule_plan',
      targetType: 'case',
      targetId: caseId,
      caseId,
      reason: reason.trim(),
      details: { planId, steps: plan.map((s, i) => ({ step: i + 1, action: s.action, at: new Date(s.at).toISOString(), why: s.why })) },
    });
    return { planId, steps: rows.map(fromRow), auditSeq: entry.seq };
  }

  /** Cancels the steps of a plan that have not fired yet. */
  async cancel(user: ConsoleUser, planId: string, reason: string): Promise<number> {
    if (!reason?.trim()) throw new PlanError('cancelling a plan needs a reason');
    const first = await this.db.selectFrom('exchange_scheduled_actions').select(['case_id', 'tenant']).where('plan_id', '=', planId).executeTakeFirst();
    if (!first || (user.tenant && first.tenant !== user.tenant)) throw new PlanError(`no plan ${planId}`);
    const result = await this.db.updateTable('exchange_scheduled_actions').set({ status: 'cancelled' }).where('plan_id', '=', planId).where('status', '=', 'pending').executeTakeFirst();
    const cancelled = Number(result.numUpdatedRows);
    await this.deps.audit.append({ actor: user.username, role: user.role, action: 'cancel_plan', targetType: 'case', targetId: first.case_id, caseId: first.case_id, reason: reason.trim(), details: { planId, cancelled } });
    return cancelled;
  }

  async stepsForCase(caseId: string): Promise<ScheduledStep[]> {
    const rows = await this.db.selectFrom('exchange_scheduled_actions').selectAll().where('case_id', '=', caseId).orderBy('run_at').orderBy('step').execute();
    return rows.map(fromRow);
  }

  /** Pending steps due at the current time, oldest first (for queue views). */
  async due(limit = 100): Promise<ScheduledStep[]> {
    const rows = await this.db.selectFrom('exchange_scheduled_actions').selectAll().where('status', '=', 'pending').where('run_at', '<=', this.now()).orderBy('run_at').orderBy('step').limit(limit).execute();
    return rows.map(fromRow);
  }

  /** Fires every due step once. Concurrent calls share one run. */
  runDue(): Promise<FiredStep[]> {
    this.running ??= this.fireDue().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Steps left `running` by a process that stopped mid-step are not re-run (a step fires at most once); they are
   * marked `interrupted` and audited so a moderator checks whether the action took effect.
   */
  async recoverInterrupted(): Promise<number> {
    const rows = await this.db.selectFrom('exchange_scheduled_actions').selectAll().where('status', '=', 'running').execute();
    for (const row of rows) {
      await this.db.updateTable('exchange_scheduled_actions').set({ status: 'interrupted' }).where('id', '=', row.id).where('status', '=', 'running').execute();
      await this.deps.audit.append({
        actor: 'scheduler',
        role: 'system',
        action: 'scheduled_action_interrupted',
        targetType: 'case',
        targetId: row.case_id,
        caseId: row.case_id,
        reason: `step ${row.step} (${row.action}) of plan ${row.plan_id} stopped while running; check whether it took effect`,
        details: { planId: row.plan_id, step: row.step, action: row.action },
      });
    }
    return rows.length;
  }

  /** Checks for due steps every `intervalMs` (default 15 s); steps missed while stopped fire on the first tick. */
  start(intervalMs = 15_000): void {
    if (this.timer) return;
    void this.recoverInterrupted().then(() => this.runDue()).catch(() => undefined);
    this.timer = setInterval(() => void this.runDue().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async fireDue(): Promise<FiredStep[]> {
    const fired: FiredStep[] = [];
    const due = await this.db.selectFrom('exchange_scheduled_actions').selectAll().where('status', '=', 'pending').where('run_at', '<=', this.now()).orderBy('run_at').orderBy('step').limit(500).execute();
    for (const row of due) {
      // An earlier step of the same plan that failed blocks the later ones: never ban before protecting.
      const blocked = await this.db.selectFrom('exchange_scheduled_actions').select('id').where('plan_id', '=', row.plan_id).where('step', '<', row.step).where('status', 'in', ['pending', 'running', 'failed', 'interrupted']).executeTakeFirst();
      if (blocked) continue;
      const claim = await this.db.updateTable('exchange_scheduled_actions').set({ status: 'running', fired_at: this.now() }).where('id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      const user: ConsoleUser = { id: `scheduler:${row.actor}`, username: row.actor, role: row.role as ConsoleUser['role'], tenant: row.tenant };
      try {
        const result = await this.deps.actions.apply(user, row.case_id, row.action as CaseAction, row.reason, { plan: { id: row.plan_id, step: row.step } });
        await this.db.updateTable('exchange_scheduled_actions').set({ status: 'done', result: JSON.stringify({ accounts: result.accounts, ringId: result.ringId, auditSeq: result.auditSeq }) }).where('id', '=', row.id).execute();
        fired.push({ id: row.id, planId: row.plan_id, action: row.action as CaseAction, ok: true, result });
      } catch (error) {
        const message = (error as Error).message;
        await this.db.updateTable('exchange_scheduled_actions').set({ status: 'failed', result: JSON.stringify({ error: message }) }).where('id', '=', row.id).execute();
        await this.deps.audit.append({
          actor: 'scheduler',
          role: 'system',
          action: 'scheduled_action_failed',
          targetType: 'case',
          targetId: row.case_id,
          caseId: row.case_id,
          reason: `step ${row.step} (${row.action}) of plan ${row.plan_id} failed: ${message}`,
          details: { planId: row.plan_id, step: row.step, action: row.action },
        });
        fired.push({ id: row.id, planId: row.plan_id, action: row.action as CaseAction, ok: false, error: message });
      }
    }
    return fired;
  }
}

function fromRow(row: ExchangeTables['exchange_scheduled_actions']): ScheduledStep {
  return {
    id: row.id,
    planId: row.plan_id,
    caseId: row.case_id,
    step: Number(row.step),
    action: row.action as CaseAction,
    runAt: Number(row.run_at),
    status: row.status as ScheduledStep['status'],
    actor: row.actor,
    reason: row.reason,
    firedAt: row.fired_at == null ? null : Number(row.fired_at),
    result: row.result ? JSON.parse(row.result) : null,
  };
}
