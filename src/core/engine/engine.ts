// The kill-chain engine: for one validated event it updates the account and conversation states in the
// caller's workspace, runs the detectors, links identifiers, tracks stages, scores the account, evaluates the
// rules and returns an outcome: the decision with every reason, and every change the decision implies. It
// keeps no state of its own and performs no I/O; storing the outcome is the caller's job.
import type { Detector, DetectorContext } from '../detector.ts';
import { eventTimeMs, type EngineEvent } from '../events.ts';
import type { CrewFact, RingChange } from '../linker.ts';
import type { Evaluation, RuleInput } from '../rules/evaluate.ts';
import { evaluateRules } from '../rules/evaluate.ts';
import type { RuleFile } from '../rules/schema.ts';
import type { FollowUpTask, Identifier, Signal, Stage } from '../signals.ts';
import {
  applyAccountEvent,
  applyConnection,
  applyReport,
  eventIdentifiers,
  eventSignals,
  joinConversation,
  recordOpener,
} from './apply.ts';
import { applyStatusActions, caseIntentOf, notificationsOf, type Outcome, type PendingFollowUp } from './outcome.ts';
import { followUpEventId } from './follow-up-id.ts';
import { accountRisk, type RiskProfile } from './risk.ts';
import { chainSignals } from './chain.ts';
import { attackStages, recordStages, type StageTransition } from './stages.ts';
import { suspectAfter } from './suspect.ts';
import { addBounded, type AccountState, type ConversationState } from './state.ts';
import { buildDecision, carriesLink } from './decision.ts';
import type { Workspace } from './workspace.ts';

export interface EngineOptions {
  detectors: Detector[];
  rules: () => RuleFile;
}

export type { Outcome } from './outcome.ts';

interface Touched {
  accounts: Map<string, AccountState>;
  conversation: ConversationState | null;
}

export class Engine {
  readonly #options: EngineOptions;

  constructor(options: EngineOptions) {
    this.#options = options;
  }

  get detectors(): readonly Detector[] {
    return this.#options.detectors;
  }

  async process(event: EngineEvent, workspace: Workspace): Promise<Outcome> {
    const time = eventTimeMs(event);
    const touched = await touch(event, time, workspace);
    const subject = subjectOf(event);
    const counterparts = counterpartsOf(event);
    applyState(event, touched, time);

    const context = detectorContext(time, touched.conversation);
    const { signals, identifiers, followUps, errors } = await this.#detect(event, context);
    signals.push(...eventSignals(event));
    if (touched.conversation && touched.conversation.messageCount === 1 && event.type === 'message.sent') {
      signals.push(firstContactSignal(event.sender));
    }
    identifiers.push(...eventIdentifiers(event));
    const textSignals = signals.filter((s) => s.kind.startsWith('text.'));

    const ringChanges: RingChange[] = [];
    const subjectState = subject ? touched.accounts.get(subject) ?? null : null;
    if (subject && workspace.rings) {
      const linked = workspace.rings.observe({ tenant: event.tenant, account: subject, identifiers, eventId: event.id, time, counterparts });
      signals.push(...linked.signals);
      ringChanges.push(...linked.changes);
      if (subjectState) markRingLink(subjectState, linked.signals);
    }

    const transitions = trackStages(touched.conversation, signals, event, time, subject);
    if (subjectState && touched.conversation && transitions.some((t) => t.stage === 'offplatform')) {
      addBounded(subjectState.offplatformConversations, touched.conversation.id);
    }
    if (subjectState && touched.conversation) recordChainActs(subjectState, touched.conversation.id, transitions, time);
    // Risk first: the chain reads the same profile, and nothing the chain remembers changes it.
    const risk: RiskProfile | null = subjectState ? accountRisk(subjectState, time) : null;
    signals.push(...chainSignals({ event, time, subject, conversation: touched.conversation, account: subjectState, signals, risk }));
    // After the chain: it keeps each person's acts, which decide who the suspect is before any action is targeted.
    if (touched.conversation) touched.conversation.suspect = suspectAfter(touched.conversation, transitions, subject, (id) => (id === subject ? (risk?.score ?? 0) : riskScoreOf(touched.accounts.get(id), time)));
    // The conversation's stages do not change between the rule input and the flag: one list for both.
    const attack = touched.conversation ? attackStages(touched.conversation) : [];
    const ruleInput = toRuleInput(event, signals, touched.conversation, transitions, risk, time, attack);
    const evaluation: Evaluation = evaluateRules(this.#options.rules(), ruleInput);
    const wasFlagged = touched.conversation?.flagged ?? false;
    if (touched.conversation) flagConversation(touched.conversation, evaluation, attack);
    const newlyFlagged = !wasFlagged && Boolean(touched.conversation?.flagged);

    const decision = buildDecision({ event, subject, counterparts, signals, transitions, risk, evaluation, ruleInput, conversation: touched.conversation });
    const pending = pendingFollowUps(event, followUps);
    if (pending.length) decision.follow_ups = pending.map(({ event_id, detector, task }) => ({ event_id, detector, task }));
    const statusChanges = applyStatusActions(decision, touched.accounts);
    const facts = crewFacts(event, touched.conversation, transitions, subject, time);
    // Most events teach crew linking nothing (no new attack stage, no money): no mutation to capture.
    if (workspace.rings && facts.length) ringChanges.push(...workspace.rings.recordFacts(facts));
    return {
      decision,
      accounts: [...touched.accounts.values()],
      conversation: touched.conversation,
      identifiers,
      textSignals,
      newlyFlagged,
      statusChanges,
      ringChanges,
      caseIntent: caseIntentOf(event, decision, touched.conversation, subject, counterparts),
      notifications: notificationsOf(decision),
      detectorErrors: errors,
      followUps: pending,
    };
  }

  async #detect(event: EngineEvent, context: DetectorContext) {
    const signals: Signal[] = [];
    const identifiers: Identifier[] = [];
    const followUps: FollowUpTask[] = [];
    const errors: { detector: string; message: string }[] = [];
    // A follow-up carries what its detector found; nothing runs on it again.
    if (event.type === 'detector.follow_up') return { signals, identifiers, followUps, errors };
    for (const detector of this.#options.detectors) {
      if (!detector.eventTypes.includes(event.type)) continue;
      try {
        const pending = detector.detect(event, context);
        const found = pending instanceof Promise ? await pending : pending;
        for (const signal of found.signals) signals.push(signal);
        for (const identifier of found.identifiers) identifiers.push(identifier);
        if (found.followUps) for (const task of found.followUps) followUps.push({ ...task, detector: detector.name });
      } catch (error) {
        errors.push({ detector: detector.name, message: (error as Error).message });
      }
    }
    return { signals, identifiers, followUps, errors };
  }
}

/**
 * The stages seen are built only when a detector reads them (none of the built-in ones does; this was the costliest
 * line of an ordinary event). Detectors read them while they detect, before the event's stages are recorded, so a
 * read then sees what an eager copy held.
 */
function detectorContext(now: number, conversation: ConversationState | null): DetectorContext {
  let seen: ReadonlySet<string> | undefined;
  return {
    now,
    get stagesSeen() {
      return (seen ??= new Set(Object.keys(conversation?.stages ?? {})));
    },
  };
}

async function touch(event: EngineEvent, time: number, workspace: Workspace): Promise<Touched> {
  const accounts = new Map<string, AccountState>();
  for (const id of accountsOf(event)) {
    const found = workspace.account(event.tenant, id, time);
    // A workspace answers at once for a state it holds (a batch's preloaded states): no promise to wait for.
    const state = found instanceof Promise ? await found : found;
    state.lastSeen = Math.max(state.lastSeen, time);
    accounts.set(id, state);
  }
  const conversationId = conversationOf(event);
  const found = conversationId ? workspace.conversation(event.tenant, conversationId, time) : null;
  const conversation = found instanceof Promise ? await found : found;
  return { accounts, conversation };
}

function applyState(event: EngineEvent, touched: Touched, time: number): void {
  const get = (id: string) => touched.accounts.get(id)!;
  switch (event.type) {
    case 'account.created':
    case 'account.updated':
      applyAccountEvent(get(event.account.id), event, time);
      break;
    case 'connection.requested':
    case 'connection.accepted':
      applyConnection(get(event.from), get(event.to), event, time);
      break;
    case 'message.sent': {
      const conversation = touched.conversation!;
      const firstFromSender = !conversation.participants.includes(event.sender);
      joinConversation(conversation, [event.sender, ...event.recipients], time);
      conversation.messageCount += 1;
      if (firstFromSender) {
        if (conversation.messageCount === 1) get(event.sender).conversationsStarted += 1;
        recordOpener(get(event.sender), event.text, event.recipients);
      }
      break;
    }
    case 'media.shared':
      if (touched.conversation) joinConversation(touched.conversation, [event.sender, ...event.recipients], time);
      break;
    case 'report.filed':
      applyReport(get(event.reported), event);
      if (touched.conversation) joinConversation(touched.conversation, [event.reporter, event.reported], time);
      break;
    case 'payment.reported':
    case 'detector.follow_up':
      if (touched.conversation) touched.conversation.lastSeen = Math.max(touched.conversation.lastSeen, time);
      break;
  }
}

function riskScoreOf(account: AccountState | undefined, time: number): number {
  return account ? accountRisk(account, time).score : 0;
}

function trackStages(conversation: ConversationState | null, signals: Signal[], event: EngineEvent, time: number, subject: string | null): StageTransition[] {
  if (!conversation) return [];
  return recordStages(conversation, signals, event.id, time, subject ?? '');
}

/** What crew linking learns from this event: stages the suspect reached, money asked. */
function crewFacts(event: EngineEvent, conversation: ConversationState | null, transitions: StageTransition[], subject: string | null, time: number): CrewFact[] {
  const facts: CrewFact[] = [];
  // The one who acted is credited: the conversation's suspect may be someone else (a target who proposed the
  // video call first), and crediting them would tie an innocent person to a crew.
  const suspect = subject ?? conversation?.suspect ?? null;
  if (suspect) {
    for (const t of transitions) if (t.stage !== 'first_contact') facts.push({ kind: 'stage', tenant: event.tenant, account: suspect, stage: t.stage, time });
  }
  if (event.type === 'payment.reported' && event.amount && event.account) {
    facts.push({ kind: 'money', tenant: event.tenant, account: event.account, amount: event.amount.value, currency: event.amount.currency, time });
  }
  return facts;
}

/**
 * The follow-ups this event's detectors left, each with the id its follow-up event will have (derived from the
 * event, so a retry after a crash cannot decide the same work twice) and the context the follow-up is decided in.
 */
function pendingFollowUps(event: EngineEvent, tasks: FollowUpTask[]): PendingFollowUp[] {
  if (event.type === 'detector.follow_up') return [];
  return tasks.map((task, index) => ({
    ...task,
    event_id: followUpEventId(event.id, task.detector, index),
    tenant: event.tenant,
    of_event: event.id,
    time: event.time,
    subject: subjectOf(event) ?? undefined,
    conversation_id: conversationOf(event) ?? undefined,
    recipients: counterpartsOf(event),
  }));
}

function firstContactSignal(sender: string): Signal {
  return {
    detector: 'engine',
    kind: 'conversation.first_contact',
    stage: 'first_contact',
    score: 1,
    reasons: [{ code: 'first_message', message: `${sender} opened the conversation` }],
  };
}

const MAX_CHAIN_ACTS = 50;

/** The attack stages this account brought into the conversation itself: its risk rises with what it did. */
function recordChainActs(account: AccountState, conversation: string, transitions: StageTransition[], time: number): void {
  if (transitions.length === 0) return;
  const acts = transitions.filter((t) => t.stage === 'app_lure' || t.stage === 'threat' || t.stage === 'payment');
  if (acts.length === 0) return;
  const list = (account.chainActs ??= []);
  for (const t of acts) {
    if (!list.some((a) => a.stage === t.stage && a.conversation === conversation)) list.push({ stage: t.stage, conversation, time });
  }
  if (list.length > MAX_CHAIN_ACTS) list.splice(0, list.length - MAX_CHAIN_ACTS);
}

function markRingLink(account: AccountState, ringSignals: Signal[]): void {
  const member = ringSignals.find((s) => s.kind === 'ring.member');
  const evidence = member?.reasons[0]?.evidence as { ring?: string; via?: { type: string; value: string } } | undefined;
  if (member && evidence?.ring) {
    account.linkedToBad = { ring: evidence.ring, via: evidence.via ? `${evidence.via.type} ${evidence.via.value}` : 'shared identifiers' };
  }
}

const FLAG_STAGES: Stage[] = ['app_lure', 'threat', 'payment'];

function flagConversation(conversation: ConversationState, evaluation: Evaluation, stages: readonly Stage[]): void {
  if (stages.length >= 2 || stages.some((s) => FLAG_STAGES.includes(s))) conversation.flagged = true;
  if (evaluation.actions.some((a) => a.type === 'queue_review' || a.type === 'preserve_evidence')) conversation.flagged = true;
}

function toRuleInput(
  event: EngineEvent,
  signals: Signal[],
  conversation: ConversationState | null,
  transitions: StageTransition[],
  risk: RiskProfile | null,
  time: number,
  attack: readonly Stage[],
): RuleInput {
  const firstContact = conversation?.stages.first_contact?.first ?? conversation?.firstSeen ?? null;
  return {
    eventType: event.type,
    signals: signals.map((s) => ({ detector: s.detector, kind: s.kind, stage: s.stage, score: s.score })),
    stagesReached: conversation ? (Object.keys(conversation.stages) as Stage[]) : [],
    newStages: transitions.map((t) => t.stage),
    attackStages: attack.length,
    accountRisk: risk?.score ?? 0,
    minutesSinceFirstContact: firstContact === null ? null : (time - firstContact) / 60_000,
    hasLink: event.type === 'detector.follow_up' || carriesLink(event),
  };
}

export function subjectOf(event: EngineEvent): string | null {
  switch (event.type) {
    case 'account.created':
    case 'account.updated':
      return event.account.id;
    case 'connection.requested':
    case 'connection.accepted':
      return event.from;
    case 'message.sent':
    case 'media.shared':
      return event.sender;
    case 'report.filed':
      return event.reported;
    case 'payment.reported':
      return event.account ?? null;
    case 'detector.follow_up':
      return event.subject ?? null;
  }
}

function counterpartsOf(event: EngineEvent): string[] {
  switch (event.type) {
    case 'message.sent':
    case 'media.shared':
      return event.recipients;
    case 'connection.requested':
    case 'connection.accepted':
      return [event.to];
    case 'report.filed':
      return [event.reporter];
    case 'payment.reported':
      return event.reporter ? [event.reporter] : [];
    case 'detector.follow_up':
      return event.recipients;
    default:
      return [];
  }
}

/** The states an event reads and changes (the keys a store locks while it is decided). */
export function stateKeysOf(event: EngineEvent): { accounts: string[]; conversation: string | null } {
  return { accounts: accountsOf(event), conversation: conversationOf(event) };
}

function accountsOf(event: EngineEvent): string[] {
  const subject = subjectOf(event);
  if (event.type === 'connection.requested' || event.type === 'connection.accepted') return subject === event.to ? [subject] : [subject!, event.to];
  return subject ? [subject] : [];
}

function conversationOf(event: EngineEvent): string | null {
  if (event.type === 'message.sent') return event.conversation_id;
  if (event.type === 'media.shared' || event.type === 'report.filed' || event.type === 'payment.reported' || event.type === 'detector.follow_up') {
    return event.conversation_id ?? null;
  }
  return null;
}

