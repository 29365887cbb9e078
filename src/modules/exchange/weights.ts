// How much an indicator counts after feedback. Confirmations from platforms that checked it keep the weight
// near the sender's confidence; a dispute counts twice a confirmation, so an unconfirmed indicator drops to a
// third of its confidence after one dispute (below the evidence floor after two), while a well-confirmed one
// survives a single dissent.

/** weight = confidence × (1 + confirms) / (1 + confirms + 2 × disputes), in [0, confidence]. */
export function indicatorWeight(confidence: number, confirms: number, disputes: number): number {
  const c = Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0));
  const yes = Math.max(0, confirms);
  const no = Math.max(0, disputes);
  return (c * (1 + yes)) / (1 + yes + 2 * no);
}

/** Weights at or above this may link accounts strongly; below it a match is only weak (expiring) evidence. */
export const STRONG_WEIGHT = 0.7;
/** Below this a partner's indicator is kept on record but no longer produces evidence. */
export const MIN_EVIDENCE_WEIGHT = 0.2;
