// Exact Hamming-radius search over PDQ hashes by multi-index hashing (Norouzi, Punjani and Fleet; the PDQ
// reference describes a 16 x 16-bit variant in README-MIH.md). The 256 bits are cut into m chunks. If two
// hashes are within distance d = m*r + a (0 <= a < m), then either one of the first a+1 chunks differs in at
// most r bits or one of the others differs in at most r-1 bits (pigeonhole), so probing each chunk's table
// with every value within that radius of the query's chunk finds every match; candidates are then verified
// on all 256 bits. The chunk width follows log2 of the segment size (about one entry per bucket), which keeps
// candidates, and therefore random memory reads, few: at 10 million hashes and d = 31 there are 12 chunks of
// 21-22 bits and about 10 000 candidates per query, against 42 000 with fixed 16-bit chunks.
// Memory: 32 bytes of hash plus one 3-byte id per chunk per entry plus the bucket offsets, in typed arrays
// only (no per-hash objects): 10 million hashes take about 810 MB. Browser-safe: no Node APIs.
import { popcount32 } from './hash256.ts';

/** Ids are stored in 3 bytes; larger collections are split into several segments by PdqIndex. */
export const MAX_SEGMENT_SIZE = 1 << 24;
/** Past this per-chunk radius probing costs more than it saves; such queries scan instead. */
const MAX_PROBE_RADIUS = 3;
const MIN_CHUNKS = 12;
const MAX_CHUNKS = 32;

/** Chunk count for a segment: chunks of about log2(count) bits, between 8 and 22 bits wide. */
export function chunkCountFor(count: number): number {
  const bits = Math.log2(Math.max(2, count));
  return Math.min(MAX_CHUNKS, Math.max(MIN_CHUNKS, Math.round(256 / bits)));
}

interface Chunk {
  /** First bit (0 = most significant bit of the first hex digit). */
  start: number;
  width: number;
  /** Start of each bucket's run in `ids` (2^width + 1 entries). */
  offsets: Uint32Array;
  /** Entry ids grouped by chunk value, 3 bytes little-endian each. */
  ids: Uint8Array;
}

/** `width` (<= 24) bits of the hash at `off`, starting at bit `start`. */
function extract(words: Uint32Array, off: number, start: number, width: number): number {
  const w = start >>> 5;
  const s = start & 31;
  let v = (words[off + w] << s) >>> 0;
  if (s + width > 32) v = (v | (words[off + w + 1] >>> (32 - s))) >>> 0;
  return v >>> (32 - width);
}

/** Every `width`-bit value within `radius` (<= 3) bits of `value`, written into `out`; returns the count. */
function neighbours(value: number, width: number, radius: number, out: Uint32Array): number {
  let n = 0;
  out[n++] = value;
  if (radius < 1) return n;
  for (let a = 0; a < width; a++) {
    const va = value ^ (1 << a);
    out[n++] = va;
    if (radius < 2) continue;
    for (let b = a + 1; b < width; b++) {
      const vb = va ^ (1 << b);
      out[n++] = vb;
      if (radius < 3) continue;
      for (let c = b + 1; c < width; c++) out[n++] = vb ^ (1 << c);
    }
  }
  return n;
}

function binomialSum(width: number, radius: number): number {
  let total = 0;
  let term = 1;
  for (let k = 0; k <= radius; k++) {
    total += term;
    term = (term * (width - k)) / (k + 1);
  }
  return total;
}

export type MatchCallback = (id: number, distance: number) => void;

/** An immutable index over `count` hashes stored as 8 words each; ids are positions 0..count-1. */
export class MihSegment {
  readonly count: number;
  readonly words: Uint32Array;
  private readonly chunks: Chunk[] = [];
  private readonly probeScratch = new Uint32Array(1 + 24 + 276 + 2024);
  /** Reused per query: candidate ids and the chunk that produced each. */
  private candidates = new Uint32Array(1024);
  private candidateChunk = new Uint8Array(1024);

  constructor(words: Uint32Array, count = words.length / 8) {
    if (!Number.isInteger(count) || count < 0 || words.length < count * 8) throw new Error('MihSegment: word array too short');
    if (count > MAX_SEGMENT_SIZE) throw new Error(`MihSegment: at most ${MAX_SEGMENT_SIZE} hashes per segment`);
    this.words = words;
    this.count = count;
    const m = chunkCountFor(count);
    const narrow = Math.floor(256 / m);
    const wide = 256 - narrow * m; // the first `wide` chunks get one extra bit
    let start = 0;
    for (let c = 0; c < m; c++) {
      const width = narrow + (c < wide ? 1 : 0);
      this.chunks.push(this.buildChunk(start, width));
      start += width;
    }
  }

  /** Counting sort of ids by chunk value: one pass to size buckets, one to place ids. */
  private buildChunk(start: number, width: number): Chunk {
    const buckets = 2 ** width;
    const offsets = new Uint32Array(buckets + 1);
    for (let id = 0; id < this.count; id++) offsets[extract(this.words, id * 8, start, width) + 1]++;
    for (let v = 0; v < buckets; v++) offsets[v + 1] += offsets[v];
    const cursor = offsets.slice(0, buckets);
    const ids = new Uint8Array(this.count * 3);
    for (let id = 0; id < this.count; id++) {
      const at = cursor[extract(this.words, id * 8, start, width)]++ * 3;
      ids[at] = id & 0xff;
      ids[at + 1] = (id >>> 8) & 0xff;
      ids[at + 2] = id >>> 16;
    }
    return { start, width, offsets, ids };
  }

  /** Per-chunk search radius for distance d (see the file comment); -1 means the chunk is not probed. */
  private radii(maxDistance: number): number[] {
    const m = this.chunks.length;
    const r = Math.floor(maxDistance / m);
    const a = maxDistance - m * r;
    return this.chunks.map((_, c) => (c <= a ? r : r - 1));
  }

  /** Calls `onMatch` once for every stored hash within `maxDistance` of the query (words at `qOff`). */
  search(query: Uint32Array, qOff: number, maxDistance: number, onMatch: MatchCallback): void {
    const radii = this.radii(maxDistance);
    let expectedCandidates = 0;
    radii.forEach((r, c) => (expectedCandidates += r < 0 ? 0 : binomialSum(this.chunks[c].width, r) * (this.count / 2 ** this.chunks[c].width)));
    if (radii[0] > MAX_PROBE_RADIUS || expectedCandidates > this.count / 4) {
      this.scan(query, qOff, maxDistance, onMatch);
      return;
    }
    // Two phases: gather every candidate id first, then verify them. Each phase's memory reads are
    // independent of one another, so the processor overlaps the cache misses that dominate at scale.
    const n = this.gatherCandidates(query, qOff, radii);
    const cand = this.candidates;
    const from = this.candidateChunk;
    const words = this.words;
    const q0 = query[qOff], q1 = query[qOff + 1], q2 = query[qOff + 2], q3 = query[qOff + 3];
    const q4 = query[qOff + 4], q5 = query[qOff + 5], q6 = query[qOff + 6], q7 = query[qOff + 7];
    for (let k = 0; k < n; k++) {
      const o = cand[k] * 8;
      let d = popcount32(words[o] ^ q0) + popcount32(words[o + 1] ^ q1) + popcount32(words[o + 2] ^ q2) + popcount32(words[o + 3] ^ q3);
      if (d > maxDistance) continue;
      d += popcount32(words[o + 4] ^ q4) + popcount32(words[o + 5] ^ q5) + popcount32(words[o + 6] ^ q6) + popcount32(words[o + 7] ^ q7);
      if (d > maxDistance || this.seenInEarlierChunk(o, query, qOff, from[k], radii)) continue;
      onMatch(cand[k], d);
    }
  }

  /** Writes the ids found under every probed chunk value into `candidates`; returns how many. */
  private gatherCandidates(query: Uint32Array, qOff: number, radii: number[]): number {
    const probes = this.probeScratch;
    let n = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      if (radii[c] < 0) continue;
      const { start, width, offsets, ids } = this.chunks[c];
      const nProbes = neighbours(extract(query, qOff, start, width), width, radii[c], probes);
      for (let p = 0; p < nProbes; p++) {
        const v = probes[p];
        const begin = offsets[v];
        const count = offsets[v + 1] - begin;
        if (n + count > this.candidates.length) this.growCandidates(n + count);
        const cand = this.candidates;
        for (let at = begin * 3, k = 0; k < count; k++, at += 3) cand[n + k] = ids[at] | (ids[at + 1] << 8) | (ids[at + 2] << 16);
        this.candidateChunk.fill(c, n, n + count);
        n += count;
      }
    }
    return n;
  }

  private growCandidates(needed: number): void {
    const size = Math.max(needed, this.candidates.length * 2);
    const cand = new Uint32Array(size);
    cand.set(this.candidates);
    const chunk = new Uint8Array(size);
    chunk.set(this.candidateChunk);
    this.candidates = cand;
    this.candidateChunk = chunk;
  }

  /** A match can be reachable from several chunks; report it only from the first one that reaches it. */
  private seenInEarlierChunk(o: number, query: Uint32Array, qOff: number, c: number, radii: number[]): boolean {
    for (let e = 0; e < c; e++) {
      const { start, width } = this.chunks[e];
      if (radii[e] >= 0 && popcount32(extract(this.words, o, start, width) ^ extract(query, qOff, start, width)) <= radii[e]) return true;
    }
    return false;
  }

/** Brute force over every entry: the reference for tests and the path for very large radii. */
  scan(query: Uint32Array, qOff: number, maxDistance: number, onMatch: MatchCallback): void {
    scanWords(this.words, this.count, query, qOff, maxDistance, onMatch);
  }

  /** Bytes held by this segment's arrays. */
  byteSize(): number {
    return this.chunks.reduce((n, c) => n + c.offsets.byteLength + c.ids.byteLength, this.count * 32);
  }
}

/** Linear scan of `count` hashes (8 words each) in `words`. */
export function scanWords(
  words: Uint32Array,
  count: number,
  query: Uint32Array,
  qOff: number,
  maxDistance: number,
  onMatch: MatchCallback,
): void {
  const q0 = query[qOff], q1 = query[qOff + 1], q2 = query[qOff + 2], q3 = query[qOff + 3];
  const q4 = query[qOff + 4], q5 = query[qOff + 5], q6 = query[qOff + 6], q7 = query[qOff + 7];
  for (let id = 0, o = 0; id < count; id++, o += 8) {
    let d = popcount32(words[o] ^ q0) + popcount32(words[o + 1] ^ q1) + popcount32(words[o + 2] ^ q2) + popcount32(words[o + 3] ^ q3);
    if (d > maxDistance) continue;
    d += popcount32(words[o + 4] ^ q4) + popcount32(words[o + 5] ^ q5) + popcount32(words[o + 6] ^ q6) + popcount32(words[o + 7] ^ q7);
    if (d <= maxDistance) onMatch(id, d);
  }
}
