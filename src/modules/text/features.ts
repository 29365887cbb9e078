// One message → everything the classifier looks at: the normalised views, the language, the entities, the cue
// hits and the feature vector. Training and analysis both go through here, so they cannot drift apart.
import { defang, normalise, toOriginalRange, type NormalisedViews } from './normalise.ts';
import { detectLanguage } from './lang.ts';
import { extractEntities } from './entities.ts';
import { findLinks } from './links.ts';
import { findHandles } from './handles.ts';
import { findCues, type CueHit } from './lexicon.ts';
import { conceptFeatures } from './concepts.ts';
import { featureText, featurise, MASK_CHAR, type Features } from './model.ts';
import type { MappedText } from './normalise.ts';
import type { Entity } from './types.ts';

export interface MessageFeatures {
  views: NormalisedViews;
  lang: string;
  entities: Entity[];
  /**
   * Links and handles that only appear once leetspeak is undone ("h77p5://k4k40-v01c3.icu/in574ll.apk"). They
   * count as evidence and features, but are not reported as entities: their spelling in the text is not the
   * address.
   */
  hiddenLinks: Entity[];
  cues: CueHit[];
  /** The text the n-grams are taken from: `featureText` of the latin view, account numbers masked. */
  ngramText: string;
  features: Features;
}

/**
 * Entities whose characters are random to the model: wallet addresses, IBANs, codes. Leetspeak turns their
 * digits into letters, so left in they add dozens of arbitrary n-grams that drown the words around them
 * ("send $500 to bc1q…"); masked, the entity feature (`ent:crypto_wallet`) speaks for them instead.
 */
const MASKED_ENTITIES = new Set(['crypto_wallet', 'iban', 'bic', 'remittance', 'gift_card', 'bank_account', 'phone']);

export function describeMessage(text: string, langHint?: string): MessageFeatures {
  const views = normalise(text);
  const lang = langHint ?? detectLanguage(views.folded.text);
  const entities = extractEntities(views, lang);
  const hiddenLinks = views.latin.text === views.links.text ? [] : findHiddenLinks(views, entities);
  const cues = findCues(views.latin.text);
  const extras = new Set<string>();
  for (const hit of cues) extras.add(featureName('cue:', hit.cue.name));
  for (const entity of entities) addEntityFeatures(entity, extras);
  for (const entity of hiddenLinks) addEntityFeatures(entity, extras);
  // A linear model cannot see "pretext and a link together" on its own: the conjunction is a feature.
  if (extras.has('ent:url') && (extras.has('cue:app_lure.pretext') || extras.has('cue:app_lure.install'))) extras.add('combo:lure_with_link');
  // A broken-call excuse and an install request in one message are the lure even when the link came earlier.
  if (extras.has('cue:app_lure.pretext') && extras.has('cue:app_lure.install')) extras.add('combo:pretext_install');
  const ngramText = maskEntities(featureText(views.latin.text), views.latin, entities, randomTokens(views));
  const features = featurise(ngramText, [...extras].sort(), conceptFeatures(views.latin.text));
  return { views, lang, entities, hiddenLinks, cues, ngramText, features };
}

/** Replaces the characters of random-looking entities with MASK_CHAR; feature-text position p is latin p - 1. */
/**
 * Long letter-and-digit tokens that no extractor recognised (an address broken up with dots, a code, a hash):
 * random to the model like a wallet address, so masked too. Found on the links view, where digits are still
 * digits; the lookbehind makes each match start at a token's start (linear time).
 */
const RANDOM_TOKEN = /(?<![\p{L}\p{N}.])(?=[\p{L}.]*\p{N})(?=[\p{N}.]*\p{L})[\p{L}\p{N}.]{16,}/gu;

/** RANDOM_TOKEN for ASCII text, where \p{L} is [A-Za-z] and \p{N} is [0-9]: the same matches, no property look-ups. */
const ASCII_RANDOM_TOKEN = /(?<![A-Za-z0-9.])(?=[A-Za-z.]*[0-9])(?=[0-9.]*[A-Za-z])[A-Za-z0-9.]{16,}/g;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function randomTokens(views: NormalisedViews): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const text = views.links.text;
  if (!mayHoldRandomToken(text)) return out;
  const ascii = isAscii(text);
  const [pattern, digit] = ascii ? [ASCII_RANDOM_TOKEN, /[0-9]/g] : [RANDOM_TOKEN, /\p{N}/gu];
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    if ((match[0].match(digit)?.length ?? 0) < 4) continue;
    out.push(toOriginalRange(views.links, match.index, match.index + match[0].length));
  }
  return out;
}

/**
 * False only when `randomTokens` cannot find anything: no run of characters that may be letters, digits or dots
 * reaches 16 UTF-16 units with 4 that may be digits (a token is such a run, at least 16 code points long, and
 * needs 4 digits). For ASCII the classes are exact; every non-ASCII unit is taken for a run character and those
 * in NUMERIC for digits, so the answer errs only towards running the regex. Cheaper than the regex, whose
 * lookaheads and property classes are tried at every run start: CJK or Thai chat without digits skips it too.
 */
function mayHoldRandomToken(text: string): boolean {
  let run = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let digit: boolean;
    if (code >= 0x80) digit = numericUnits()[code] === 1;
    else {
      digit = code >= 48 && code <= 57;
      if (!(digit || code === 46 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90))) {
        run = 0;
        digits = 0;
        continue;
      }
    }
    run++;
    if (digit) digits++;
    if (run >= 16 && digits >= 4) return true;
  }
  return false;
}

let NUMERIC: Uint8Array | undefined;
/**
 * 1 for every UTF-16 unit that is `\p{N}` on its own, and for every surrogate (an astral digit is two of them:
 * counted twice, which only errs towards the regex). Built at the first non-ASCII message, about 13 ms, once.
 */
function numericUnits(): Uint8Array {
  if (NUMERIC === undefined) {
    const table = new Uint8Array(0x10000);
    const units: string[] = [];
    for (let c = 0; c < 0x10000; c++) units.push(c >= 0xd800 && c <= 0xdfff ? ' ' : String.fromCharCode(c));
    for (const match of units.join('').matchAll(/\p{N}/gu)) table[match.index] = 1;
    table.fill(1, 0xd800, 0xe000);
    NUMERIC = table;
  }
  return NUMERIC;
}

function maskEntities(text: string, latin: MappedText, entities: Entity[], extra: { start: number; end: number }[] = []): string {
  const ranges = [...entities.filter((e) => MASKED_ENTITIES.has(e.type)), ...extra];
  if (ranges.length === 0) return text;
  // One sweep: latin offsets only grow, so ranges sorted by start are visited once each (no per-character scan
  // of every range on long messages).
  ranges.sort((a, b) => a.start - b.start);
  const chars = text.split('');
  let r = 0;
  let reach = -1;
  let reachStart = 0;
  for (let p = 0; p < latin.starts.length; p++) {
    while (r < ranges.length && ranges[r].start <= latin.starts[p]) {
      if (ranges[r].end > reach) {
        reach = ranges[r].end;
        reachStart = ranges[r].start;
      }
      r++;
    }
    if (latin.starts[p] >= reachStart && latin.ends[p] <= reach) chars[p + 1] = MASK_CHAR;
  }
  return chars.join('');
}

function findHiddenLinks(views: NormalisedViews, entities: Entity[]): Entity[] {
  const known = new Set(entities.map((e) => `${e.type}:${e.value}`));
  const latin = { ...views, links: defang(views.latin) };
  return [...findLinks(latin), ...findHandles(latin)].filter((e) => !known.has(`${e.type}:${e.value}`));
}

function addEntityFeatures(entity: Entity, extras: Set<string>): void {
  extras.add(featureName('ent:', entity.type));
  if (entity.detail?.apk) extras.add('ent:apk');
  if (entity.detail?.shortener) extras.add('ent:shortener');
  if (entity.detail?.lookalike) extras.add('ent:lookalike');
}

/**
 * `prefix + name`, built once per name: a string made afresh for every message is hashed afresh by every Set and
 * Map it meets (extras, the feature-bucket cache), a kept one carries its hash. The names are a small fixed set.
 */
const FEATURE_NAMES = new Map<string, Map<string, string>>();
function featureName(prefix: string, name: string): string {
  let names = FEATURE_NAMES.get(prefix);
  if (names === undefined) FEATURE_NAMES.set(prefix, (names = new Map()));
  let full = names.get(name);
  if (full === undefined) names.set(name, (full = prefix + name));
  return full;
}
