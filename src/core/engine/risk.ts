// An account's risk profile: each factor is a named reason with its weight, combined by noisy-OR
// (independent pieces of evidence each close part of the remaining gap to 1), so no single weak
// factor can make an account look certain and the moderator sees exactly what contributed.
import type { Reason } from '../signals.ts';
import type { AccountState } from './state.ts';

const DAY = 86_400_000;

export interface RiskFactor {
  code: string;
  weight: number;
  message: string;
  evidence: Record<string, unknown>;
}

export interface RiskProfile {
  score: number;
  reasons: Reason[];
}

export const RISK_LIMITS = {
  newAccountDays: 7,
  requestBurst: 20,
  requestWindowMs: DAY,
  lowAcceptanceMinRequests: 10,
  lowAcceptanceRate: 0.2,
  repeatedOpenerRecipients: 5,
  offplatformConversations: 3,
};

export function accountRisk(account: AccountState, now: number): RiskProfile {
  // One list, appended to (this runs for every event with a subject): the order is the factors' order below,
  // which the noisy-OR product and the reasons keep.
  const factors = profileFactors(account, now);
  for (const more of [behaviourFactors(account, now), reportFactors(account), linkFactors(account), chainFactors(account), statusFactors(account)]) {
    for (const factor of more) factors.push(factor);
  }
  let remaining = 1;
  for (const factor of factors) remaining *= 1 - factor.weight;
  return {
    score: Math.round((1 - remaining) * 1000) / 1000,
    reasons: factors.map((f) => ({ code: f.code, message: f.message, evidence: { ...f.evidence, weight: f.weight } })),
  };
}

function profileFactors(account: AccountState, now: number): RiskFactor[] {
  const factors: RiskFactor[] = [];
  const created = account.createdAt ?? account.firstSeen;
  // An event stamped before the account was created (a skewed clock, a bad import) counts as age zero.
  const ageDays = Math.max(0, (now - created) / DAY);
  if (ageDays < RISK_LIMITS.newAccountDays) {
    factors.push({
      code: 'new_account',
      weight: 0.15,
      message: `account is ${ageDays.toFixed(1)} days old`,
      evidence: { age_days: round(ageDays) },
    });
  }
  const { declaredCountry, observedCountry, completeness, photoCount } = account.profile;
  if (declaredCountry && observedCountry && declaredCountry !== observedCountry) {
    factors.push({
      code: 'location_mismatch',
      weight: 0.2,
      message: `declares ${declaredCountry} but connects from ${observedCountry}`,
      evidence: { declared: declaredCountry, observed: observedCountry },
    });
  }
  if (account.createdAt !== null && completeness < 0.4) {
    factors.push({
      code: 'thin_profile',
      weight: 0.05,
      message: `profile is ${Math.round(completeness * 100)}% complete with ${photoCount} photo(s)`,
      evidence: { completeness: round(completeness), photos: photoCount },
    });
  }
  return factors;
}

function behaviourFactors(account: AccountState, now: number): RiskFactor[] {
  const factors: RiskFactor[] = [];
  let recent = 0;
  for (const t of account.requestTimes) if (now - t <= RISK_LIMITS.requestWindowMs) recent++;
  if (recent >= RISK_LIMITS.requestBurst) {
    factors.push({
      code: 'request_burst',
      weight: 0.2,
      message: `${recent} friend/follow requests in the last 24 h`,
      evidence: { requests_24h: recent },
    });
  }
  const rate = account.requestsSent ? account.requestsAccepted / account.requestsSent : 1;
  if (account.requestsSent >= RISK_LIMITS.lowAcceptanceMinRequests && rate < RISK_LIMITS.lowAcceptanceRate) {
    factors.push({
      code: 'low_acceptance',
      weight: 0.1,
      message: `${Math.round(rate * 100)}% of ${account.requestsSent} requests accepted`,
      evidence: { sent: account.requestsSent, accepted: account.requestsAccepted },
    });
  }
  const [opener, recipients] = mostRepeatedOpener(account);
  if (recipients >= RISK_LIMITS.repeatedOpenerRecipients) {
    factors.push({
      code: 'repeated_opener',
      weight: 0.25,
      message: `the same opening message went to ${recipients} different people`,
      evidence: { fingerprint: opener, recipients },
    });
  }
  const offplatform = account.offplatformConversations.length;
  if (offplatform >= RISK_LIMITS.offplatformConversations) {
    factors.push({
      code: 'many_offplatform_moves',
      weight: 0.25,
      message: `moved ${offplatform} conversations to another app`,
      evidence: { conversations: offplatform },
    });
  }
  return factors;
}

function reportFactors(account: AccountState): RiskFactor[] {
  const { count, categories, reporters } = account.reports;
  if (count === 0) return [];
  const severe = (categories.sextortion ?? 0) + (categories.threat ?? 0);
  return [
    {
      code: severe ? 'reported_for_sextortion' : 'reported',
      weight: Math.min(0.6, (severe ? 0.3 : 0.1) * reporters.length),
      message: `reported ${count} time(s) by ${reporters.length} user(s)${severe ? ', for sextortion or threats' : ''}`,
      evidence: { reports: count, reporters: reporters.length, categories },
    },
  ];
}

const CHAIN_ACT_WEIGHTS = { threat: 0.5, app_lure: 0.35, payment: 0.3 } as const;
const CHAIN_ACT_WORDS = { threat: 'threatened to expose someone', app_lure: 'pushed an app install', payment: 'demanded or instructed a payment' } as const;

/** What the account itself did in conversations: a threat or an app push says more than any profile field. */
function chainFactors(account: AccountState): RiskFactor[] {
  const factors: RiskFactor[] = [];
  const acts = account.chainActs;
  if (!acts || acts.length === 0) return factors; // most accounts never did an act of the chain
  for (const stage of ['threat', 'app_lure', 'payment'] as const) {
    const conversations = [...new Set(acts.filter((a) => a.stage === stage).map((a) => a.conversation))];
    if (conversations.length === 0) continue;
    factors.push({
      code: `chain_${stage}`,
      weight: CHAIN_ACT_WEIGHTS[stage],
      message: `${CHAIN_ACT_WORDS[stage]} in ${conversations.length} conversation(s)`,
      evidence: { conversations: conversations.slice(0, 20), count: conversations.length },
    });
  }
  return factors;
}

function statusFactors(account: AccountState): RiskFactor[] {
  if (account.status === 'active') return [];
  return [
    {
      code: `account_${account.status}`,
      weight: account.status === 'banned' ? 0.8 : 0.5,
      message: `the account is ${account.status}`,
      evidence: { status: account.status },
    },
  ];
}

function linkFactors(account: AccountState): RiskFactor[] {
  if (!account.linkedToBad) return [];
  return [
    {
      code: 'linked_to_ring',
      weight: 0.5,
      message: `shares ${account.linkedToBad.via} with ring ${account.linkedToBad.ring}`,
      evidence: { ...account.linkedToBad },
    },
  ];
}

function mostRepeatedOpener(account: AccountState): [string | null, number] {
  let best: string | null = null;
  let count = 0;
  for (const [fingerprint, recipients] of Object.entries(account.openers)) {
    if (recipients.length > count) [best, count] = [fingerprint, recipients.length];
  }
  return [best, count];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
