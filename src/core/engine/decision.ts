// The decision returned for every event: a verdict, the interventions with their targets, and every
// reason behind them (signals with spans, stages with timings, the account's risk factors, the rules).
import type { EngineEvent } from '../events.ts';
import type { Evaluation, MatchedAction, RuleInput } from '../rules/evaluate.ts';
import type { ActionType } from '../rules/schema.ts';
import type { Reason, Signal, Stage } from '../signals.ts';
import type { RiskProfile } from './risk.ts';
import type { StageTransition } from './stages.ts';
import type { ConversationState } from './state.ts';

export type Verdict = 'allow' | 'review' | 'warn' | 'hold' | 'restrict';

export interface ActionTarget {
  kind: 'account' | 'conversation' | 'event';
  id: string;
}

export interface DecidedAction {
  type: ActionType;
  target: ActionTarget;
  rule: string;
  queue?: string;
  priority?: number;
  notice?: string;
}

export interface Decision {
  event_id: string;
  tenant: string;
  event_type: string;
  verdict: Verdict;
  actions: DecidedAction[];
  shadow_actions: DecidedAction[];
  rules_matched: string[];
  signals: Signal[];
  stages: {
    conversation_id: string | null;
    reached: Stage[];
    new: { stage: Stage; since_first_contact_ms: number; since_previous_stage_ms: number | null; previous_stage: Stage | null }[];
  };
  risk: { account: string; score: number; reasons: Reason[] } | null;
  rule_input: RuleInput;
  /** Detector work still running for this event; each result arrives as the decision of the named event. */
  follow_ups?: { event_id: string; detector: string; task: string }[];
  /** On a follow-up's decision: the event whose detector work it reports. */
  follow_up_of?: string;
}

interface DecisionParts {
  event: EngineEvent;
  subject: string | null;
  counterparts: string[];
  signals: Signal[];
  transitions: StageTransition[];
  risk: RiskProfile | null;
  evaluation: Evaluation;
  ruleInput: RuleInput;
  conversation: ConversationState | null;
}

const VERDICT_OF: Record<ActionType, Verdict> = {
  restrict_account: 'restrict',
  hold_link: 'hold',
  hide_social_graph: 'warn',
  warn_recipient: 'warn',
  queue_review: 'review',
  preserve_evidence: 'review',
};
const VERDICT_RANK: Verdict[] = ['allow', 'review', 'warn', 'hold', 'restrict'];

export function buildDecision(parts: DecisionParts): Decision {
  const { event, subject, evaluation, conversation } = parts;
  const actions = evaluation.actions.flatMap((a) => targetAction(a, parts));
  return {
    event_id: event.id,
    tenant: event.tenant,
    event_type: event.type,
    verdict: verdictOf(actions),
    actions,
    shadow_actions: evaluation.shadowActions.flatMap((a) => targetAction(a, parts)),
    rules_matched: evaluation.matchedRules,
    signals: parts.signals,
    stages: {
      conversation_id: conversation?.id ?? null,
      reached: parts.ruleInput.stagesReached,
      new: parts.transitions.map((t) => ({
        stage: t.stage,
        since_first_contact_ms: t.sinceFirstContactMs,
        since_previous_stage_ms: t.sincePreviousStageMs,
        previous_stage: t.previousStage,
      })),
    },
    risk: parts.risk && subject ? { account: subject, score: parts.risk.score, reasons: parts.risk.reasons } : null,
    rule_input: parts.ruleInput,
    ...(event.type === 'detector.follow_up' ? { follow_up_of: event.of_event } : {}),
  };
}

export function verdictOf(actions: readonly { type: ActionType }[]): Verdict {
  let best = 0;
  for (const action of actions) best = Math.max(best, VERDICT_RANK.indexOf(VERDICT_OF[action.type]));
  return VERDICT_RANK[best];
}

// A scheme, `www.`, or a host-like token (also de-fanged as `[.]`, `(.)`, `[dot]`): over-matching only holds a
// harmless message a moment longer, missing a link would let a lure through.
const LINK_LIKE = /(?:h(?:tt|xx)ps?:\/\/|www\.)|[a-z0-9-]{2,}\s?(?:\.|\[\.\]|\(\.\)|\[dot\])\s?[a-z]{2,24}(?![a-z])/i;

export function carriesLink(event: EngineEvent): boolean {
  // Attachments count too: an attached app file is held like a link to one.
  if (event.type === 'message.sent') return event.attachments.length > 0 || (mayLink(event.text) && LINK_LIKE.test(event.text));
  return event.type === 'media.shared';
}

/**
 * Every way LINK_LIKE can match needs a `://`, a dot or a `[dot]`: text with none of them (much ordinary chat) is
 * answered without running the pattern, which tries every position of the text.
 */
function mayLink(text: string): boolean {
  return text.includes('.') || text.includes('://') || DOT_WORD.test(text);
}
const DOT_WORD = /\[dot\]/i;

/** Whom an action applies to: warnings go to the people targeted, restrictions to the suspect. */
function targetAction(action: MatchedAction, parts: DecisionParts): DecidedAction[] {
  const { event, subject, counterparts, conversation } = parts;
  const base = {
    type: action.type,
    rule: action.rule,
    ...(action.queue ? { queue: action.queue } : {}),
    ...(action.priority !== undefined ? { priority: action.priority } : {}),
    ...(action.notice ? { notice: action.notice } : {}),
  };
  const suspect = conversation?.suspect ?? subject;
  switch (action.type) {
    case 'warn_recipient': {
      // The warning is for the people the suspect talks to. On a target's own message ("I paid, please stop")
      // the recipient is the suspect: warning them would tell the extorter, and the target would hear nothing.
      const suspectOfConversation = conversation?.suspect;
      const warned = conversation && suspectOfConversation ? conversation.participants.filter((id) => id !== suspectOfConversation) : counterparts;
      return warned.map((id) => ({ ...base, target: { kind: 'account', id } }));
    }
    case 'hold_link': {
      // A follow-up reports on the link of the original message; an event without a link has nothing to hold.
      if (event.type === 'detector.follow_up') return [{ ...base, target: { kind: 'event', id: event.of_event } }];
      return parts.ruleInput.hasLink !== false ? [{ ...base, target: { kind: 'event', id: event.id } }] : [];
    }
    case 'hide_social_graph':
    case 'restrict_account':
      return suspect ? [{ ...base, target: { kind: 'account', id: suspect } }] : [];
    case 'queue_review':
    case 'preserve_evidence':
      if (conversation) return [{ ...base, target: { kind: 'conversation', id: conversation.id } }];
      return suspect ? [{ ...base, target: { kind: 'account', id: suspect } }] : [];
  }
}
