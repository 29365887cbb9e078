// Victim-safe enforcement plans. Banning an extortionist mid-extortion can make them release the material or
// move to another account to keep threatening, so the order matters: preserve the evidence and hide the
// victim's social graph from the crew first, warn the victim, and only then ban the whole ring at once, at a
// time the moderator chose (after the victim is safe, before a payment deadline). Pure: checks and builds the
// steps; scheduler.ts stores and fires them.
import { CASE_ACTIONS, type CaseAction } from '../console/actions.ts';

export interface PlanStep {
  action: CaseAction;
  /** Epoch milliseconds. */
  at: number;
  /** Why this step, at this time: recorded with the plan in the audit trail. */
  why: string;
}

export interface PlanInput {
  /** When the ring is banned (epoch ms); omit for a plan without a ban. */
  banAt?: number;
  /** When the protective steps run (default now). */
  protectAt?: number;
  /** Warn the victim (default true). */
  warnVictim?: boolean;
  /** Extra steps, e.g. `restrict_account` of the suspect some hours before the ring ban. */
  extra?: PlanStep[];
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

const PROTECTIVE: readonly CaseAction[] = ['preserve_evidence', 'hide_social_graph'];
/** Plans are for the coming weeks, not years: a ban scheduled far out is almost certainly a typo. */
const MAX_HORIZON_MS = 90 * 86_400_000;

/** The default victim-safe plan: protect now, warn, ban the ring at `banAt`. */
export function victimSafePlan(input: PlanInput, now: number): PlanStep[] {
  const protectAt = input.protectAt ?? now;
  const steps: PlanStep[] = [
    { action: 'preserve_evidence', at: protectAt, why: 'keep the conversation and media as evidence before anyone reacts to enforcement' },
    { action: 'hide_social_graph', at: protectAt, why: "hide the victim's friends and followers from the crew so the threat to send the video to them loses its reach" },
  ];
  if (input.warnVictim !== false) {
    steps.push({ action: 'warn_recipient', at: protectAt, why: 'tell the victim it is a known scam, not to pay, and that help is available, before the crew is cut off' });
  }
  steps.push(...(input.extra ?? []));
  if (input.banAt !== undefined) {
    steps.push({ action: 'ban_ring', at: input.banAt, why: 'ban every account of the ring at the same moment, so no member is left to carry out the threat' });
  }
  return checkPlan(steps, now);
}

/**
 * Checks a plan (built here or given by a moderator): known actions, times in the future window, and the
 * victim-safety order — a ban only after the evidence is preserved and the victim's graph is hidden.
 * Returns the steps sorted by time, the ban last among equal times.
 */
export function checkPlan(steps: readonly PlanStep[], now: number): PlanStep[] {
  if (!Array.isArray(steps) || steps.length === 0) throw new PlanError('a plan needs at least one step');
  if (steps.length > 20) throw new PlanError('a plan has at most 20 steps');
  for (const [i, step] of steps.entries()) {
    if (!(CASE_ACTIONS as readonly string[]).includes(step.action)) throw new PlanError(`step ${i + 1}: unknown action "${step.action}"; expected one of ${CASE_ACTIONS.join(', ')}`);
    if (step.action === 'export_case') throw new PlanError(`step ${i + 1}: export_case is done by hand, not scheduled`);
    if (!Number.isFinite(step.at)) throw new PlanError(`step ${i + 1}: "at" must be a time`);
    if (step.at < now - 60_000) throw new PlanError(`step ${i + 1} (${step.action}) is in the past (${new Date(step.at).toISOString()})`);
    if (step.at > now + MAX_HORIZON_MS) throw new PlanError(`step ${i + 1} (${step.action}) is more than 90 days ahead`);
    if (typeof step.why !== 'string' || !step.why.trim()) throw new PlanError(`step ${i + 1} (${step.action}) needs a reason`);
  }
  const sorted = [...steps].sort((a, b) => a.at - b.at || rank(a.action) - rank(b.action));
  const bans = sorted.filter((s) => s.action === 'ban_ring');
  for (const ban of bans) {
    for (const needed of PROTECTIVE) {
      const before = sorted.find((s) => s.action === needed && s.at <= ban.at);
      if (!before) throw new PlanError(`${ban.action} at ${new Date(ban.at).toISOString()} needs ${needed} at or before it (victim safety: protect first, then ban)`);
    }
  }
  if (sorted.filter((s) => s.action === 'ban_ring').length > 1) throw new PlanError('a plan bans the ring once');
  return sorted;
}

/** Among steps at the same time, protective ones run first and the ban last. */
function rank(action: CaseAction): number {
  if (action === 'preserve_evidence') return 0;
  if (action === 'hide_social_graph') return 1;
  if (action === 'ban_ring') return 9;
  if (action === 'restrict_account') return 8;
  return 5;
}
