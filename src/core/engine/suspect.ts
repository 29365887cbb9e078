// Who a conversation's suspect is: the participant restrictions, hidden friend lists and the case fall on.
import { STAGES, type Stage } from '../signals.ts';
import type { StageTransition } from './stages.ts';
import type { ConversationState } from './state.ts';

/**
 * How plainly an act marks its author as the attacker. A target can flirt back, propose a call or talk about
 * money ("I don't have that much"); pushing an install or threatening to expose is the attacker's own act.
 */
const ATTACKER_WEIGHT: Record<Stage, number> = { first_contact: 0, escalation: 1, offplatform: 2, payment: 3, app_lure: 4, threat: 4 };

/**
 * The attacker evidence against one participant: each act of theirs by its weight and best score. It reads the
 * chain's per-person acts; an older state without them falls back to the stages this person showed first.
 */
export function attackerEvidence(conversation: ConversationState, account: string): number {
  let evidence = 0;
  const acts = conversation.chain?.actsBy[account];
  for (const stage of STAGES) {
    const score = conversation.chain ? acts?.[stage as Exclude<Stage, 'first_contact'>]?.score : conversation.stages[stage]?.by === account ? conversation.stages[stage]!.score : undefined;
    if (score) evidence += ATTACKER_WEIGHT[stage] * score;
  }
  return evidence;
}

/**
 * The suspect after an event by `actor`. The first to reach an attack stage is the first suspect, but that is
 * often the target replying in kind, or a greeting the text layer misread; the suspect then moves to whoever has
 * more evidence against them: their acts here plus their account's risk (a crew link, acts elsewhere, a new
 * profile). Restrictions follow the suspect: keeping the first guess would restrict the person being extorted and
 * leave the extorter free. `risk` gives an account's risk score; it is only asked for when it can matter.
 */
export function suspectAfter(conversation: ConversationState, transitions: readonly StageTransition[], actor: string | null, risk: (account: string) => number): string | null {
  const current = conversation.suspect;
  if (!actor || actor === current) return current;
  if (!current) return transitions.some((t) => t.stage !== 'first_contact') ? actor : null;
  const against = attackerEvidence(conversation, actor) + risk(actor);
  const currentActs = attackerEvidence(conversation, current);
  if (against <= currentActs) return current;
  return against > currentActs + risk(current) ? actor : current;
}
