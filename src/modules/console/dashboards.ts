// Dashboard figures: cases by stage, interception (attacks stopped before the app or threat stage),
// top rings, and false-positive feedback from moderator verdicts.
import type { Kysely } from 'kysely';
import { STAGES } from '../../core/signals.ts';
import type { RingReader, RingSummary } from './ports.ts';

/** A case "intercepted" never reached the app lure or the threat: the victim was protected in time. */
export const INTERCEPTED_STAGES = ['first_contact', 'escalation', 'offplatform'] as const;

export interface Dashboard {
  byStage: { stage: string; open: number; total: number }[];
  interception: { intercepted: number; total: number; share: number };
  topRings: RingSummary[];
  feedback: { queue: string; confirmed: number; falsePositive: number; inconclusive: number; falsePositiveRate: number }[];
}

export async function buildDashboard(db: Kysely<any>, rings: RingReader | undefined, tenant: string | null): Promise<Dashboard> {
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
  const total = byStage.filter((s) => s.stage !== 'unknown').reduce((sum, s) => sum + s.total, 0);
  const intercepted = byStage.filter((s) => (INTERCEPTED_STAGES as readonly string[]).includes(s.stage)).reduce((sum, s) => sum + s.total, 0);

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
    interception: { intercepted, total, share: total ? intercepted / total : 0 },
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
export async function rulePrecision(db: Kysely<any>, tenant: string | null): Promise<RulePrecision[]> {
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
