// The conversation-level chain: per-message acts (a move to another app, sexual escalation, an install
// push, a threat, a payment demand) are weak alone — genuine friends propose video calls and share apps —
// but in a chain, from the account that started a young conversation, in the usual order, within hours,
// they are decisive. chainSignals() turns the conversation's acts plus what the engine knows about the
// sender (account age, scattershot contacting, reports, ring links, photo reuse) and about the
// relationship (how long the two have talked, who opened, whether the other side writes back) into
// `chain.*` signals whose reasons name every piece of evidence, so the rules can intervene and a
// moderator can read why. No I/O: it reads the states it is given and keeps its own small memory
// (who wrote, who did which act) inside them, like apply.ts does for the rest of the state.
import type { Reason, Signal, Stage } from '../signals.ts';
import type { ChainAct, ConversationChain, ConversationState } from './state.ts';
import {
  type Act,
  type ChainInput,
  type Evidence,
  CHAIN_WEIGHTS,
  STAGE_PHRASES,
  contextEvidence,
  duration,
  familiarityOf,
  quickMove,
  ringItem,
  round,
  tempo,
} from './chain-evidence.ts';

export { CHAIN_WEIGHTS, type ChainInput };

/**
 * How far one act counts with no earlier act of the chain from the same person: a lone payment talk or
 * video-call invite from a new account is what new members do too, so context alone rarely decides it.
 */
const CHAIN_WEIGHTS_ALONE: Record<Exclude<Act, 'escalation'>, number> = { offplatform: 0.85, app_lure: 0.8, threat: 1, payment: 0.7 };

/** The single-act chains: the act, the earlier acts that make it a chain, and how far it counts alone. */
interface Pattern {
  act: Act;
  phrase: string;
  after: Act[];
  order: ((before: Act[]) => boolean) | null;
  orderMessage: string;
  alone: number;
  /** How far each earlier act lifts the lone-act discount (1 when not named). */
  lift?: Partial<Record<Act, number>>;
}

const PATTERNS: Pattern[] = [
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
    // Friends move to LINE and then settle the dinner bill; crews ask for money after the threat or the app.
    lift: { offplatform: 0.4, escalation: 0.6 },
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
  const actEvidence = (stage: Act, share = 1) => actItem(stage, mine[stage]!, conversation, time, share);
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
      ...before.map((stage) => actEvidence(stage, liftOf(pattern, stage))),
      ...(pattern.order?.(before) ? [{ code: 'typical_order', weight: CHAIN_WEIGHTS.typicalOrder, message: pattern.orderMessage }] : []),
      ...tempo(conversation, [mine[pattern.act]!, ...before.map((s) => mine[s]!)], Math.max(0, ...before.map((s) => liftOf(pattern, s)))),
      ...(pattern.act === 'offplatform' ? quickMove(conversation, chain, subject, mine.offplatform!) : []),
    ], aloneFactor(pattern, before, mine));
  }
  return out;
}

/** How far an earlier act says this one is part of a chain (1 unless the pattern names less). */
const liftOf = (pattern: Pattern, stage: Act): number => pattern.lift?.[stage] ?? 1;

/** An act whose earlier acts score at least this counts them fully as a chain; weaker ones lift it less. */
const FULL_EARLIER_ACT = 0.5;

/**
 * How far the act counts given the earlier acts: alone it is discounted; a clear earlier act of the chain lifts
 * the discount in full, a weak one (a low score) or a weakly related one (a move before money) only in part.
 */
function aloneFactor(pattern: Pattern, before: Act[], mine: Partial<Record<Stage, ChainAct>>): number {
  let lift = 0;
  for (const stage of before) lift = Math.max(lift, liftOf(pattern, stage) * Math.min(1, mine[stage]!.score / FULL_EARLIER_ACT));
  return pattern.alone + (1 - pattern.alone) * lift;
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

/** An act as evidence; `share` < 1 for an earlier act that says less about this one (a move before money). */
function actItem(stage: Act, act: ChainAct, conversation: ConversationState, time: number, share = 1): Evidence {
  const since = act.first - (conversation.stages.first_contact?.first ?? conversation.firstSeen);
  return {
    code: `act_${stage}`,
    weight: CHAIN_WEIGHTS.act[stage] * act.score * share,
    message: `${STAGE_PHRASES[stage]} (score ${act.score.toFixed(2)}, ${act.first === time ? 'now' : `${duration(time - act.first)} ago`}, ${duration(since)} after the first message)`,
    evidence: { stage, score: act.score, first: new Date(act.first).toISOString(), since_first_contact_ms: since },
  };
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

