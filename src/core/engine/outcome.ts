// Everything one decision changes, as data: the caller stores it in one transaction. Besides the new account
// and conversation states the engine derives here what follows from the decision: status changes, the review
// case it opens or feeds, and the notification the platform receives.
import type { EngineEvent } from '../events.ts';
import type { RingChange } from '../linker.ts';
import type { FollowUpTask, Identifier, Signal, Stage } from '../signals.ts';
import type { Decision } from './decision.ts';
import { furthestStage } from './stages.ts';
import type { AccountState, ConversationState } from './state.ts';

export interface StatusChange {
  tenant: string;
  account: string;
  from: AccountState['status'];
  to: AccountState['status'];
  /** The rule (or moderator action) behind the change. */
  reason: string;
}

/** Open a review case, or feed the open one, for this conversation (or account, outside conversations). */
export interface CaseIntent {
  tenant: string;
  /** The conversation the case follows, or `account:<id>` for reviews outside a conversation. */
  conversationKey: string;
  suspect: string | null;
  /** Never the suspect: a case is about someone harmed by someone else. */
  victim: string | null;
  /** The review that opens a case; null when the event only adds to a case already open. */
  review: { queue: string; priority: number; rule: string } | null;
  stageMax: Stage | null;
}

/** A message for the platform's webhooks (the outbox adds targets, ids and times). */
export interface Notification {
  tenant: string;
  type: 'decision.actions';
  body: Record<string, unknown>;
}

export interface Outcome {
  decision: Decision;
  /** New versions of every account the event touched. */
  accounts: AccountState[];
  conversation: ConversationState | null;
  identifiers: Identifier[];
  /** Everything the detectors found in the message text (kept even when the text itself is dropped). */
  textSignals: Signal[];
  /** The conversation became flagged with this event (its retained text becomes evidence). */
  newlyFlagged: boolean;
  statusChanges: StatusChange[];
  ringChanges: RingChange[];
  caseIntent: CaseIntent | null;
  notifications: Notification[];
  detectorErrors: { detector: string; message: string }[];
  /** Work the detectors left for later (stored with the decision; each result is decided as a follow-up event). */
  followUps: PendingFollowUp[];
}

/** A detector's deferred task, with everything the follow-up event about it needs. */
export interface PendingFollowUp extends FollowUpTask {
  /** Id of the `detector.follow_up` event that will carry the result. */
  event_id: string;
  tenant: string;
  of_event: string;
  /** The original event's time: the follow-up is decided as of then. */
  time: string;
  subject?: string;
  conversation_id?: string;
  recipients: string[];
}

/** Restrictions decided for the suspect become its status. */
export function applyStatusActions(decision: Decision, accounts: ReadonlyMap<string, AccountState>): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const action of decision.actions) {
    if (action.type !== 'restrict_account') continue;
    const account = accounts.get(action.target.id);
    if (!account || account.status !== 'active') continue;
    changes.push({ tenant: account.tenant, account: account.id, from: account.status, to: 'restricted', reason: `rule ${action.rule}` });
    account.status = 'restricted';
  }
  return changes;
}

export function caseIntentOf(event: EngineEvent, decision: Decision, conversation: ConversationState | null, subject: string | null, counterparts: readonly string[]): CaseIntent | null {
  const reviews = decision.actions.filter((a) => a.type === 'queue_review');
  const review = reviews.reduce<(typeof reviews)[number] | undefined>((best, a) => (!best || (a.priority ?? 5) < (best.priority ?? 5) ? a : best), undefined);
  if (!review && !conversation?.flagged) return null;
  const conversationKey = conversation?.id ?? (review ? `account:${review.target.id}` : null);
  if (!conversationKey) return null;
  const suspect = conversation?.suspect ?? subject;
  const candidates = conversation ? conversation.participants : counterparts;
  const victim = candidates.find((p) => p !== suspect) ?? null;
  return {
    tenant: event.tenant,
    conversationKey,
    suspect,
    victim,
    review: review ? { queue: review.queue ?? 'default', priority: review.priority ?? 5, rule: review.rule } : null,
    stageMax: conversation ? furthestStage(conversation) : null,
  };
}

export function notificationsOf(decision: Decision): Notification[] {
  if (decision.actions.length === 0) return [];
  return [
    {
      tenant: decision.tenant,
      type: 'decision.actions',
      body: {
        type: 'decision.actions',
        tenant: decision.tenant,
        event_id: decision.event_id,
        verdict: decision.verdict,
        actions: decision.actions,
        // The same signals and risk as GET /v1/decisions/:id (codes, messages, spans, evidence), so a receiver
        // reads one shape whichever way the decision reached it.
        signals: decision.signals,
        risk: decision.risk,
        stages: decision.stages,
        rules_matched: decision.rules_matched,
        // Kept for receivers written against the first payload: one line per signal with its messages only.
        reasons: decision.signals.map((s) => ({ kind: s.kind, score: s.score, reasons: s.reasons.map((r) => r.message) })),
      },
    },
  ];
}
