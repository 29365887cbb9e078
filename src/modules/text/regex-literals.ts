// Required literals of a regex: sets of strings such that every match contains one string of each set (the
// `video ?call` alternative needs "video call" or "videocall"; `(?:video|clip).{0,40}(?:family|friends)` needs one
// of the first words and one of the second). pattern-set.ts uses them to skip word-list alternatives that cannot
// match a message. They are only ever necessary conditions: what this parser does not understand yields no
// requirement (the alternative always runs), never a wrong one.

/**
 * What one piece of a pattern can match: `exact`, the finite set of strings it matches (when small), and `all`,
 * literal sets every match contains one string of each of (empty or absent: no constraint known).
 */
interface Info {
  exact?: Set<string>;
  all?: Set<string>[];
}

/** Bounds the cross products of exact sets (`(?:a|b)(?:c|d)`), so a pattern cannot blow up the literal list. */
const EXACT_LIMIT = 64;
/** Requirements kept per piece: the most selective ones; more would cost scan work for little. */
const REQUIREMENT_LIMIT = 3;
const ANY: Info = {};
const EMPTY: Info = { exact: new Set(['']) };
const DIGITS = new Set('0123456789'.split(''));

/**
 * The most selective required literal set of `pattern` (strings one of which every match contains), or undefined
 * when none can be derived (an empty match is possible, the pattern is case-insensitive, or its syntax is beyond
 * this parser).
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  if (pattern.flags.includes('i') || pattern.flags.includes('v')) return undefined;
  return sourceLiterals(pattern.source);
}

/** `requiredLiterals` of a pattern source, read with the `u` flag's syntax and case-sensitive. */
export function sourceLiterals(source: string): string[] | undefined {
  return sourceRequirements(source)[0];
}

/**
 * Every required literal set of a source (the most selective first), each minimal: a match contains one string of
 * each. Empty when nothing can be promised.
 */
export function sourceRequirements(source: string): string[][] {
  let info: Info;
  try {
    const parser = new Parser(source);
    info = parser.alternation();
    if (!parser.done()) return [];
  } catch {
    return [];
  }
  return requirements(info).map((set) => minimal([...set]));
}

/**
 * The top-level alternatives of a pattern source (`a|(?:b|c)|d` → `a`, `(?:b|c)`, `d`), each a valid source on
 * its own. Undefined when the source cannot be read safely (unbalanced, or a back-reference that would point
 * elsewhere once split).
 */
export function topLevelAlternatives(source: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      if (/[1-9k]/.test(source[i + 1] ?? '')) return undefined;
      i++;
    } else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return undefined;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || inClass) return undefined;
  out.push(source.slice(start));
  return out;
}

/** Drops every literal that contains another one: the shorter occurring is already implied. */
function minimal(literals: string[]): string[] {
  const sorted = [...new Set(literals)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const literal of sorted) if (!kept.some((k) => literal.includes(k))) kept.push(literal);
  return kept;
}

function requirements(info: Info): Set<string>[] {
  if (info.exact) return info.exact.has('') ? [] : [info.exact];
  return info.all ?? [];
}

/** The most selective single requirement. */
function toQuery(info: Info): Set<string> | undefined {
  return requirements(info)[0];
}

/** How selective a query is: its shortest literal's length (non-ASCII characters are rarer, so they count double). */
function strength(query: Set<string>): number {
  let weakest = Infinity;
  for (const literal of query) {
    let weight = 0;
    for (let i = 0; i < literal.length; i++) weight += literal.charCodeAt(i) < 0x80 ? 1 : 2;
    weakest = Math.min(weakest, weight);
  }
  return weakest - query.size / 1000;
}

/** The most selective requirements first, duplicates dropped, at most REQUIREMENT_LIMIT. */
function strongest(sets: Set<string>[]): Set<string>[] {
  if (sets.length <= 1) return sets;
  const scored = sets.map((set) => ({ set, score: strength(set) })).sort((a, b) => b.score - a.score);
  const out: Set<string>[] = [];
  for (const { set } of scored) {
    if (out.length === REQUIREMENT_LIMIT) break;
    if (!out.some((o) => o.size === set.size && [...set].every((x) => o.has(x)))) out.push(set);
  }
  return out;
}

function product(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** Either side matched: what both promise is one string of the union of one requirement from each. */
function alternate(a: Info, b: Info): Info {
  if (a.exact && b.exact && a.exact.size + b.exact.size <= EXACT_LIMIT) return { exact: new Set([...a.exact, ...b.exact]) };
  const qa = toQuery(a);
  const qb = toQuery(b);
  return { all: qa && qb ? [new Set([...qa, ...qb])] : [] };
}

function repeat(info: Info, min: number, max: number): Info {
  if (min === 1 && max === 1) return info;
  if (min === 0 && max === 1) return info.exact ? { exact: new Set([...info.exact, '']) } : ANY;
  if (min === 0) return ANY;
  return { all: requirements(info) };
}

/** Recursive descent over the regex syntax the word lists use; anything unknown throws (then no prefilter). */
class Parser {
  private at = 0;
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  done(): boolean {
    return this.at >= this.source.length;
  }

  alternation(): Info {
    let info = this.sequence();
    while (this.source[this.at] === '|') {
      this.at++;
      info = alternate(info, this.sequence());
    }
    return info;
  }

  /**
   * Consecutive exact pieces are multiplied out into one run ("v","i","d","e","o" → "video"; `vcs?` → vc, vcs);
   * where a piece has no exact set (`.{0,40}`, `\w*`) the run ends. Every run and piece of a sequence is
   * required, so the sequence requires all of theirs (the most selective few).
   */
  private sequence(): Info {
    let run = new Set(['']);
    let exact = true;
    const all: Set<string>[] = [];
    while (!this.done() && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const piece = this.quantified(this.atom());
      if (piece.exact && run.size * piece.exact.size <= EXACT_LIMIT) {
        run = product(run, piece.exact);
        continue;
      }
      exact = false;
      all.push(...requirements({ exact: run }));
      if (piece.exact) run = piece.exact;
      else {
        all.push(...requirements(piece));
        run = new Set(['']);
      }
    }
    if (exact) return { exact: run };
    return { all: strongest([...all, ...requirements({ exact: run })]) };
  }

  private quantified(atom: Info): Info {
    const c = this.source[this.at];
    let min = 1;
    let max = 1;
    if (c === '?' || c === '*' || c === '+') {
      this.at++;
      [min, max] = c === '?' ? [0, 1] : c === '*' ? [0, Infinity] : [1, Infinity];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!m) throw new Error('bad quantifier');
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    if (this.source[this.at] === '?') this.at++; // lazy: same strings
    return repeat(atom, min, max);
  }

  private atom(): Info {
    const c = this.source[this.at];
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.at++;
    if (c === '.') return ANY;
    if (c === '^' || c === '$') return EMPTY;
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ']' || c === '}') throw new Error(`stray ${c}`);
    return { exact: new Set([this.withLowSurrogate(c)]) };
  }

  /** Under the `u` flag an astral character is one atom: keep its two UTF-16 units together. */
  private withLowSurrogate(c: string): string {
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && this.at < this.source.length) return c + this.source[this.at++];
    return c;
  }

  private group(): Info {
    this.at++;
    let lookaround = false;
    if (this.source[this.at] === '?') {
      const head = this.source.slice(this.at, this.at + 3);
      if (head.startsWith('?:')) this.at += 2;
      else if (head.startsWith('?=') || head.startsWith('?!')) [this.at, lookaround] = [this.at + 2, true];
      else if (head === '?<=' || head === '?<!') [this.at, lookaround] = [this.at + 3, true];
      else if (head.startsWith('?<')) this.at = this.source.indexOf('>', this.at) + 1;
      else throw new Error('unknown group');
    }
    const inner = this.alternation();
    if (this.source[this.at] !== ')') throw new Error('unclosed group');
    this.at++;
    // A lookaround consumes nothing; its content need not lie inside the match, so it adds no literal.
    return lookaround ? EMPTY : inner;
  }

  private escape(): Info {
    const c = this.source[this.at + 1];
    this.at += 2;
    if (c === undefined) throw new Error('trailing backslash');
    if (c === 'b' || c === 'B') return EMPTY;
    if (c === 'd') return { exact: DIGITS };
    if ('DwWsS'.includes(c)) return ANY;
    if (c === 'p' || c === 'P') {
      this.at = this.source.indexOf('}', this.at) + 1;
      if (this.at === 0) throw new Error('bad property escape');
      return ANY;
    }
    const literal = this.escapedLiteral(c);
    if (literal === undefined) throw new Error(`unsupported escape \\${c}`);
    return { exact: new Set([literal]) };
  }

  /** The character an escape stands for (`\.`, `\$`, `\n`, `\u00e9`); undefined for back-references and the like. */
  private escapedLiteral(c: string): string | undefined {
    const controls: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };
    if (c in controls) return controls[c];
    if (c === 'u' || c === 'x') {
      const m = c === 'x' ? /^[0-9a-f]{2}/i.exec(this.source.slice(this.at)) : /^(?:[0-9a-f]{4}|\{[0-9a-f]+\})/i.exec(this.source.slice(this.at));
      if (!m) return undefined;
      this.at += m[0].length;
      return String.fromCodePoint(parseInt(m[0].replace(/[{}]/g, ''), 16));
    }
    if (/[a-zA-Z0-9]/.test(c)) return undefined;
    return this.withLowSurrogate(c);
  }

  /** A bracket class: its characters when it is a short positive list; otherwise no constraint. */
  private charClass(): Info {
    this.at++;
    const negated = this.source[this.at] === '^';
    if (negated) this.at++;
    const chars = new Set<string>();
    let known = !negated;
    while (this.source[this.at] !== ']') {
      if (this.done()) throw new Error('unclosed class');
      const first = this.classAtom();
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']') {
        this.at++;
        const last = this.classAtom();
        if (first === undefined || last === undefined) throw new Error('bad range');
        const [from, to] = [first.codePointAt(0) ?? 0, last.codePointAt(0) ?? 0];
        if (to - from > EXACT_LIMIT) known = false;
        else for (let code = from; code <= to; code++) chars.add(String.fromCodePoint(code));
      } else if (first === undefined) known = false;
      else chars.add(first);
    }
    this.at++;
    return known && chars.size <= EXACT_LIMIT ? { exact: chars } : ANY;
  }

  /** One character of a class, or undefined for a shorthand class (`\d`, `\s`, `\p{L}`) inside it. */
  private classAtom(): string | undefined {
    const c = this.source[this.at++];
    if (c !== '\\') return this.withLowSurrogate(c);
    const e = this.source[this.at++];
    if (e === 'p' || e === 'P') {
      this.at = this.source.indexOf('}', this.at) + 1;
      return undefined;
    }
    if ('dDwWsS'.includes(e)) return undefined;
    if (e === 'b') return '\b';
    const literal = this.escapedLiteral(e);
    if (literal === undefined) throw new Error(`unsupported class escape \\${e}`);
    return literal;
  }
}
