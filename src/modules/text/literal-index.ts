// Aho-Corasick automaton over UTF-16 units: one pass over a text lists every item (a word-list alternative) one of
// whose literals occurs in it. Laid out in flat typed arrays rather than a Map per trie node, and with a dense
// transition row per node for the ASCII units the literals use: Latin text then costs one array read per
// character, where a Map lookup per character and the walk down fail links cost several cache misses each amid the
// model weights and other tables the analysis touches. Other units (CJK, Hangul, Thai…) follow sparse edges.

interface BuildNode {
  next: Map<number, number>;
  outputs: number[];
  fail: number;
}

export class LiteralIndex {
  readonly size: number;
  /** Symbol per UTF-16 unit: 1..asciiSymbols for ASCII units, higher for the rest, 0 for units in no literal. */
  private readonly symbols = new Uint16Array(0x10000);
  private readonly asciiSymbols: number;
  /**
   * dense[node * asciiSymbols + symbol - 1]: the full transition (goto or fail) on an ASCII symbol. 16-bit while
   * the nodes fit (the word lists make about 26,000): half the memory, so more of it stays in cache.
   */
  private readonly dense: Uint16Array | Int32Array;
  /** Sparse edges of each node (for non-ASCII symbols): pairs (symbol, child) in edges[edgeStart…], sorted. */
  private readonly edgeStart: Int32Array;
  private readonly edgeCount: Int32Array;
  private readonly edges: Int32Array;
  private readonly fail: Int32Array;
  /** Nearest node down the fail chain (the node itself first) that has outputs; 0 for none. */
  private readonly outNode: Int32Array;
  private readonly outLink: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outCount: Int32Array;
  private readonly outputIds: Int32Array;
  private readonly always: number[] = [];
  /** Per-item stamp of the scan that listed it, so a scan never clears an array. */
  private readonly stamps: Uint32Array;
  private stamp = 0;
  /** The items of the last scan, in `live[0…liveCount)`. */
  readonly live: Int32Array;
  liveCount = 0;

  constructor(literalsPerItem: readonly (readonly string[] | undefined)[]) {
    this.size = literalsPerItem.length;
    this.stamps = new Uint32Array(this.size);
    this.live = new Int32Array(this.size);
    const usable = literalsPerItem.map((literals, item) => {
      const ok = literals !== undefined && literals.length > 0 && !literals.includes('');
      if (!ok) this.always.push(item);
      return ok ? literals : [];
    });
    this.asciiSymbols = this.assignSymbols(usable);
    const trie = buildTrie(usable, this.symbols);
    const order = linkFailures(trie);
    // Renumber nodes in breadth-first order: the shallow, hot nodes sit together.
    const index = new Int32Array(trie.length);
    order.forEach((node, i) => (index[node] = i));
    const n = trie.length;
    [this.fail, this.outNode, this.outLink, this.outStart, this.outCount] = [0, 0, 0, 0, 0].map(() => new Int32Array(n));
    [this.edgeStart, this.edgeCount] = [new Int32Array(n), new Int32Array(n)];
    const edges: number[] = [];
    const outputs: number[] = [];
    order.forEach((node, i) => {
      const b = trie[node];
      this.fail[i] = index[b.fail];
      this.outStart[i] = outputs.length;
      this.outCount[i] = b.outputs.length;
      for (const item of b.outputs) outputs.push(item);
      this.edgeStart[i] = edges.length;
      this.edgeCount[i] = b.next.size;
      const sorted = b.next.size > 1 ? [...b.next].sort((x, y) => x[0] - y[0]) : b.next;
      for (const [symbol, child] of sorted) edges.push(symbol, index[child]);
    });
    order.forEach((_, i) => {
      // Breadth-first: a node's fail target comes earlier, so its output node is already known.
      this.outNode[i] = this.outCount[i] > 0 ? i : i === 0 ? 0 : this.outNode[this.fail[i]];
      this.outLink[i] = i === 0 ? 0 : this.outNode[this.fail[i]];
    });
    this.edges = Int32Array.from(edges);
    this.outputIds = Int32Array.from(outputs);
    this.dense = this.denseRows(n);
  }

  /** ASCII units first (they get dense rows), then the rest in order of appearance. */
  private assignSymbols(literals: readonly (readonly string[])[]): number {
    let count = 0;
    const units = new Set<number>();
    for (const list of literals) for (const literal of list) for (let i = 0; i < literal.length; i++) units.add(literal.charCodeAt(i));
    for (const unit of [...units].filter((u) => u < 0x80).sort((a, b) => a - b)) this.symbols[unit] = ++count;
    const ascii = count;
    // 0xffff symbols at most: only if every UTF-16 unit occurred in the word lists would this overflow.
    for (const unit of units) if (unit >= 0x80) this.symbols[unit] = ++count;
    return ascii;
  }

  /**
   * The full transition on every ASCII symbol from every node: a node's row is its fail node's row (breadth-first,
   * so already filled) with its own ASCII edges written over it.
   */
  private denseRows(n: number): Uint16Array | Int32Array {
    const width = this.asciiSymbols;
    const dense = n <= 0xffff ? new Uint16Array(n * width) : new Int32Array(n * width);
    for (let i = 0; i < n; i++) {
      if (i > 0) dense.copyWithin(i * width, this.fail[i] * width, this.fail[i] * width + width);
      const start = this.edgeStart[i];
      for (let e = start, end = start + 2 * this.edgeCount[i]; e < end; e += 2) {
        if (this.edges[e] <= width) dense[i * width + this.edges[e] - 1] = this.edges[e + 1];
      }
    }
    return dense;
  }

  /** Lists (in `live`) every item that may match `text`. */
  scan(text: string): void {
    const stamp = ++this.stamp;
    this.liveCount = 0;
    for (const item of this.always) this.add(item, stamp);
    const { symbols, dense, asciiSymbols: width, outNode, outLink, outStart, outCount, outputIds } = this;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const symbol = symbols[unit];
      if (symbol === 0) node = 0;
      else if (symbol <= width) node = dense[node * width + symbol - 1];
      else node = this.sparseStep(node, symbol);
      for (let out = outNode[node]; out !== 0; out = outLink[out]) {
        for (let k = outStart[out], end = k + outCount[out]; k < end; k++) {
          if (this.stamps[outputIds[k]] !== stamp) this.add(outputIds[k], stamp);
        }
      }
    }
  }

  private add(item: number, stamp: number): void {
    this.stamps[item] = stamp;
    this.live[this.liveCount++] = item;
  }

  /** Goto or fail on a non-ASCII symbol: the child on it, else the same from the fail node, down to the root. */
  private sparseStep(from: number, symbol: number): number {
    const { edges, edgeStart, edgeCount, fail } = this;
    for (let node = from; ; node = fail[node]) {
      let lo = edgeStart[node];
      let hi = lo + 2 * edgeCount[node];
      while (hi - lo > 16) {
        const mid = lo + (((hi - lo) >> 2) << 1);
        if (edges[mid] <= symbol) lo = mid;
        else hi = mid;
      }
      for (let e = lo; e < hi && edges[e] <= symbol; e += 2) if (edges[e] === symbol) return edges[e + 1];
      if (node === 0) return 0;
    }
  }
}

function buildTrie(literals: readonly (readonly string[])[], symbols: Uint16Array): BuildNode[] {
  const trie: BuildNode[] = [{ next: new Map(), outputs: [], fail: 0 }];
  literals.forEach((list, item) => {
    for (const literal of list) {
      let node = 0;
      for (let i = 0; i < literal.length; i++) {
        const symbol = symbols[literal.charCodeAt(i)];
        let child = trie[node].next.get(symbol);
        if (child === undefined) {
          child = trie.length;
          trie.push({ next: new Map(), outputs: [], fail: 0 });
          trie[node].next.set(symbol, child);
        }
        node = child;
      }
      if (!trie[node].outputs.includes(item)) trie[node].outputs.push(item);
    }
  });
  return trie;
}

/** Breadth-first fail links (textbook Aho-Corasick); returns the nodes in breadth-first order. */
function linkFailures(trie: BuildNode[]): number[] {
  const order = [0];
  for (let q = 0; q < order.length; q++) {
    const node = order[q];
    for (const [symbol, child] of trie[node].next) {
      let fail = 0;
      if (node !== 0) {
        let f = trie[node].fail;
        while (f !== 0 && !trie[f].next.has(symbol)) f = trie[f].fail;
        fail = trie[f].next.get(symbol) ?? 0;
      }
      trie[child].fail = fail;
      order.push(child);
    }
  }
  return order;
}
