// The conversation-level chain: per-message acts (a move to another app, sexual escalation, an install
// push, a threat, a payment demand) are weak alone — genuine friends propose video calls and share apps —
// but in a chain, from the account that started a young conversation, in the usual order, within hours,
// they are decisive. chainSignals() turns the conversation's acts plus what the engine knows about the
// sender (account age, scattershot contacting, reports, ring links, photo reuse) and about the
// relationship (how long the two have talked, who opened, whether the other side writes back) into
// `chain.*` signals whose reasons name every piece of evidence, so the rules can intervene and a
// moderator can read why. No I/O: it reads the states it is given and keeps its own small memory
// (who wrote, who did which act) inside them, like apply.ts does for the rest of the state.
import type { EngineEvent } from '../events.ts';
import type { Reason, Signal, Stage } from '../signals.ts';
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

type Act = Exclude<Stage, 'first_contact'>;

/**
 * How far one act counts with no earlier act of the chain from the same person: a lone payment talk or
 * video-call invite from a new account is what new members do too, so context alone rarely decides it.
 */
const CHAIN_WEIGHTS_ALONE: Record<Exclude<Act, 'escalation'>, number> = { offplatform: 0.85, app_lure: 0.8, threat: 1, payment: 0.7 };

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

interface Evidence {
  code: string;
  weight: number;
  message: string;
  evidence?: Record<string, unknown>;
}

/** The single-act chains: the act, the earlier acts that make it a chain, and how far it counts alone. */
const PATTERNS: { act: Act; phrase: string; after: Act[]; order: ((before: Act[]) => boolean) | null; orderMessage: string; alone: number }[] = [
  { act: 'offplatform', phrase: 'a move to another app or a video call', after: ['escalation'], order: null, orderMessage: '', alone: CHAIN_WEIGHTS_ALONE.offplatform },
  {
    act: 'app_lure',
    phrase: 'an app install is pushed',
    after: ['escalation', 'offplatform'],
    order: (before) => before.length > 0,
    orderMessage: 'the install push came after the move or the intimacy, as crews run it',
    alone: CHAIN_WEIGHTS_ALONE.app_lure,
  },
  {
    act: 'threat',
    phrase: 'a threat to expose',
    after: ['escalation', 'offplatform', 'app_lure'],
    order: (before) => before.length > 0,
    orderMessage: 'the threat followed the earlier acts of the chain',
    alone: CHAIN_WEIGHTS_ALONE.threat,
  },
  {
    act: 'payment',
    phrase: 'a payment demand',
    after: ['escalation', 'offplatform', 'app_lure', 'threat'],
    order: (before) => before.includes('threat'),
    orderMessage: 'the money was asked after a threat',
    alone: CHAIN_WEIGHTS_ALONE.payment,
  },
];

/** The `chain.*` signals for this event; also updates the chain memory in the given states. */
export function chainSignals(input: ChainInput): Signal[] {
  rememberProfile(input);
  const { conversation, subject, time } = input;
  if (!subject) return [];
  const acts = eventActs(input.signals); // once: the conversation's memory and this event's chain both read it
  const chain = conversation ? rememberConversation(conversation, input, acts) : null;
  const ring = ringItem(input.signals);
  const now = conversation && chain ? acts : NO_ACTS;
  // Most events carry no act and no ring link, so no chain signal: their context would be built for nothing.
  if (!ring && now.size === 0) return [];
  const context = contextEvidence(input, chain, ring);
  const out: Signal[] = [];
  if (ring) {
    // Ring membership alone is scored like an act: a crew's new account is decisive, an old friend linked
    // through one shared handle is not.
    const signal = scoreChain('chain.ring', 'linked to a crew', context, familiarityOf(input, chain, null), 1);
    if (signal) out.push(signal);
  }
  if (!conversation || !chain || now.size === 0) return out;
  const mine = chain.actsBy[subject] ?? {};
  const familiarity = familiarityOf(input, chain, mine);
  const actEvidence = (stage: Act) => actItem(stage, mine[stage]!, conversation, time);
  const emit = (kind: string, summary: string, items: Evidence[], alone: number) => {
    const signal = scoreChain(kind, summary, [...items, ...context], familiarity, alone);
    if (signal) out.push(signal);
  };

  if ((now.has('offplatform') || now.has('escalation')) && mine.offplatform && mine.escalation) {
    emit('chain.offplatform_escalation', 'sexual escalation and a move to another app or a video call from the same person', [
      actEvidence('escalation'),
      actEvidence('offplatform'),
      ...tempo(conversation, [mine.escalation, mine.offplatform]),
    ], 1);
  }
  for (const pattern of PATTERNS) {
    if (!now.has(pattern.act)) continue;
    const before = priorActs(mine, pattern.act, pattern.after);
    emit(`chain.${pattern.act}`, pattern.phrase + (before.length ? ` after ${before.map((s) => STAGE_PHRASES[s]).join(', ')}` : ''), [
      actEvidence(pattern.act),
      ...before.map(actEvidence),
      ...(pattern.order?.(before) ? [{ code: 'typical_order', weight: CHAIN_WEIGHTS.typicalOrder, message: pattern.orderMessage }] : []),
      ...tempo(conversation, [mine[pattern.act]!, ...before.map((s) => mine[s]!)]),
    ], before.length ? 1 : pattern.alone);
  }
  return out;
}

const NO_ACTS: ReadonlyMap<Act, number> = new Map();

/** Best score per attack stage among the event's signals (chain signals carry no stage, so never feed back). */
function eventActs(signals: readonly Signal[]): Map<Act, number> {
  const best = new Map<Act, number>();
  for (const signal of signals) {
    if (!signal.stage || signal.stage === 'first_contact' || signal.kind.startsWith('chain.')) continue;
    best.set(signal.stage, Math.max(best.get(signal.stage) ?? 0, signal.score));
  }
  return best;
}

function rememberProfile({ event, account, signals, time }: ChainInput): void {
  if (!account) return;
  account.chainProfile ??= { photoFlag: null, declaredAge: null };
  if (event.type === 'account.created' || event.type === 'account.updated') {
    if (event.account.age !== undefined) account.chainProfile.declaredAge = event.account.age;
  }
  for (const signal of signals) {
    if (signal.kind !== 'photo.bank_match' && signal.kind !== 'photo.reused') continue;
    const flag = account.chainProfile.photoFlag;
    if (!flag || signal.score > flag.score) account.chainProfile.photoFlag = { kind: signal.kind, score: signal.score, time };
  }
}

function rememberConversation(conversation: ConversationState, input: ChainInput, acts: ReadonlyMap<Act, number>): ConversationChain {
  const chain = (conversation.chain ??= { openedBy: null, messagesBy: {}, actsBy: {} });
  const { event, subject, time } = input;
  if (event.type === 'message.sent') {
    chain.openedBy ??= event.sender;
    const count = chain.messagesBy[event.sender];
    if (count) {
      count.count += 1;
      count.last = Math.max(count.last, time);
    } else if (Object.keys(chain.messagesBy).length < 50) {
      chain.messagesBy[event.sender] = { count: 1, first: time, last: time };
    }
  }
  if (!subject) return chain;
  for (const [stage, score] of acts) {
    const acts = (chain.actsBy[subject] ??= {});
    const act = acts[stage];
    if (act) {
      act.last = Math.max(act.last, time);
      act.score = Math.max(act.score, score);
      act.count += 1;
    } else if (Object.keys(chain.actsBy).length <= 50) {
      acts[stage] = { first: time, last: time, score, count: 1 };
    }
  }
  return chain;
}

/** The earlier acts of the chain this person did before `stage` (by first time), in chain order. */
function priorActs(mine: Partial<Record<Stage, ChainAct>>, stage: Act, candidates: Act[]): Act[] {
  const at = mine[stage]!.first;
  return candidates.filter((s) => mine[s] && mine[s]!.first <= at);
}

function actItem(stage: Act, act: ChainAct, conversation: ConversationState, time: number): Evidence {
  const since = act.first - (conversation.stages.first_contact?.first ?? conversation.firstSeen);
  return {
    code: `act_${stage}`,
    weight: CHAIN_WEIGHTS.act[stage] * act.score,
    message: `${STAGE_PHRASES[stage]} (score ${act.score.toFixed(2)}, ${act.first === time ? 'now' : `${duration(time - act.first)} ago`}, ${duration(since)} after the first message)`,
    evidence: { stage, score: act.score, first: new Date(act.first).toISOString(), since_first_contact_ms: since },
  };
}

/** A chain run within hours of the first message is how crews work; friends take weeks to get there. */
function tempo(conversation: ConversationState, acts: ChainAct[]): Evidence[] {
  if (acts.length < 2) return [];
  const firsts = acts.map((a) => a.first);
  const start = conversation.stages.first_contact?.first ?? conversation.firstSeen;
  const span = Math.max(...firsts) - Math.min(...firsts);
  const fromContact = Math.min(...firsts) - start;
  if (span > CHAIN_WEIGHTS.fastWindowMs || fromContact > CHAIN_WEIGHTS.fastFirstContactMs) return [];
  return [
    {
      code: 'fast_chain',
      weight: CHAIN_WEIGHTS.fastChain,
      message: `the acts came within ${duration(span)}, starting ${duration(fromContact)} after the first message`,
      evidence: { span_ms: span, since_first_contact_ms: fromContact },
    },
  ];
}

/** What makes the sender and this conversation suspicious, whatever the acts. */
function contextEvidence(input: ChainInput, chain: ConversationChain | null, ring: Evidence | null): Evidence[] {
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
function ringItem(signals: readonly Signal[]): Evidence | null {
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
function familiarityOf(input: ChainInput, chain: ConversationChain | null, mine: Partial<Record<Stage, ChainAct>> | null): Evidence[] {
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

/** Noisy-OR of the evidence, damped by the familiarity; null when nothing supports a chain. */
function scoreChain(kind: string, summary: string, items: Evidence[], familiarity: Evidence[], alone: number): Signal | null {
  let remaining = 1;
  for (const item of items) remaining *= 1 - Math.min(0.95, Math.max(0, item.weight));
  let known = 1;
  for (const item of familiarity) known *= 1 - item.weight;
  const damp = Math.min(CHAIN_WEIGHTS.maxFamiliarity, 1 - known);
  const score = Math.round((1 - remaining) * (1 - damp) * alone * 1000) / 1000;
  if (score <= 0) return null;
  const reasons: Reason[] = [
    {
      code: 'chain',
      message: `${summary}: chain score ${score.toFixed(2)}${damp > 0 ? ` (lowered ${Math.round(damp * 100)}% for familiarity)` : ''}${alone < 1 ? ' (a lone act counts less)' : ''}`,
      evidence: { score, familiarity: Math.round(damp * 1000) / 1000, alone },
    },
    ...items.map((i) => ({ code: i.code, message: i.message, evidence: { ...i.evidence, weight: round(i.weight) } })),
    ...familiarity.map((i) => ({ code: `familiar_${i.code}`, message: i.message, evidence: { weight: -round(i.weight) } })),
  ];
  return { detector: 'chain', kind, score, reasons };
}

const STAGE_PHRASES: Record<Act, string> = {
  escalation: 'sexual escalation',
  offplatform: 'a move to another app or a video call',
  app_lure: 'a push to install an app',
  threat: 'a threat to expose',
  payment: 'a payment demand',
};

function duration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < 2 * DAY) return `${(abs / HOUR).toFixed(1)} h`;
  return `${(abs / DAY).toFixed(1)} days`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

