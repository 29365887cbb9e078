// The trained part of the stage classifier: hashed character 2–4-grams of the de-obfuscated text, plus the
// cue and entity features, in one logistic-regression head per label. Character n-grams need no word
// segmentation (Thai, Japanese, Chinese) and survive spelling games; the weights are small enough to ship in
// the repository and load once, and scoring one short message is a few microseconds.
import { readFileSync } from 'node:fs';
import { TEXT_LABELS, type TextLabel } from '../../core/signals.ts';

export const MODEL_BUCKETS = 1 << 16;
export const NGRAM_MIN = 2;
export const NGRAM_MAX = 4;
const MAGIC = 'CBTEXT1\n';

export interface TextModel {
  labels: readonly TextLabel[];
  buckets: number;
  /** weights[bucket * labels.length + labelIndex] */
  weights: Float32Array;
  bias: number[];
  thresholds: Record<TextLabel, number>;
  /** Facts about the training run, for the eval report. */
  meta: Record<string, unknown>;
}

/** A sparse, L2-normalised feature vector: parallel arrays of bucket and value. */
export interface Features {
  buckets: number[];
  values: number[];
  /**
   * For evidence: where (in the featurised text) the first n-gram of each of the first `firsts.length` buckets
   * starts. Those are exactly the n-gram buckets (a bucket enters `buckets` when first seen, and the n-gram walk
   * comes before the named features), so an evidence n-gram is found without a second walk of the text.
   */
  firsts: number[];
}

export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Digits become 0 (amounts and numbers generalise); padded with one space each side for word edges. Lengths are
 * kept, so position p of the feature text is position p - 1 of the view it came from.
 */
export function featureText(latin: string): string {
  return ` ${latin.replace(/\d/g, '0').replace(OTHER_SPACE, ' ')} `;
}
/** `\s` but the plain space, which would be replaced by itself: most messages then have nothing to replace. */
const OTHER_SPACE = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/** Stands in for a masked character of the feature text: no n-gram spans it. */
export const MASK_CHAR = '\u0000';
const MASK_CODE = 0;

/**
 * Reused counting arrays (one per process): featurising never allocates a map per message; reset after use.
 * Counts are whole numbers (1 per n-gram, 4 per cue, 3 per concept pair). A short message's counts are all small,
 * so they live in bytes: 64 KiB stay in the core's cache where 32-bit counts (256 KiB) missed on about half the
 * look-ups amid the model weights and word-list tables (`perf annotate`: that one load was 45 % of featurise).
 * A count past 255 keeps 255 in COUNTS and the rest in OVERFLOW, which only long, repetitive texts touch.
 */
const COUNTS = new Uint8Array(MODEL_BUCKETS);
const OVERFLOW = new Int32Array(MODEL_BUCKETS);
const BYTE_MAX = 255;
/** Whether the message being featurised put anything in OVERFLOW. */
let overflowed = false;

/**
 * The buckets of the message being featurised, in order of first sight, and where each n-gram bucket first
 * started: reused like COUNTS (a message has at most MODEL_BUCKETS distinct buckets), so the walk never grows a
 * JavaScript array; the result is copied out once at its final length.
 */
const BUCKET_LIST = new Int32Array(MODEL_BUCKETS);
const FIRST_LIST = new Int32Array(MODEL_BUCKETS);

/** Counts n-gram buckets of `text` and adds named extra features (cues, entities, concept pairs), then L2-normalises. */
export function featurise(text: string, extras: readonly string[], concepts: readonly string[] = []): Features {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    let h = 0x811c9dc5;
    for (let n = 1; n <= NGRAM_MAX && i + n <= text.length; n++) {
      const code = text.charCodeAt(i + n - 1);
      if (code === MASK_CODE) break;
      h ^= code;
      h = Math.imul(h, 0x01000193) >>> 0;
      if (n < NGRAM_MIN) continue;
      const bucket = ngramBucket(h, n);
      const c = COUNTS[bucket];
      if (c === 0) {
        BUCKET_LIST[count] = bucket;
        FIRST_LIST[count++] = i;
      }
      if (c < BYTE_MAX) COUNTS[bucket] = c + 1;
      else spill(bucket, 1);
    }
  }
  const firsts = new Array<number>(count);
  for (let k = 0; k < count; k++) firsts[k] = FIRST_LIST[k];
  for (const extra of extras) count = addNamed(extraBucket(extra), 4, count);
  // Concepts and their pairs are many and broad: each counts less than a cue, so a long message's dozen concept
  // hits do not drown its n-grams.
  for (const name of concepts) count = addNamed(extraBucket(name), CONCEPT_WEIGHT, count);
  const buckets = new Array<number>(count);
  const values = new Array<number>(count);
  let norm = 0;
  for (let k = 0; k < count; k++) {
    const bucket = BUCKET_LIST[k];
    let v = COUNTS[bucket];
    COUNTS[bucket] = 0;
    if (overflowed) {
      v += OVERFLOW[bucket];
      OVERFLOW[bucket] = 0;
    }
    buckets[k] = bucket;
    values[k] = v;
    norm += v * v;
  }
  overflowed = false;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < count; k++) values[k] /= norm;
  return { buckets, values, firsts };
}

/** Adds `amount` to a named feature's bucket; returns the new number of distinct buckets. */
function addNamed(bucket: number, amount: number, count: number): number {
  const c = COUNTS[bucket];
  if (c === 0) BUCKET_LIST[count++] = bucket;
  if (c + amount <= BYTE_MAX) COUNTS[bucket] = c + amount;
  else {
    COUNTS[bucket] = BYTE_MAX;
    spill(bucket, c + amount - BYTE_MAX);
  }
  return count;
}

/** The part of a bucket's count beyond BYTE_MAX. */
function spill(bucket: number, amount: number): void {
  OVERFLOW[bucket] += amount;
  overflowed = true;
}

/** The bucket of an n-gram of length `n` whose FNV-1a hash is `h`. */
function ngramBucket(h: number, n: number): number {
  return (Math.imul(h ^ n, 0x9e3779b1) >>> 0) & (MODEL_BUCKETS - 1);
}

/** Below a cue's 4: pairs are broader than cues. 4.5 was tried (dev CV, strong cues off): threat 82→79 of 99. */
const CONCEPT_WEIGHT = 3;

const EXTRA_BUCKETS = new Map<string, number>();

/** Bucket of a named feature (`cue:…`, `ent:…`); the names are a small fixed set, so their hashes are kept. */
function extraBucket(name: string): number {
  let bucket = EXTRA_BUCKETS.get(name);
  if (bucket === undefined) {
    bucket = hashString(`x:${name}`) & (MODEL_BUCKETS - 1);
    EXTRA_BUCKETS.set(name, bucket);
  }
  return bucket;
}

/** Raw logits per label. */
export function logits(model: TextModel, features: Features): number[] {
  const width = model.labels.length;
  if (width === 5) return logits5(model, features);
  const out = model.bias.slice();
  for (let k = 0; k < features.buckets.length; k++) {
    const base = features.buckets[k] * width;
    const value = features.values[k];
    for (let l = 0; l < width; l++) out[l] += model.weights[base + l] * value;
  }
  return out;
}

/**
 * `logits` for the five labels of today's model, each sum in a local instead of an array slot: the same additions
 * in the same order per label, so the same numbers, in about half the time (1.2–2.0 µs against 2.6–5.3 µs per
 * 80-character message in a loop).
 */
function logits5(model: TextModel, features: Features): number[] {
  const { weights, bias } = model;
  const { buckets, values } = features;
  let o0 = bias[0];
  let o1 = bias[1];
  let o2 = bias[2];
  let o3 = bias[3];
  let o4 = bias[4];
  for (let k = 0; k < buckets.length; k++) {
    const base = buckets[k] * 5;
    const value = values[k];
    o0 += weights[base] * value;
    o1 += weights[base + 1] * value;
    o2 += weights[base + 2] * value;
    o3 += weights[base + 3] * value;
    o4 += weights[base + 4] * value;
  }
  return [o0, o1, o2, o3, o4];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Binary layout: magic, one JSON header line, Uint32 bucket indices, then Int16 weights (label-interleaved). */
export function encodeModel(model: TextModel): Uint8Array {
  const width = model.labels.length;
  const used: number[] = [];
  for (let b = 0; b < model.buckets; b++) {
    for (let l = 0; l < width; l++) {
      if (model.weights[b * width + l] !== 0) {
        used.push(b);
        break;
      }
    }
  }
  const scales = model.labels.map((_, l) => {
    let max = 0;
    for (const b of used) max = Math.max(max, Math.abs(model.weights[b * width + l]));
    return max / 32767 || 1;
  });
  const header = JSON.stringify({ labels: model.labels, buckets: model.buckets, bias: model.bias, thresholds: model.thresholds, scales, count: used.length, meta: model.meta });
  const head = new TextEncoder().encode(`${MAGIC}${header}\n`);
  const padded = Math.ceil(head.length / 4) * 4;
  const bytes = new Uint8Array(padded + used.length * 4 + used.length * width * 2);
  bytes.fill(0x20, head.length, padded);
  bytes.set(head, 0);
  const view = new DataView(bytes.buffer);
  used.forEach((b, k) => view.setUint32(padded + k * 4, b, true));
  const weightsAt = padded + used.length * 4;
  used.forEach((b, k) => {
    for (let l = 0; l < width; l++) {
      const q = Math.round(model.weights[b * width + l] / scales[l]);
      view.setInt16(weightsAt + (k * width + l) * 2, q, true);
    }
  });
  return bytes;
}

export function decodeModel(bytes: Uint8Array): TextModel {
  const text = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 65536)));
  if (!text.startsWith(MAGIC)) throw new Error('text model file does not start with the CBTEXT1 header');
  const newline = text.indexOf('\n', MAGIC.length);
  const header = JSON.parse(text.slice(MAGIC.length, newline)) as {
    labels: TextLabel[]; buckets: number; bias: number[]; thresholds: Record<TextLabel, number>; scales: number[]; count: number; meta: Record<string, unknown>;
  };
  if (header.labels.join() !== TEXT_LABELS.join()) throw new Error(`text model labels ${header.labels.join()} do not match ${TEXT_LABELS.join()}`);
  const headBytes = new TextEncoder().encode(text.slice(0, newline + 1)).length;
  const padded = Math.ceil(headBytes / 4) * 4;
  const width = header.labels.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Float32Array(header.buckets * width);
  const weightsAt = padded + header.count * 4;
  for (let k = 0; k < header.count; k++) {
    const b = view.getUint32(padded + k * 4, true);
    for (let l = 0; l < width; l++) weights[b * width + l] = view.getInt16(weightsAt + (k * width + l) * 2, true) * header.scales[l];
  }
  return { labels: header.labels, buckets: header.buckets, weights, bias: header.bias, thresholds: header.thresholds, meta: header.meta };
}

export const MODEL_URL = new URL('./model/text-model.bin', import.meta.url);

export function loadModel(url: URL = MODEL_URL): TextModel {
  return decodeModel(new Uint8Array(readFileSync(url)));
}
