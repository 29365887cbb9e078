// The evidence the chain weighs (chain.ts): every weight and limit in one place, and the pieces a moderator
// reads — the account (age, scattershot contacting, photos, risk), ring links, the pace of the acts and how
// familiar the two people are. Pure functions over the states they are given.
import type { EngineEvent } from '../events.ts';
import type { Signal, Stage } from '../signals.ts';
import { accountRisk, type RiskProfile } from './risk.ts';
import type { AccountState, ChainAct, ConversationChain, ConversationState } from './state.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every weight and limit of the chain in one place (tuned on corpus/real/dev conversations only). */
export const CHAIN_WEIGHTS = {
  /** How much one act, at score 1, says on its own. */
  act: { escalation: 0.3, offplatform: 0.3, app_lure: 0.55, threat: 0.6, payment: 0.45 } as Record<Exclude<Stage, 'first_contact'>, number>,
  /** The acts came in the order crews run them (intimacy → move → install → threat → money). */
  typicalOrder: 0.15,
  /** The pattern's acts all came within `fastWindowMs`, and the first of them soon after the first message. */
  fastChain: 0.15,
  fastWindowMs: 24 * HOUR,
  fastFirstContactMs: 48 * HOUR,
  /** The sender opened this conversation less than `youngConversationMs` ago: a stranger's first contact. */
  coldOpener: 0.15,
  youngConversationMs: 3 * DAY,
  /** The sender opened the conversation and proposed the move within `quickMoveMs` of its first message:
   * crews push to video within minutes, before any rapport; weight falls linearly to 0 at the limit. */
  quickMove: 0.3,
  quickMoveMs: HOUR,
  newAccount: [
    { days: 1, weight: 0.4 },
    { days: 7, weight: 0.3 },
    { days: 30, weight: 0.1 },
  ],
  /** Account never described by the platform, first seen recently: less sure than a known creation date. */
  unknownAgeFactor: 0.5,
  /** Starting many conversations per day of account life, or the same opener to many people. */
  scattershot: 0.3,
  scattershotPerDay: 3,
  scattershotMinConversations: 4,
  repeatedOpenerRecipients: 3,
  photoReuse: 0.3,
  photoBankMatch: 0.45,
  /** The account-risk profile (risk.ts) adds in at this fraction, to avoid counting its factors twice. */
  riskShare: 0.5,
  /** Ring membership by the type of identifier shared: devices, phones and money are strong, handles less so. */
  ringVia: { device: 0.7, phone: 0.7, email: 0.6, payment_account: 0.75, crypto_wallet: 0.75, apk_signer: 0.8, photo_pdq: 0.5, messenger_handle: 0.4 } as Record<string, number>,
  ringDefault: 0.45,
  /** Familiarity: a long conversation both sides write in, with an old account, damps everything. */
  establishedConversationMs: 7 * DAY,
  establishedReplies: 5,
  establishedConversation: 0.55,
  oldAccountDays: 180,
  oldAccount: 0.3,
  /** The other person opened the conversation and has been writing back. */
  counterpartOpened: 0.2,
  maxFamiliarity: 0.8,
};


export type Act = Exclude<Stage, 'first_contact'>;

export interface ChainInput {
  event: EngineEvent;
  time: number;
  /** The account the event is about (the sender of a message, the reported account of a report). */
  subject: string | null;
  conversation: ConversationState | null;
  /** The subject's account state. */
  account: AccountState | null;
  /** The event's signals so far (detectors, rings), after the conversation's stages were recorded. */
  signals: readonly Signal[];
  /** The subject's risk profile when the caller already has it (chainSignals changes nothing it reads). */
  risk?: RiskProfile | null;
}

export interface Evidence {
  code: string;
  weight: number;
  message: string;
  evidence?: Record<string, unknown>;
}

/** A chain run within hours of the first message is how crews work; friends take weeks to get there. */
export function tempo(conversation: ConversationState, acts: ChainAct[], share = 1): Evidence[] {
  if (acts.length < 2) return [];
  const firsts = acts.map((a) => a.first);
  const start = conversation.stages.first_contact?.first ?? conversation.firstSeen;
  const span = Math.max(...firsts) - Math.min(...firsts);
  const fromContact = Math.min(...firsts) - start;
  if (span > CHAIN_WEIGHTS.fastWindowMs || fromContact > CHAIN_WEIGHTS.fastFirstContactMs) return [];
  return [
    {
      code: 'fast_chain',
      weight: CHAIN_WEIGHTS.fastChain * share,
      message: `the acts came within ${duration(span)}, starting ${duration(fromContact)} after the first message`,
      evidence: { span_ms: span, since_first_contact_ms: fromContact },
    },
  ];
}

/** A stranger who opens a conversation and asks to move it elsewhere within the hour: the crews' pace. */
export function quickMove(conversation: ConversationState, chain: ConversationChain, subject: string, act: ChainAct): Evidence[] {
  if (chain.openedBy !== subject) return [];
  const since = act.first - (conversation.stages.first_contact?.first ?? conversation.firstSeen);
  if (since < 0 || since >= CHAIN_WEIGHTS.quickMoveMs) return [];
  return [
    {
      code: 'quick_move',
      // Only a clear proposal counts: a mention of a video call in passing (a low act score) is no request.
      weight: CHAIN_WEIGHTS.quickMove * (1 - since / CHAIN_WEIGHTS.quickMoveMs) * Math.max(0, (act.score - 0.5) / 0.5),
      message: `${subject} opened this conversation and asked to move it ${duration(since)} after the first message`,
      evidence: { since_first_contact_ms: since },
    },
  ];
}

/** What makes the sender and this conversation suspicious, whatever the acts. */
export function contextEvidence(input: ChainInput, chain: ConversationChain | null, ring: Evidence | null): Evidence[] {
  const { account, conversation, subject, time } = input;
  const items: Evidence[] = [];
  if (account) {
    items.push(...ageEvidence(account, time));
    items.push(...scattershotEvidence(account, time));
    const photo = account.chainProfile?.photoFlag;
    if (photo) {
      items.push({
        code: photo.kind === 'photo.bank_match' ? 'photo_bank_match' : 'photo_reused',
        weight: (photo.kind === 'photo.bank_match' ? CHAIN_WEIGHTS.photoBankMatch : CHAIN_WEIGHTS.photoReuse) * photo.score,
        message: photo.kind === 'photo.bank_match' ? 'profile photos match a bank of scam photos' : 'profile photos are reused by other accounts',
        evidence: { ...photo },
      });
    }
    const risk = input.risk ?? accountRisk(account, time);
    const counted = new Set(['new_account', 'repeated_opener', 'linked_to_ring']);
    const rest = risk.reasons.filter((r) => !counted.has(r.code));
    if (rest.length) {
      let remaining = 1;
      for (const reason of rest) remaining *= 1 - Number(reason.evidence?.weight ?? 0);
      items.push({
        code: 'account_risk',
        weight: (1 - remaining) * CHAIN_WEIGHTS.riskShare,
        message: `account risk: ${rest.map((r) => r.message).join('; ')}`,
        evidence: { factors: rest.map((r) => r.code) },
      });
    }
  }
  if (ring) items.push(ring);
  if (conversation && chain && chain.openedBy === subject && time - conversation.firstSeen <= CHAIN_WEIGHTS.youngConversationMs) {
    items.push({
      code: 'cold_opener',
      weight: CHAIN_WEIGHTS.coldOpener,
      message: `${subject} opened this conversation ${duration(time - conversation.firstSeen)} ago`,
    });
  }
  return items;
}

/** The ring link of this event, weighted by what ties the account to the crew. */
export function ringItem(signals: readonly Signal[]): Evidence | null {
  const member = signals.find((s) => s.kind === 'ring.member');
  if (!member) return null;
  const via = (member.reasons[0]?.evidence as { via?: { type?: string; value?: string } } | undefined)?.via;
  const weight = (via?.type ? CHAIN_WEIGHTS.ringVia[via.type] : undefined) ?? CHAIN_WEIGHTS.ringDefault;
  return {
    code: 'ring_member',
    weight: weight * member.score,
    message: `linked to a crew${via?.type ? ` through ${via.type} ${via.value ?? ''}`.trimEnd() : ''}`,
    evidence: { score: member.score, via: via ?? null },
  };
}

function ageEvidence(account: AccountState, time: number): Evidence[] {
  const known = account.createdAt !== null;
  const ageDays = Math.max(0, (time - (account.createdAt ?? account.firstSeen)) / DAY);
  const band = CHAIN_WEIGHTS.newAccount.find((b) => ageDays < b.days);
  if (!band) return [];
  return [
    {
      code: known ? 'new_account' : 'recently_seen_account',
      weight: band.weight * (known ? 1 : CHAIN_WEIGHTS.unknownAgeFactor),
      message: known ? `the account is ${ageDays.toFixed(1)} days old` : `the account was first seen ${ageDays.toFixed(1)} days ago (no creation date)`,
      evidence: { age_days: Math.round(ageDays * 100) / 100, creation_known: known },
    },
  ];
}

function scattershotEvidence(account: AccountState, time: number): Evidence[] {
  const ageDays = Math.max(1, (time - (account.createdAt ?? account.firstSeen)) / DAY);
  const perDay = account.conversationsStarted / ageDays;
  const openerReach = Math.max(0, ...Object.values(account.openers).map((r) => r.length));
  const manyStarts = account.conversationsStarted >= CHAIN_WEIGHTS.scattershotMinConversations && perDay >= CHAIN_WEIGHTS.scattershotPerDay;
  if (!manyStarts && openerReach < CHAIN_WEIGHTS.repeatedOpenerRecipients) return [];
  const parts = [
    manyStarts ? `${account.conversationsStarted} conversations started (${perDay.toFixed(1)} a day)` : '',
    openerReach >= CHAIN_WEIGHTS.repeatedOpenerRecipients ? `the same opening message to ${openerReach} people` : '',
  ].filter(Boolean);
  return [
    {
      code: 'scattershot',
      weight: CHAIN_WEIGHTS.scattershot,
      message: `scattershot contacting: ${parts.join(', ')}`,
      evidence: { conversations_started: account.conversationsStarted, per_day: Math.round(perDay * 10) / 10, opener_recipients: openerReach },
    },
  ];
}

/**
 * How much this looks like people who know each other: a conversation that ran for a week with the
 * other side writing back before the sender's first act, an old account, the other side having
 * opened. Reports cancel it: a reported account gets no benefit of the doubt (a ring link does not:
 * one shared handle is weak, and the ring's own weight already counts).
 */
export function familiarityOf(input: ChainInput, chain: ConversationChain | null, mine: Partial<Record<Stage, ChainAct>> | null): Evidence[] {
  const { account, conversation, subject, time } = input;
  if (!subject || (account && account.reports.count > 0)) return [];
  const items: Evidence[] = [];
  if (account?.createdAt != null && time - account.createdAt >= CHAIN_WEIGHTS.oldAccountDays * DAY) {
    items.push({ code: 'old_account', weight: CHAIN_WEIGHTS.oldAccount, message: `the account is ${Math.floor((time - account.createdAt) / DAY)} days old` });
  }
  if (!conversation || !chain) return items;
  const acts = Object.values(mine ?? {});
  const firstAct = acts.length ? Math.min(...acts.map((a) => a!.first)) : time;
  const others = Object.entries(chain.messagesBy).filter(([id]) => id !== subject);
  const replies = others.reduce((n, [, m]) => n + m.count, 0);
  const talkedFor = firstAct - conversation.firstSeen;
  if (talkedFor >= CHAIN_WEIGHTS.establishedConversationMs && replies >= CHAIN_WEIGHTS.establishedReplies) {
    items.push({
      code: 'established_conversation',
      weight: CHAIN_WEIGHTS.establishedConversation,
      message: `the two had talked for ${duration(talkedFor)} before this, with ${replies} replies from the other side`,
    });
  }
  if (chain.openedBy && chain.openedBy !== subject && replies >= 2) {
    items.push({ code: 'counterpart_opened', weight: CHAIN_WEIGHTS.counterpartOpened, message: `${chain.openedBy} opened the conversation` });
  }
  return items;
}

export const STAGE_PHRASES: Record<Act, string> = {
  escalation: 'sexual escalation',
  offplatform: 'a move to another app or a video call',
  app_lure: 'a push to install an app',
  threat: 'a threat to expose',
  payment: 'a payment demand',
};

export function duration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < 2 * DAY) return `${(abs / HOUR).toFixed(1)} h`;
  return `${(abs / DAY).toFixed(1)} days`;
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

