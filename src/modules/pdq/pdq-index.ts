// A growable PDQ match index: immutable multi-index-hashing segments plus a small pending buffer that is
// scanned linearly, merged into a segment once it fills. Adjacent segments are merged when they become
// similar in size (as in a log-structured merge), so a query touches O(log n) segments. Disabling marks an
// id; it is never deleted, matching how banks keep disabled entries for the record.
// Browser-safe: no Node APIs.
import { hashToWords, normalizePdqHash, wordsToHash } from './hash256.ts';
import { MAX_SEGMENT_SIZE, MihSegment, scanWords } from './index-mih.ts';

export interface IndexMatch {
  id: number;
  distance: number;
}

/** Hashes added after the last build wait here; scanning 4096 of them costs about as much as one segment probe. */
const PENDING_LIMIT = 4096;
/** Beyond the 8-bit distance of PDQ hashes nothing is gained; also bounds probing cost. */
export const MAX_SEARCH_DISTANCE = 256;

export interface SearchOptions {
  /** Scan every entry instead of probing the index (the reference the index is tested against). */
  bruteForce?: boolean;
  /** Also return disabled entries (to check whether a hash is already on record). */
  includeDisabled?: boolean;
}

interface Segment {
  base: number;
  mih: MihSegment;
}

export class PdqIndex {
  private segments: Segment[] = [];
  private pending = new Uint32Array(PENDING_LIMIT * 8);
  private pendingCount = 0;
  private pendingBase = 0;
  private readonly disabled = new Set<number>();
  private readonly queryWords = new Uint32Array(8);

  /** Bulk load: builds segments straight from a word array (8 words per hash), ids 0..count-1. */
  static fromWords(words: Uint32Array, count = words.length / 8): PdqIndex {
    const index = new PdqIndex();
    for (let start = 0; start < count; start += MAX_SEGMENT_SIZE) {
      const n = Math.min(MAX_SEGMENT_SIZE, count - start);
      const slice = start === 0 && n * 8 === words.length ? words : words.slice(start * 8, (start + n) * 8);
      index.segments.push({ base: start, mih: new MihSegment(slice, n) });
    }
    index.pendingBase = count;
    return index;
  }

  /** Number of hashes ever added (disabled ones included). */
  get size(): number {
    return this.pendingBase + this.pendingCount;
  }

  get activeCount(): number {
    return this.size - this.disabled.size;
  }

  /** Adds a hash (64 hex digits) and returns its id. */
  add(hex: string): number {
    const id = this.size;
    hashToWords(normalizePdqHash(hex), this.pending, this.pendingCount * 8);
    this.pendingCount++;
    if (this.pendingCount === PENDING_LIMIT) this.flushPending();
    return id;
  }

  disable(id: number): void {
    this.checkId(id);
    this.disabled.add(id);
  }

  enable(id: number): void {
    this.checkId(id);
    this.disabled.delete(id);
  }

  isEnabled(id: number): boolean {
    return id >= 0 && id < this.size && !this.disabled.has(id);
  }

  hashAt(id: number): string {
    this.checkId(id);
    if (id >= this.pendingBase) return wordsToHash(this.pending, (id - this.pendingBase) * 8);
    const seg = this.segmentOf(id);
    return wordsToHash(seg.mih.words, (id - seg.base) * 8);
  }

  /** Enabled entries within `maxDistance` of the query, nearest first. */
  search(hex: string, maxDistance: number, options: SearchOptions = {}): IndexMatch[] {
    return this.searchWords(hashToWords(normalizePdqHash(hex), this.queryWords), 0, maxDistance, options);
  }

  searchWords(query: Uint32Array, qOff: number, maxDistance: number, options: SearchOptions = {}): IndexMatch[] {
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_SEARCH_DISTANCE) {
      throw new RangeError(`max distance must be an integer from 0 to ${MAX_SEARCH_DISTANCE}, got ${maxDistance}`);
    }
    const found: IndexMatch[] = [];
    const skip = options.includeDisabled ? new Set<number>() : this.disabled;
    for (const seg of this.segments) {
      const collect = (id: number, distance: number) => {
        const global = seg.base + id;
        if (!skip.has(global)) found.push({ id: global, distance });
      };
      if (options.bruteForce) seg.mih.scan(query, qOff, maxDistance, collect);
      else seg.mih.search(query, qOff, maxDistance, collect);
    }
    scanWords(this.pending, this.pendingCount, query, qOff, maxDistance, (id, distance) => {
      const global = this.pendingBase + id;
      if (!skip.has(global)) found.push({ id: global, distance });
    });
    return found.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Bytes held in typed arrays (the bulk of the index's memory). */
  byteSize(): number {
    return this.segments.reduce((n, s) => n + s.mih.byteSize(), this.pending.byteLength);
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.size) throw new RangeError(`no entry with id ${id}`);
  }

  private segmentOf(id: number): Segment {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid].base <= id) lo = mid;
      else hi = mid - 1;
    }
    return this.segments[lo];
  }

  /** Turns the pending buffer into a segment, merging with preceding segments of similar size. */
  private flushPending(): void {
    let base = this.pendingBase;
    let words = this.pending.slice(0, this.pendingCount * 8);
    let count = this.pendingCount;
    while (this.segments.length > 0) {
      const last = this.segments[this.segments.length - 1];
      if (last.mih.count > count * 2 || last.mih.count + count > MAX_SEGMENT_SIZE) break;
      const merged = new Uint32Array((last.mih.count + count) * 8);
      merged.set(last.mih.words.subarray(0, last.mih.count * 8));
      merged.set(words, last.mih.count * 8);
      words = merged;
      count += last.mih.count;
      base = last.base;
      this.segments.pop();
    }
    this.segments.push({ base, mih: new MihSegment(words, count) });
    this.pendingBase += this.pendingCount;
    this.pendingCount = 0;
  }
}
