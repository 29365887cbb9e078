// Video-to-video similarity from frame hashes, in the spirit of vPDQ (ThreatExchange `vpdq/`): drop
// low-quality frames and runs of near-identical consecutive frames, then report which share of each video's
// distinct frames has a match (within the distance) among the other video's frames. Two copies of a
// recording score near 100/100 even when one is trimmed, re-encoded or at another frame rate; a clip cut out
// of a longer video scores high on the clip's side only.
// Browser-safe: no Node APIs.
import { hammingDistance, PDQ_MATCH_THRESHOLD, PDQ_QUALITY_THRESHOLD } from './hash256.ts';
import { PdqIndex } from './pdq-index.ts';

export interface FrameHash {
  hash: string;
  quality: number;
  /** Seconds from the start of the video. */
  timestamp: number;
  /** Why the frame was sampled: the regular interval or a scene change. */
  reason?: 'interval' | 'scene';
}

export interface VideoComparison {
  /** Percentage (0..100) of the first video's distinct frames that match a frame of the second. */
  a_match_percent: number;
  /** Percentage (0..100) of the second video's distinct frames that match a frame of the first. */
  b_match_percent: number;
  a_frames: number;
  b_frames: number;
  /** Up to 50 example pairs (first video's timestamp, second's, distance), earliest first. */
  pairs: { a: number; b: number; distance: number }[];
}

export interface CompareOptions {
  maxDistance?: number;
  minQuality?: number;
}

/** Keeps frames of sufficient quality and drops each frame that is near-identical to the last one kept. */
export function distinctFrames(frames: FrameHash[], maxDistance: number, minQuality: number): FrameHash[] {
  const kept: FrameHash[] = [];
  for (const frame of frames) {
    if (frame.quality < minQuality) continue;
    const last = kept[kept.length - 1];
    if (last && hammingDistance(last.hash, frame.hash) <= maxDistance) continue;
    kept.push(frame);
  }
  return kept;
}

function matchShare(from: FrameHash[], to: FrameHash[], maxDistance: number, pairs?: VideoComparison['pairs']): number {
  if (from.length === 0) return 0;
  const index = new PdqIndex();
  to.forEach((f) => index.add(f.hash));
  let matched = 0;
  for (const frame of from) {
    const best = index.search(frame.hash, maxDistance)[0];
    if (!best) continue;
    matched++;
    if (pairs && pairs.length < 50) pairs.push({ a: frame.timestamp, b: to[best.id].timestamp, distance: best.distance });
  }
  return Math.round((matched / from.length) * 10_000) / 100;
}

export function compareVideoHashes(a: FrameHash[], b: FrameHash[], options: CompareOptions = {}): VideoComparison {
  const maxDistance = options.maxDistance ?? PDQ_MATCH_THRESHOLD;
  const minQuality = options.minQuality ?? PDQ_QUALITY_THRESHOLD;
  const da = distinctFrames(a, maxDistance, minQuality);
  const db = distinctFrames(b, maxDistance, minQuality);
  const pairs: VideoComparison['pairs'] = [];
  return {
    a_match_percent: matchShare(da, db, maxDistance, pairs),
    b_match_percent: matchShare(db, da, maxDistance),
    a_frames: da.length,
    b_frames: db.length,
    pairs,
  };
}
