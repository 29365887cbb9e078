// What the engine and moderators tell us about accounts (stages reached, money asked, bans, victims), and the ring
// profile built from it: members, identifiers, victims touched, stages, money, mule accounts and a risk score whose
// every part is a reason a moderator can read.
import { STAGES, type IdentifierType, type Reason, type Stage } from '../../core/signals.ts';
import type { RingGraph } from './graph.ts';
import { memberNames, ringIdentifiers, ringIdFor, type RingIdentifier } from './views.ts';

export const PAYMENT_TYPES: ReadonlySet<IdentifierType> = new Set(['payment_account', 'crypto_wallet', 'remittance_receiver']);

export function identKey(type: IdentifierType, value: string): string {
  return `${type}\u0000${value}`;
}

/** Per-tenant facts about accounts and payment identifiers, kept beside the graph. */
export class RingFacts {
  readonly stages = new Map<string, Map<Stage, number>>();
  readonly money = new Map<string, Map<string, number>>();
  readonly bad = new Map<string, string>();
  readonly victimsOfAccount = new Map<string, Set<string>>();
  readonly victimsOfPayment = new Map<string, Set<string>>();
  /** Bumped on every change, so ring profiles can be cached until a fact or a link changes. */
  version = 0;

  recordStage(account: string, stage: Stage, time: number): void {
    this.version++;
    const stages = this.stages.get(account) ?? new Map<Stage, number>();
    const known = stages.get(stage);
    if (known === undefined || time < known) stages.set(stage, time);
    this.stages.set(account, stages);
  }

  recordMoneyAsked(account: string, amount: number, currency: string): void {
    this.version++;
    const byCurrency = this.money.get(account) ?? new Map<string, number>();
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + amount);
    this.money.set(account, byCurrency);
  }

  markBad(account: string, reason: string): void {
    this.version++;
    this.bad.set(account, reason);
  }

  recordVictim(account: string, victim: string): void {
    this.version++;
    addTo(this.victimsOfAccount, account, victim);
  }

  /** Drops what is known of an account (before its stored facts are applied again: money adds up). */
  forget(account: string): void {
    this.version++;
    this.stages.delete(account);
    this.money.delete(account);
    this.bad.delete(account);
    this.victimsOfAccount.delete(account);
  }

  /** A victim was asked to pay, or paid, into this payment identifier. */
  recordPaymentVictim(type: IdentifierType, value: string, victim: string): void {
    this.version++;
    addTo(this.victimsOfPayment, identKey(type, value), victim);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

export interface MuleAccount {
  type: IdentifierType;
  value: string;
  victims: number;
}

export interface RingProfile {
  id: string;
  tenant: string;
  accounts: string[];
  identifiers: RingIdentifier[];
  firstSeen: string;
  lastSeen: string;
  victimsTouched: number;
  stagesReached: Stage[];
  moneyAsked: { currency: string; amount: number }[];
  badMembers: { account: string; reason: string }[];
  muleAccounts: MuleAccount[];
  score: number;
  reasons: Reason[];
}

export interface ProfileOptions {
  /** A payment identifier with at least this many distinct victims is a mule account. */
  muleMinVictims: number;
  nowMs: number;
  /**
   * Names the ring. Defaults to `ringIdFor` (smallest member name), which the live service still keys its ring
   * index on; `stableRingId` (views.ts) keeps the oldest id across growth and merges.
   */
  idOf?: (members: readonly number[]) => string;
}

export function buildProfile(tenant: string, graph: RingGraph, facts: RingFacts, members: readonly number[], options: ProfileOptions): RingProfile {
  const accounts = memberNames(graph, members);
  const identifiers = ringIdentifiers(graph, members, options.nowMs);
  const victims = new Set<string>();
  const stages = new Set<Stage>();
  const money = new Map<string, number>();
  const badMembers: { account: string; reason: string }[] = [];
  for (const account of accounts) {
    for (const v of facts.victimsOfAccount.get(account) ?? []) victims.add(v);
    for (const s of facts.stages.get(account)?.keys() ?? []) stages.add(s);
    for (const [currency, amount] of facts.money.get(account) ?? []) money.set(currency, (money.get(currency) ?? 0) + amount);
    const reason = facts.bad.get(account);
    if (reason !== undefined) badMembers.push({ account, reason });
  }
  const muleAccounts = mulesAmong(identifiers, facts, options.muleMinVictims);
  for (const mule of muleAccounts) for (const v of facts.victimsOfPayment.get(identKey(mule.type, mule.value)) ?? []) victims.add(v);
  const seen = identifiers.flatMap((i) => [i.firstSeen, i.lastSeen]).sort();
  const profile: RingProfile = {
    id: options.idOf ? options.idOf(members) : ringIdFor(tenant, accounts),
    tenant,
    accounts,
    identifiers,
    firstSeen: seen[0] ?? '',
    lastSeen: seen[seen.length - 1] ?? '',
    victimsTouched: victims.size,
    stagesReached: STAGES.filter((s) => stages.has(s)),
    moneyAsked: [...money].map(([currency, amount]) => ({ currency, amount })).sort((x, y) => (x.currency < y.currency ? -1 : 1)),
    badMembers,
    muleAccounts,
    score: 0,
    reasons: [],
  };
  const { score, reasons } = scoreRing(profile);
  profile.score = score;
  profile.reasons = reasons;
  return profile;
}

function mulesAmong(identifiers: readonly RingIdentifier[], facts: RingFacts, minVictims: number): MuleAccount[] {
  const out: MuleAccount[] = [];
  for (const { type, value } of identifiers) {
    if (!PAYMENT_TYPES.has(type)) continue;
    const victims = facts.victimsOfPayment.get(identKey(type, value))?.size ?? 0;
    if (victims >= minVictims) out.push({ type, value, victims });
  }
  return out;
}

/**
 * Noisy-OR of independent indications, each with a reason: score = 1 − Π(1 − wᵢ). Weights are judgement calls
 * from how the attack runs: a confirmed scammer or a threat/payment stage in the ring says far more than its size.
 */
export function scoreRing(p: Pick<RingProfile, 'accounts' | 'identifiers' | 'badMembers' | 'stagesReached' | 'victimsTouched' | 'muleAccounts' | 'moneyAsked'>): {
  score: number;
  reasons: Reason[];
} {
  const parts: { weight: number; reason: Reason }[] = [];
  const add = (weight: number, code: string, message: string, evidence?: Record<string, unknown>): void => {
    if (weight > 0) parts.push({ weight, reason: { code, message, ...(evidence ? { evidence } : {}) } });
  };
  add(Math.min(0.5, 0.1 * (p.accounts.length - 1)), 'ring_size', `${p.accounts.length} accounts share strong identifiers`);
  const linkTypes = new Set(p.identifiers.filter((i) => i.role === 'link').map((i) => i.type));
  if ([...linkTypes].some((t) => PAYMENT_TYPES.has(t))) add(0.3, 'shared_payment_identifier', 'members share a payment identifier');
  if (linkTypes.has('apk_signer') || linkTypes.has('domain')) add(0.3, 'shared_app_infrastructure', 'members share an APK signer or upload domain');
  if (p.badMembers.length > 0) add(0.7, 'known_bad_member', `${p.badMembers.length} member(s) confirmed as scammers`, { accounts: p.badMembers.map((b) => b.account) });
  const stageWeight: Partial<Record<Stage, number>> = { app_lure: 0.3, threat: 0.5, payment: 0.6 };
  for (const stage of p.stagesReached) {
    const w = stageWeight[stage];
    if (w) add(w, `stage_${stage}`, `a member reached the ${stage} stage`);
  }
  add(Math.min(0.5, 0.1 * p.victimsTouched), 'victims_touched', `${p.victimsTouched} distinct victims touched`);
  if (p.muleAccounts.length > 0) add(0.4, 'mule_accounts', `${p.muleAccounts.length} payment identifier(s) received from several victims`);
  if (p.moneyAsked.length > 0) add(0.2, 'money_asked', 'members asked for money', { moneyAsked: p.moneyAsked });
  const score = 1 - parts.reduce((keep, part) => keep * (1 - part.weight), 1);
  return { score: Math.round(score * 1000) / 1000, reasons: parts.map((part) => part.reason) };
}
