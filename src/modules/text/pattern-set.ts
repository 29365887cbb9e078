// Runs a word list (the cue or concept regexes) on a message without paying for the words that are not in it. Each
// pattern is a long alternation (`video ?call|vid ?call|facetime|…`), and a regex search tries every alternative at
// every position of the text: on a short message that is most of the analysis. Here each top-level alternative
// gets the literal sets its every match contains a string of (regex-literals.ts), one Aho-Corasick pass over the
// text (literal-index.ts) says which sets occur, hence which alternatives could match anywhere in it (all their
// sets occur), and the pattern runs with only those. Why that changes no result: an alternative with a set of
// which nothing occurs in the text cannot match at any position, so dropping it changes neither where the
// leftmost match is nor which alternative wins there. The reduced regexes
// are compiled once per combination and kept (bounded), so the lists stay plain regex sources built at load time.
import { LiteralIndex } from './literal-index.ts';
import { sourceRequirements, topLevelAlternatives } from './regex-literals.ts';

/** Reduced regexes kept across messages; past this many a pattern simply runs whole (still the same result). */
const REDUCED_LIMIT = 4096;

interface Entry {
  pattern: RegExp;
  /** Sources of its top-level alternatives; one (the whole source) when it is not split. */
  alternatives: string[];
  /** Index of its first alternative among all the set's alternatives. */
  first: number;
  /** Reduced regexes by live alternatives (`1,4,`), for two or more live ones. */
  reduced: Map<string, RegExp>;
  /** Reduced regexes with one live alternative, by its index: the common case, with no key string to build and hash. */
  single: (RegExp | undefined)[];
}

/**
 * For patterns whose callers read only the whole match (`match[0]`, `index`, `test`): splitting renumbers capture
 * groups.
 */
export class PatternSet {
  private readonly entries: Entry[] = [];
  /** Owning pattern of each alternative. */
  private readonly owner: Int32Array;
  private readonly index: LiteralIndex;
  /** Per alternative: how many literal sets it requires (0: always live); per set, the alternatives requiring it. */
  private readonly need: Int32Array;
  private readonly setStart: Int32Array;
  private readonly setAlternatives: Int32Array;
  private readonly always: Int32Array;
  /** Per alternative during a scan: sets found so far (valid where hitStamp is the scan's). */
  private readonly hits: Int32Array;
  private readonly hitStamp: Uint32Array;
  /** After a scan: the live alternatives sorted, and per pattern its run in that list (stamped by scan). */
  private readonly sorted: Int32Array;
  private readonly runStart: Int32Array;
  private readonly runEnd: Int32Array;
  private readonly runStamp: Uint32Array;
  private stamp = 0;
  private liveCount = 0;
  private reducedCount = 0;

  constructor(patterns: readonly RegExp[]) {
    const sets = new Map<string, { literals: string[]; alternatives: number[] }>();
    const need: number[] = [];
    const owner: number[] = [];
    patterns.forEach((pattern, p) => {
      const split = canSplit(pattern) ? topLevelAlternatives(pattern.source) : undefined;
      const alternatives = split ?? [pattern.source];
      this.entries.push({ pattern, alternatives, first: need.length, reduced: new Map(), single: [] });
      for (const source of alternatives) {
        const alternative = need.length;
        const required = split ? sourceRequirements(source) : [];
        for (const literals of required) {
          const key = literals.join('\u0000');
          const set = sets.get(key) ?? { literals, alternatives: [] };
          set.alternatives.push(alternative);
          sets.set(key, set);
        }
        need.push(required.length);
        owner.push(p);
      }
    });
    const list = [...sets.values()];
    this.owner = Int32Array.from(owner);
    this.need = Int32Array.from(need);
    this.always = Int32Array.from(need.flatMap((n, a) => (n === 0 ? [a] : [])));
    this.setStart = new Int32Array(list.length + 1);
    list.forEach((x, i) => (this.setStart[i + 1] = this.setStart[i] + x.alternatives.length));
    this.setAlternatives = Int32Array.from(list.flatMap((x) => x.alternatives));
    this.index = new LiteralIndex(list.map((x) => x.literals));
    this.hits = new Int32Array(need.length);
    this.hitStamp = new Uint32Array(need.length);
    this.sorted = new Int32Array(need.length);
    this.runStart = new Int32Array(patterns.length);
    this.runEnd = new Int32Array(patterns.length);
    this.runStamp = new Uint32Array(patterns.length);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Reads `text` once; `runnable` then answers for it until the next scan. */
  scan(text: string): void {
    const stamp = ++this.stamp;
    this.index.scan(text);
    this.liveCount = 0;
    for (const a of this.always) this.sorted[this.liveCount++] = a;
    const { live, liveCount: found } = this.index;
    for (let k = 0; k < found; k++) {
      const set = live[k];
      for (let j = this.setStart[set]; j < this.setStart[set + 1]; j++) {
        const a = this.setAlternatives[j];
        if (this.hitStamp[a] !== stamp) [this.hitStamp[a], this.hits[a]] = [stamp, 0];
        // Live once every set it requires was found (each set is listed once per scan).
        if (++this.hits[a] === this.need[a]) this.sorted[this.liveCount++] = a;
      }
    }
    sortLive(this.sorted, this.liveCount);
    const sorted = this.sorted;
    // Alternatives of one pattern are numbered contiguously, so after sorting each pattern's live ones are a run.
    for (let k = 0; k < this.liveCount; k++) {
      const p = this.owner[sorted[k]];
      if (this.runStamp[p] !== stamp) {
        this.runStamp[p] = stamp;
        this.runStart[p] = k;
      }
      this.runEnd[p] = k + 1;
    }
  }

  /**
   * The regex that finds exactly the matches pattern `p` has in the scanned text: the pattern itself, or the pattern
   * without the alternatives that cannot match there; null when none can.
   */
  runnable(p: number): RegExp | null {
    if (this.runStamp[p] !== this.stamp) return null;
    const entry = this.entries[p];
    const start = this.runStart[p];
    const live = this.runEnd[p] - start;
    if (live === entry.alternatives.length) return entry.pattern;
    if (live === 1) {
      const alternative = this.sorted[start] - entry.first;
      const kept = entry.single[alternative];
      if (kept !== undefined) return kept;
      if (this.reducedCount >= REDUCED_LIMIT) return entry.pattern;
      this.reducedCount++;
      return (entry.single[alternative] = new RegExp(entry.alternatives[alternative], entry.pattern.flags));
    }
    const key = this.liveKey(entry, start, live);
    let reduced = entry.reduced.get(key);
    if (reduced === undefined) {
      if (this.reducedCount >= REDUCED_LIMIT) return entry.pattern;
      const sources: string[] = [];
      for (let k = start; k < start + live; k++) sources.push(entry.alternatives[this.sorted[k] - entry.first]);
      reduced = new RegExp(sources.map((s) => `(?:${s})`).join('|'), entry.pattern.flags);
      entry.reduced.set(key, reduced);
      this.reducedCount++;
    }
    return reduced;
  }

  private liveKey(entry: Entry, start: number, live: number): string {
    let key = '';
    for (let k = start; k < start + live; k++) key += `${this.sorted[k] - entry.first},`;
    return key;
  }
}

/**
 * Sorts `list[0…count)` ascending in place: insertion sort for the few dozen live alternatives of a short message
 * (no subarray object, no call into the typed-array sort), the built-in sort past that.
 */
function sortLive(list: Int32Array, count: number): void {
  if (count > 48) {
    list.subarray(0, count).sort();
    return;
  }
  for (let k = 1; k < count; k++) {
    const value = list[k];
    let j = k - 1;
    while (j >= 0 && list[j] > value) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = value;
  }
}

/** The literal reader knows `u`-mode syntax, case-sensitive: other patterns run whole, always. */
function canSplit(pattern: RegExp): boolean {
  return pattern.unicode && !pattern.ignoreCase && !pattern.sticky;
}
