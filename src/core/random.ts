// The project's one seeded PRNG: the simulator's traffic, the text corpus's template fillings, the model's training
// order and the tests' random inputs all draw from it, so the same seed gives the same output on every machine.
// Not for anything secret (receipt codes, keys and tokens use node:crypto).

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (or all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** `length` lower-case hex digits. */
  hex(length: number): string;
  /** `length` digits, the first one not zero. */
  digits(length: number): string;
  /** A new, independent generator derived from this one and a label, so adding draws elsewhere does not shift it. */
  fork(label: string): Random;
}

/** sfc32 seeded through splitmix32: fast, well distributed, and seedable from any 32-bit integer. */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let splitState = Math.trunc(seed) >>> 0;
  const splitmix = (): number => {
    splitState = (splitState + 0x9e3779b9) >>> 0;
    let z = splitState;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32();

  const random: Random = {
    next: () => uint32() / 0x1_0000_0000,
    uint32,
    int: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    chance: (probability) => random.next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(random.next() * items.length)];
    },
    sample: (items, count) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, Math.max(0, count));
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += uint32().toString(16).padStart(8, '0');
      return out.slice(0, length);
    },
    digits: (length) => {
      let out = String(random.int(1, 9));
      while (out.length < length) out += String(random.int(0, 9));
      return out;
    },
    // The label is mixed through a hash, so forks with neighbouring labels do not start on neighbouring states.
    fork: (label) => createRandom((uint32() ^ hashLabel(label)) >>> 0),
  };
  return random;
}

/** FNV-1a, enough to turn a label into a 32-bit seed component. */
export function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
