// The kill-chain engine: for one validated event it updates account and conversation state, runs
// the detectors, links identifiers, tracks stages, scores the account, evaluates the rules and
// returns a decision that carries every reason. State changes stay in memory until the caller
// commits them (after the store has made them durable) or rolls them back.
import type { Detector, DetectorContext } from '../detector.ts';
import { eventTimeMs, type ChainEvent } from '../events.ts';
import type { Linker } from '../linker.ts';
import type { Evaluation, RuleInput } from '../rules/evaluate.ts';
import { evaluateRules } from '../rules/evaluate.ts';
import type { RuleFile } from '../rules/schema.ts';
import type { Identifier, Reason, Signal, Stage } from '../signals.ts';
import {
  applyAccountEvent,
  applyConnection,
  applyReport,
  eventIdentifiers,
  eventSignals,
  joinConversation,
  recordOpener,
} from './apply.ts';
import { accountRisk, type RiskProfile } from './risk.ts';
import { chainSignals } from './chain.ts';
import { attackStages, furthestStage, recordStages, type StageTransition } from './stages.ts';
import { addBounded, newAccount, newConversation, type AccountState, type ConversationState } from './state.ts';
import { buildDecision, type Decision } from './decision.ts';

export interface StateSource {
  loadAccount(tenant: string, id: string): Promise<AccountState | null>;
  loadConversation(tenant: string, id: string): Promise<ConversationState | null>;
}

export interface EngineOptions {
  detectors: Detector[];
  rules: () => RuleFile;
  linker?: Linker;
  state?: StateSource;
  /** How many account and conversation states to keep cached in memory. */
  cacheSize?: number;
}

export interface Outcome {
  decision: Decision;
  accounts: AccountState[];
  conversation: ConversationState | null;
  identifiers: Identifier[];
  /** Everything the detectors found in the message text (kept even when the text itself is dropped). */
  textSignals: Signal[];
  /** The conversation became flagged with this event (its retained text becomes evidence). */
  newlyFlagged: boolean;
  detectorErrors: { detector: string; message: string }[];
}

interface Touched {
  accounts: Map<string, AccountState>;
  conversation: ConversationState | null;
}

export class Engine {
  readonly #options: EngineOptions;
  readonly #accounts = new Map<string, AccountState>();
  readonly #conversations = new Map<string, ConversationState>();
  readonly #cacheSize: number;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#cacheSize = options.cacheSize ?? 200_000;
  }

  get detectors(): readonly Detector[] {
    return this.#options.detectors;
  }

  async process(event: ChainEvent): Promise<Outcome> {
    const time = eventTimeMs(event);
    const touched = await this.#touch(event, time);
    const subject = subjectOf(event);
    const counterparts = counterpartsOf(event);
    this.#applyState(event, touched, time);

    const context: DetectorContext = {
      now: time,
      stagesSeen: new Set(Object.keys(touched.conversation?.stages ?? {})),
    };
    const { signals, identifiers, errors } = await this.#detect(event, context);
    signals.push(...eventSignals(event));
    if (touched.conversation && touched.conversation.messageCount === 1 && event.type === 'message.sent') {
      signals.push(firstContactSignal(event.sender));
    }
    identifiers.push(...eventIdentifiers(event));
    const textSignals = signals.filter((s) => s.kind.startsWith('text.'));

    const subjectState = subject ? touched.accounts.get(subject) ?? null : null;
    if (subject && this.#options.linker) {
      const ringSignals = this.#options.linker.observe({
        tenant: event.tenant,
        account: subject,
        identifiers,
        eventId: event.id,
        time,
        counterparts,
      });
      signals.push(...ringSignals);
      if (subjectState) markRingLink(subjectState, ringSignals);
    }

    const transitions = this.#trackStages(touched.conversation, signals, event, time, subject);
    if (subjectState && touched.conversation && transitions.some((t) => t.stage === 'offplatform')) {
      addBounded(subjectState.offplatformConversations, touched.conversation.id);
    }
    signals.push(...chainSignals({ event, time, subject, conversation: touched.conversation, account: subjectState, signals }));
    const risk: RiskProfile | null = subjectState ? accountRisk(subjectState, time) : null;
    const ruleInput = toRuleInput(event, signals, touched.conversation, transitions, risk, time);
    const evaluation: Evaluation = evaluateRules(this.#options.rules(), ruleInput);
    const wasFlagged = touched.conversation?.flagged ?? false;
    if (touched.conversation) flagConversation(touched.conversation, evaluation);
    const newlyFlagged = !wasFlagged && Boolean(touched.conversation?.flagged);

    const decision = buildDecision({ event, subject, counterparts, signals, transitions, risk, evaluation, ruleInput, conversation: touched.conversation });
    const accounts = [...touched.accounts.values()];
    this.#pending.set(event.id + '\u0000' + event.tenant, touched);
    return { decision, accounts, conversation: touched.conversation, identifiers, textSignals, newlyFlagged, detectorErrors: errors };
  }

  readonly #pending = new Map<string, Touched>();

  /** Keeps the state changes of a processed event (call after they were stored). */
  commit(event: ChainEvent): void {
    this.#pending.delete(event.id + '\u0000' + event.tenant);
  }

  /**
   * Undoes the state changes of a processed event whose storage failed: the touched states are
   * dropped from the cache, so the next event reloads them as the store last committed them.
   */
  rollback(event: ChainEvent): void {
    const pendingKey = event.id + '\u0000' + event.tenant;
    const touched = this.#pending.get(pendingKey);
    this.#pending.delete(pendingKey);
    if (!touched) return;
    for (const account of touched.accounts.values()) this.#accounts.delete(key(account.tenant, account.id));
    if (touched.conversation) this.#conversations.delete(key(touched.conversation.tenant, touched.conversation.id));
  }

  /** Applies a moderator or platform status change to an account's cached state. */
  async setAccountStatus(tenant: string, id: string, status: AccountState['status'], time: number): Promise<AccountState> {
    const account = await this.#account(tenant, id, time);
    account.status = status;
    return account;
  }

  async account(tenant: string, id: string): Promise<AccountState | null> {
    return this.#accounts.get(key(tenant, id)) ?? (await this.#options.state?.loadAccount(tenant, id)) ?? null;
  }

  async #touch(event: ChainEvent, time: number): Promise<Touched> {
    const accounts = new Map<string, AccountState>();
    for (const id of accountsOf(event)) accounts.set(id, await this.#account(event.tenant, id, time));
    const conversationId = conversationOf(event);
    const conversation = conversationId ? await this.#conversation(event.tenant, conversationId, time) : null;
    return { accounts, conversation };
  }

  async #account(tenant: string, id: string, time: number): Promise<AccountState> {
    const cacheKey = key(tenant, id);
    let state = this.#accounts.get(cacheKey) ?? (await this.#options.state?.loadAccount(tenant, id)) ?? null;
    state ??= newAccount(tenant, id, time);
    state.lastSeen = Math.max(state.lastSeen, time);
    this.#remember(this.#accounts, cacheKey, state);
    return state;
  }

  async #conversation(tenant: string, id: string, time: number): Promise<ConversationState> {
    const cacheKey = key(tenant, id);
    let state = this.#conversations.get(cacheKey) ?? (await this.#options.state?.loadConversation(tenant, id)) ?? null;
    state ??= newConversation(tenant, id, time);
    this.#remember(this.#conversations, cacheKey, state);
    return state;
  }

  #remember<T>(map: Map<string, T>, cacheKey: string, value: T): void {
    map.delete(cacheKey);
    map.set(cacheKey, value);
    if (map.size > this.#cacheSize) map.delete(map.keys().next().value!);
  }

  #applyState(event: ChainEvent, touched: Touched, time: number): void {
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
        if (touched.conversation) touched.conversation.lastSeen = Math.max(touched.conversation.lastSeen, time);
        break;
    }
  }

  async #detect(event: ChainEvent, context: DetectorContext) {
    const signals: Signal[] = [];
    const identifiers: Identifier[] = [];
    const errors: { detector: string; message: string }[] = [];
    for (const detector of this.#options.detectors) {
      if (!detector.eventTypes.includes(event.type)) continue;
      try {
        const found = await detector.detect(event, context);
        signals.push(...found.signals);
        identifiers.push(...found.identifiers);
      } catch (error) {
        errors.push({ detector: detector.name, message: (error as Error).message });
      }
    }
    return { signals, identifiers, errors };
  }

  #trackStages(conversation: ConversationState | null, signals: Signal[], event: ChainEvent, time: number, subject: string | null): StageTransition[] {
    if (!conversation) return [];
    const transitions = recordStages(conversation, signals, event.id, time, subject ?? '');
    const firstAttack = transitions.find((t) => t.stage !== 'first_contact');
    if (firstAttack && !conversation.suspect && subject) conversation.suspect = subject;
    return transitions;
  }
}

function key(tenant: string, id: string): string {
  return `${tenant}|${id}`;
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

function markRingLink(account: AccountState, ringSignals: Signal[]): void {
  const member = ringSignals.find((s) => s.kind === 'ring.member');
  const evidence = member?.reasons[0]?.evidence as { ring?: string; via?: { type: string; value: string } } | undefined;
  if (member && evidence?.ring) {
    account.linkedToBad = { ring: evidence.ring, via: evidence.via ? `${evidence.via.type} ${evidence.via.value}` : 'shared identifiers' };
  }
}

const FLAG_STAGES: Stage[] = ['app_lure', 'threat', 'payment'];

function flagConversation(conversation: ConversationState, evaluation: Evaluation): void {
  const stages = attackStages(conversation);
  if (stages.length >= 2 || stages.some((s) => FLAG_STAGES.includes(s))) conversation.flagged = true;
  if (evaluation.actions.some((a) => a.type === 'queue_review' || a.type === 'preserve_evidence')) conversation.flagged = true;
}

function toRuleInput(
  event: ChainEvent,
  signals: Signal[],
  conversation: ConversationState | null,
  transitions: StageTransition[],
  risk: RiskProfile | null,
  time: number,
): RuleInput {
  const firstContact = conversation?.stages.first_contact?.first ?? conversation?.firstSeen ?? null;
  return {
    eventType: event.type,
    signals: signals.map((s) => ({ detector: s.detector, kind: s.kind, stage: s.stage, score: s.score })),
    stagesReached: conversation ? (Object.keys(conversation.stages) as Stage[]) : [],
    newStages: transitions.map((t) => t.stage),
    attackStages: conversation ? attackStages(conversation).length : 0,
    accountRisk: risk?.score ?? 0,
    minutesSinceFirstContact: firstContact === null ? null : (time - firstContact) / 60_000,
  };
}

export function subjectOf(event: ChainEvent): string | null {
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
  }
}

function counterpartsOf(event: ChainEvent): string[] {
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
    default:
      return [];
  }
}

function accountsOf(event: ChainEvent): string[] {
  const subject = subjectOf(event);
  const ids = new Set<string>(subject ? [subject] : []);
  if (event.type === 'connection.requested' || event.type === 'connection.accepted') ids.add(event.to);
  return [...ids];
}

function conversationOf(event: ChainEvent): string | null {
  if (event.type === 'message.sent') return event.conversation_id;
  if (event.type === 'media.shared' || event.type === 'report.filed' || event.type === 'payment.reported') {
    return event.conversation_id ?? null;
  }
  return null;
}

export { furthestStage };
export type { Reason };
