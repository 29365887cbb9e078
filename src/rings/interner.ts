// String → dense integer id, as an open-addressing hash table over typed arrays.
// Why not a `Map<string, number>`: on Node 24, inserting 5 million fresh strings into a Map took 15 s on this
// machine against about 3 s here (see docs/benchmarks.md), and a Map is capped at 2^24 entries. Each slot holds the
// key's hash next to its id, so a probe past another key never touches that key's string (one cache miss, not three),
// and growing the table never re-hashes a string.
/** Slots store id + 1, so a freshly allocated (zeroed) table is already empty and needs no fill pass. */
const EMPTY = 0;

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
  /** The key of each id, in id order. */
  readonly keys: string[] = [];
  /** Each id's namespace (a small number, e.g. the identifier type), so equal keys of two types stay apart. */
  private namespaces: Uint8Array;
  /** Slot s holds the hash at [2s] and id + 1 at [2s + 1] (0 = empty). */
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
  }

  get size(): number {
    return this.keys.length;
  }

  namespaceOf(id: number): number {
    return this.namespaces[id];
  }

  /** The id of `key` in `namespace`, or -1. */
  get(key: string, namespace = 0): number {
    const hash = fnv1a(key, namespace);
    const slots = this.slots;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = slots[2 * s + 1] - 1;
      if (id === -1) return -1;
      if (slots[2 * s] === hash && this.keys[id] === key && this.namespaces[id] === namespace) return id;
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
      if (slots[2 * s] === hash && this.keys[id] === key && this.namespaces[id] === namespace) {
        this.created = false;
        return id;
      }
      s = (s + 1) & this.mask;
    }
    const id = this.keys.length;
    this.keys.push(key);
    if (id === this.namespaces.length) this.growNamespaces();
    this.namespaces[id] = namespace;
    slots[2 * s] = hash;
    slots[2 * s + 1] = id + 1;
    this.created = true;
    // Keep the load factor at or under one half, so probes stay short.
    if (this.keys.length * 4 > slots.length) this.rehash((this.mask + 1) * 2);
    return id;
  }

  private growNamespaces(): void {
    const next = new Uint8Array(this.namespaces.length * 2);
    next.set(this.namespaces);
    this.namespaces = next;
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
