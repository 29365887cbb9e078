// String → dense integer id, as an open-addressing hash table over typed arrays, with the keys' characters kept in
// one growable UTF-16 arena instead of as millions of JavaScript strings.
// Why not a `Map<string, number>`: on Node 24, inserting 5 million fresh strings took about twice as long in a Map
// as here (bench/rings/interner.ts, figures in docs/benchmarks.md), and a Map is capped at 2^24 entries.
// Why an arena: retained strings are copied out of the young generation by the garbage collector and cost about
// 32 bytes of header each; in the arena a key costs two bytes per character plus four for its offset, and the
// caller's string dies young. Each slot holds the key's hash next to its id, so a probe past another key rarely
// touches the arena, and growing the table never re-hashes a key.
const EMPTY = 0; // slots store id + 1, so a freshly allocated (zeroed) table is already empty

function fnv1a(s: string, namespace: number): number {
  let h = Math.imul(0x811c9dc5 ^ namespace, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // Final avalanche so that keys differing only in their last characters spread over the low bits too.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

export class StringInterner {
  /** Characters of every key, back to back; key `id` spans [starts[id], starts[id + 1]). */
  private chars: Uint16Array;
  private starts: Uint32Array;
  private count = 0;
  /** Each id's namespace (a small number, e.g. the identifier type), so equal keys of two types stay apart. */
  private namespaces: Uint8Array;
  /** Slot s holds the hash at [2s] and id + 1 at [2s + 1]. */
  private slots: Int32Array;
  private mask: number;
  /** Whether the last `intern` call created its key. */
  created = false;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.namespaces = new Uint8Array(Math.max(16, expected));
    this.starts = new Uint32Array(Math.max(16, expected) + 1);
    this.chars = new Uint16Array(Math.max(64, expected * 8));
  }

  get size(): number {
    return this.count;
  }

  namespaceOf(id: number): number {
    return this.namespaces[id];
  }

  /** The key of `id` (a new string each call). */
  keyOf(id: number): string {
    const start = this.starts[id];
    const end = this.starts[id + 1];
    let out = '';
    for (let k = start; k < end; k += 4096) out += String.fromCharCode(...this.chars.subarray(k, Math.min(end, k + 4096)));
    return out;
  }

  private equals(id: number, key: string, namespace: number): boolean {
    const start = this.starts[id];
    if (this.starts[id + 1] - start !== key.length || this.namespaces[id] !== namespace) return false;
    const chars = this.chars;
    for (let k = 0; k < key.length; k++) if (chars[start + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  /** The id of `key` in `namespace`, or -1. */
  get(key: string, namespace = 0): number {
    const hash = fnv1a(key, namespace);
    const slots = this.slots;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = slots[2 * s + 1] - 1;
      if (id === -1) return -1;
      if (slots[2 * s] === hash && this.equals(id, key, namespace)) return id;
    }
  }

  /** The id of `key` in `namespace`, adding it with the next id when it is new (then `created` is true). */
  intern(key: string, namespace = 0): number {
    const hash = fnv1a(key, namespace);
    const slots = this.slots;
    let s = hash & this.mask;
    for (;;) {
      const id = slots[2 * s + 1] - 1;
      if (id === -1) break;
      if (slots[2 * s] === hash && this.equals(id, key, namespace)) {
        this.created = false;
        return id;
      }
      s = (s + 1) & this.mask;
    }
    const id = this.append(key, namespace);
    slots[2 * s] = hash;
    slots[2 * s + 1] = id + 1;
    this.created = true;
    // Keep the load factor at or under one half, so probes stay short.
    if (this.count * 4 > slots.length) this.rehash((this.mask + 1) * 2);
    return id;
  }

  private append(key: string, namespace: number): number {
    const id = this.count++;
    if (id + 1 >= this.starts.length) this.growIds();
    const start = this.starts[id];
    if (start + key.length > this.chars.length) this.growChars(start + key.length);
    const chars = this.chars;
    for (let k = 0; k < key.length; k++) chars[start + k] = key.charCodeAt(k);
    this.starts[id + 1] = start + key.length;
    this.namespaces[id] = namespace;
    return id;
  }

  private growIds(): void {
    const starts = new Uint32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const namespaces = new Uint8Array(starts.length);
    namespaces.set(this.namespaces);
    this.namespaces = namespaces;
  }

  private growChars(needed: number): void {
    let size = this.chars.length * 2;
    while (size < needed) size *= 2;
    const chars = new Uint16Array(size);
    chars.set(this.chars);
    this.chars = chars;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === EMPTY) continue;
      let s = old[o] & mask;
      while (slots[2 * s + 1] !== EMPTY) s = (s + 1) & mask;
      slots[2 * s] = old[o];
      slots[2 * s + 1] = old[o + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
