// Dashboard figures: cases by stage, interception (attacks whose target was warned before the app
// lure or the threat), first-contact-only cases on their own row, top rings, and moderator feedback.
import type { CoreDb } from '../../adapters/store/db.ts';
import { STAGES } from '../../core/signals.ts';
import type { RingReader, RingSummary } from './ports.ts';

/** Stages a warning must come before (or with) for the attack to count as intercepted. */
export const DANGER_STAGES = ['app_lure', 'threat'] as const;

export interface Dashboard {
  byStage: { stage: string; open: number; total: number }[];
  /** Attacks (cases that reached at least escalation) whose target was warned no later than the app lure or threat. */
  interception: { intercepted: number; total: number; share: number };
  /** Cases that never got past a first contact: not attacks yet, so outside the interception figure. */
  firstContactOnly: { open: number; total: number };
  topRings: RingSummary[];
  feedback: { queue: string; confirmed: number; falsePositive: number; inconclusive: number; falsePositiveRate: number }[];
}

export async function buildDashboard(db: CoreDb, rings: RingReader | undefined, tenant: string | null): Promise<Dashboard> {
  let stageQuery = db
    .selectFrom('cases')
    .select(['stage_max', 'status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['stage_max', 'status']);
  if (tenant) stageQuery = stageQuery.where('tenant', '=', tenant);
  const byStageMap = new Map<string, { stage: string; open: number; total: number }>();
  for (const row of await stageQuery.execute()) {
    const stage = row.stage_max ?? 'unknown';
    const entry = byStageMap.get(stage) ?? { stage, open: 0, total: 0 };
    entry.total += Number(row.n);
    if (row.status !== 'closed') entry.open += Number(row.n);
    byStageMap.set(stage, entry);
  }
  const order = [...STAGES, 'unknown'] as string[];
  const byStage = [...byStageMap.values()].sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
  const firstContact = byStageMap.get('first_contact');
  const interception = await interceptionOf(db, tenant);

  let feedbackQuery = db
    .selectFrom('console_case_verdicts')
    .select(['queue', 'verdict'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['queue', 'verdict']);
  if (tenant) feedbackQuery = feedbackQuery.where('tenant', '=', tenant);
  const feedbackMap = new Map<string, Dashboard['feedback'][number]>();
  for (const row of await feedbackQuery.execute()) {
    const queue = row.queue ?? 'unknown';
    const entry = feedbackMap.get(queue) ?? { queue, confirmed: 0, falsePositive: 0, inconclusive: 0, falsePositiveRate: 0 };
    if (row.verdict === 'confirmed') entry.confirmed += Number(row.n);
    else if (row.verdict === 'false_positive') entry.falsePositive += Number(row.n);
    else entry.inconclusive += Number(row.n);
    feedbackMap.set(queue, entry);
  }
  const feedback = [...feedbackMap.values()].map((f) => {
    const decided = f.confirmed + f.falsePositive;
    return { ...f, falsePositiveRate: decided ? f.falsePositive / decided : 0 };
  });

  return {
    byStage,
    interception,
    firstContactOnly: { open: firstContact?.open ?? 0, total: firstContact?.total ?? 0 },
    topRings: rings ? await rings.topRings(tenant, 10) : [],
    feedback: feedback.sort((a, b) => a.queue.localeCompare(b.queue)),
  };
}

export interface RulePrecision {
  rule: string;
  confirmed: number;
  falsePositive: number;
  inconclusive: number;
  /** confirmed / (confirmed + false positive); null until a moderator has judged a case it fired on. */
  precision: number | null;
}

/** Moderator verdicts credited to every rule that acted in the case's conversation. */
export async function rulePrecision(db: CoreDb, tenant: string | null): Promise<RulePrecision[]> {
  let query = db
    .selectFrom('console_case_verdicts as v')
    .innerJoin('cases as c', 'c.id', 'v.case_id')
    .innerJoin('decisions as d', (join) => join.onRef('d.tenant', '=', 'c.tenant').onRef('d.conversation_id', '=', 'c.conversation_id'))
    .select(['v.case_id', 'v.verdict', 'd.actions'])
    .limit(200_000);
  if (tenant) query = query.where('v.tenant', '=', tenant);
  const rulesByCase = new Map<string, { verdict: string; rules: Set<string> }>();
  for (const row of await query.execute()) {
    const entry = rulesByCase.get(row.case_id) ?? { verdict: row.verdict, rules: new Set<string>() };
    try {
      for (const action of JSON.parse(row.actions) as { rule?: unknown }[]) if (typeof action?.rule === 'string') entry.rules.add(action.rule);
    } catch {
      // an unreadable stored decision credits no rule
    }
    rulesByCase.set(row.case_id, entry);
  }
  const byRule = new Map<string, RulePrecision>();
  for (const { verdict, rules } of rulesByCase.values()) {
    for (const rule of rules) {
      const r = byRule.get(rule) ?? { rule, confirmed: 0, falsePositive: 0, inconclusive: 0, precision: null };
      if (verdict === 'confirmed') r.confirmed++;
      else if (verdict === 'false_positive') r.falsePositive++;
      else r.inconclusive++;
      byRule.set(rule, r);
    }
  }
  return [...byRule.values()].map((r) => ({ ...r, precision: r.confirmed + r.falsePositive ? r.confirmed / (r.confirmed + r.falsePositive) : null })).sort((a, b) => a.rule.localeCompare(b.rule));
}

/**
 * Interception over attacks: a case whose conversation reached at least escalation is an attack; it is
 * intercepted when a warning to the target (a rule's or a moderator's warn_recipient) came no later
 * than the first app lure or threat (the warning decided on the lure message itself reaches the target
 * with the lure, before any install). An attack that never reached those stages counts as intercepted
 * only when a warning was sent.
 */
export async function interceptionOf(db: CoreDb, tenant: string | null): Promise<Dashboard['interception']> {
  const attackStages = STAGES.filter((s) => s !== 'first_contact');
  let casesQuery = db
    .selectFrom('cases')
    .innerJoin('conversations', (join) => join.onRef('conversations.tenant', '=', 'cases.tenant').onRef('conversations.id', '=', 'cases.conversation_id'))
    .select(['cases.tenant', 'cases.conversation_id', 'conversations.state'])
    .where('cases.stage_max', 'in', attackStages);
  if (tenant) casesQuery = casesQuery.where('cases.tenant', '=', tenant);
  const attacks = new Map<string, number>();
  for (const row of await casesQuery.execute()) {
    const key = `${row.tenant}\u0000${row.conversation_id}`;
    if (attacks.has(key)) continue;
    let stages: Record<string, { first?: number }> = {};
    try {
      stages = JSON.parse(row.state)?.stages ?? {};
    } catch {
      // unreadable state: no danger stage known
    }
    const danger = Math.min(...DANGER_STAGES.map((s) => Number(stages[s]?.first ?? Infinity)));
    attacks.set(key, danger);
  }
  let warningsQuery = db
    .selectFrom('decisions')
    .select(['tenant', 'conversation_id'])
    .select((eb) => eb.fn.min('time').as('first'))
    .where('actions', 'like', '%"warn_recipient"%')
    .where('conversation_id', 'is not', null)
    .groupBy(['tenant', 'conversation_id']);
  if (tenant) warningsQuery = warningsQuery.where('tenant', '=', tenant);
  const warned = new Map<string, number>();
  for (const row of await warningsQuery.execute()) warned.set(`${row.tenant}\u0000${row.conversation_id}`, Number(row.first));
  let manualQuery = db
    .selectFrom('console_enforcements')
    .innerJoin('cases', 'cases.id', 'console_enforcements.case_id')
    .select(['cases.tenant', 'cases.conversation_id'])
    .select((eb) => eb.fn.min('console_enforcements.time').as('first'))
    .where('console_enforcements.action', '=', 'warn_recipient')
    .groupBy(['cases.tenant', 'cases.conversation_id']);
  if (tenant) manualQuery = manualQuery.where('cases.tenant', '=', tenant);
  for (const row of await manualQuery.execute()) {
    const key = `${row.tenant}\u0000${row.conversation_id}`;
    warned.set(key, Math.min(warned.get(key) ?? Infinity, Number(row.first)));
  }
  let intercepted = 0;
  for (const [key, danger] of attacks) {
    const warning = warned.get(key);
    if (warning !== undefined && warning <= danger) intercepted++;
  }
  return { intercepted, total: attacks.size, share: attacks.size ? intercepted / attacks.size : 0 };
}
