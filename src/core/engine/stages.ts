// Stage tracking for one conversation: which kill-chain stages were seen, when, by whom, and how fast.
import { STAGES, type Signal, type Stage } from '../signals.ts';
import type { ConversationState } from './state.ts';

export interface StageTransition {
  stage: Stage;
  /** Milliseconds since the conversation's first contact. */
  sinceFirstContactMs: number;
  /** Milliseconds since the previous stage reached in chain order, when there is one. */
  sincePreviousStageMs: number | null;
  previousStage: Stage | null;
}

/** Records the stages the event's signals show; returns the stages reached for the first time. */
export function recordStages(
  conversation: ConversationState,
  signals: readonly Signal[],
  eventId: string,
  time: number,
  by: string,
): StageTransition[] {
  const best = new Map<Stage, number>();
  for (const signal of signals) {
    if (signal.stage && signal.score > (best.get(signal.stage) ?? 0)) best.set(signal.stage, signal.score);
  }
  const transitions: StageTransition[] = [];
  for (const [stage, score] of best) {
    const hit = conversation.stages[stage];
    if (hit) {
      hit.last = Math.max(hit.last, time);
      hit.score = Math.max(hit.score, score);
      continue;
    }
    conversation.stages[stage] = { first: time, last: time, eventId, score, by };
    transitions.push(describeTransition(conversation, stage, time));
  }
  return transitions;
}

function describeTransition(conversation: ConversationState, stage: Stage, time: number): StageTransition {
  const previous = previousStage(conversation, stage);
  const firstContact = conversation.stages.first_contact?.first ?? conversation.firstSeen;
  return {
    stage,
    sinceFirstContactMs: time - firstContact,
    previousStage: previous,
    sincePreviousStageMs: previous ? time - conversation.stages[previous]!.first : null,
  };
}

function previousStage(conversation: ConversationState, stage: Stage): Stage | null {
  for (let i = STAGES.indexOf(stage) - 1; i >= 0; i--) {
    if (conversation.stages[STAGES[i]]) return STAGES[i];
  }
  return null;
}

/** The furthest stage in chain order that the conversation reached. */
export function furthestStage(conversation: ConversationState): Stage | null {
  for (let i = STAGES.length - 1; i >= 0; i--) if (conversation.stages[STAGES[i]]) return STAGES[i];
  return null;
}

/** Attack stages seen, excluding first contact (which every conversation has). */
export function attackStages(conversation: ConversationState): Stage[] {
  return STAGES.filter((stage) => stage !== 'first_contact' && conversation.stages[stage]);
}

/** The stages with their times, in chain order, for display and for the rules. */
/** Stages in the order they happened (chain order breaks ties), so intervals between them are never negative. */
export function stageTimeline(conversation: ConversationState): { stage: Stage; first: number; by: string; score: number }[] {
  const hits = STAGES.flatMap((stage) => {
    const hit = conversation.stages[stage];
    return hit ? [{ stage, first: hit.first, by: hit.by, score: hit.score }] : [];
  });
  return hits.sort((a, b) => a.first - b.first || STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
}
