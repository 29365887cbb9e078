// Scores one message for the five stages and gathers the evidence for each label that passes its threshold.
import { TEXT_LABELS, type Span, type TextLabel } from '../../core/signals.ts';
import { toOriginalRange } from './normalise.ts';
import { describeMessage, type MessageFeatures } from './features.ts';
import { logits, sigmoid, type TextModel } from './model.ts';
import type { AnalyzeOptions, Entity, TextAnalysis } from './types.ts';

/** A direct `.apk` download in a chat is the app lure itself, whatever the words around it say. */
export const APK_LINK_SCORE = 0.97;
/** A strong cue (lexicon-acts.ts: wordings that are the act, e.g. "ばらまくぞ", "i demand $500") decides its label. */
export const STRONG_CUE_SCORE = 0.9;

/** Which entities are evidence of which label. */
const ENTITY_EVIDENCE: Record<TextLabel, (e: Entity) => boolean> = {
  offplatform: (e) => e.type === 'messenger_handle',
  app_lure: (e) => e.type === 'url' && Boolean(e.detail?.apk || e.detail?.lookalike || e.detail?.shortener),
  escalation: () => false,
  threat: () => false,
  payment: (e) => ['iban', 'bic', 'bank_account', 'ewallet', 'remittance', 'gift_card', 'crypto_wallet'].includes(e.type),
};

export interface DetailedAnalysis extends TextAnalysis {
  /** Labels fired by a rule on their own (e.g. `app_lure` by an .apk link), with the rule's code. */
  rules: Partial<Record<TextLabel, string>>;
  /** Links visible only after leetspeak is undone; evidence, not entities. */
  hiddenLinks: Entity[];
  /** Cue names that matched per label, for reasons. */
  cues: Record<TextLabel, string[]>;
}

export function analyzeWithModel(model: TextModel, text: string, options: AnalyzeOptions = {}): DetailedAnalysis {
  const message = describeMessage(text, options.lang);
  const raw = logits(model, message.features);
  const scores = {} as Record<TextLabel, number>;
  const rules: Partial<Record<TextLabel, string>> = {};
  TEXT_LABELS.forEach((label, l) => {
    scores[label] = sigmoid(raw[l]);
  });
  if ([...message.entities, ...message.hiddenLinks].some((e) => e.type === 'url' && e.detail?.apk)) {
    scores.app_lure = Math.max(scores.app_lure, APK_LINK_SCORE);
    rules.app_lure = 'apk_link';
  }
  for (const hit of message.cues) {
    if (!hit.cue.strong || options.strongCues === false) continue;
    const label = hit.cue.label;
    if (scores[label] < STRONG_CUE_SCORE) scores[label] = STRONG_CUE_SCORE;
    rules[label] ??= 'strong_cue';
  }
  const labels = TEXT_LABELS.filter((label) => scores[label] >= model.thresholds[label]);
  const evidence = {} as Record<TextLabel, Span[]>;
  const cues = {} as Record<TextLabel, string[]>;
  for (const label of TEXT_LABELS) {
    cues[label] = [];
    evidence[label] = labels.includes(label) ? evidenceFor(label, message, model) : [];
  }
  // Each label's cue names once, in order of first hit.
  for (const hit of message.cues) if (!cues[hit.cue.label].includes(hit.cue.name)) cues[hit.cue.label].push(hit.cue.name);
  for (const label of TEXT_LABELS) scores[label] = Math.round(scores[label] * 10000) / 10000;
  return { labels, scores, entities: message.entities, lang: message.lang, evidence, rules, cues, hiddenLinks: message.hiddenLinks };
}

function evidenceFor(label: TextLabel, message: MessageFeatures, model: TextModel): Span[] {
  const spans: Span[] = [];
  for (const hit of message.cues) {
    if (hit.cue.label === label) spans.push(span(message, toOriginalRange(message.views.latin, hit.start, hit.end)));
  }
  for (const entity of [...message.entities, ...message.hiddenLinks]) if (ENTITY_EVIDENCE[label](entity)) spans.push(span(message, entity));
  if (spans.length === 0) spans.push(...topNgramSpans(label, message, model));
  return mergeSpans(spans, message.views.original);
}

/** How many n-grams are shown when no cue or entity explains a score. */
const TOP_NGRAMS = 3;

/**
 * When no cue or entity explains a score, the n-grams that pushed it up most are the evidence: the first
 * TOP_NGRAMS n-gram buckets by contribution (ties in bucket order, as a stable sort would leave them), each shown
 * at its first occurrence. One pass with a three-slot insertion instead of sorting every bucket, and the
 * occurrences come from `featurise` (`firsts`) instead of a second walk of the text.
 */
function topNgramSpans(label: TextLabel, message: MessageFeatures, model: TextModel): Span[] {
  const l = TEXT_LABELS.indexOf(label);
  const { buckets, values, firsts } = message.features;
  const top: number[] = [];
  const best: number[] = [];
  for (let k = 0; k < firsts.length; k++) {
    const contribution = model.weights[buckets[k] * TEXT_LABELS.length + l] * values[k];
    if (!(contribution > 0)) continue;
    if (top.length === TOP_NGRAMS && contribution <= best[TOP_NGRAMS - 1]) continue;
    // Strictly greater moves ahead: an equal contribution stays behind the earlier bucket.
    let j = Math.min(top.length, TOP_NGRAMS - 1);
    while (j > 0 && contribution > best[j - 1]) {
      top[j] = top[j - 1];
      best[j] = best[j - 1];
      j--;
    }
    top[j] = k;
    best[j] = contribution;
  }
  const latin = message.views.latin;
  return top.map((k) => {
    const at = Math.max(0, firsts[k] - 1);
    return span(message, toOriginalRange(latin, at, Math.min(latin.text.length, at + 4)));
  });
}

function span(message: MessageFeatures, range: { start: number; end: number }): Span {
  const original = message.views.original;
  const { start, end } = wholeNumbers(original, range);
  return { field: 'text', start, end, text: original.slice(start, end) };
}

/**
 * A cue such as "a currency sign and a digit" matches the start of an amount; marked as it matched, "$500" read as
 * "$5" and "00" in the console. A span that starts or ends inside a number is widened to the whole number
 * (digits with their thousands and decimal separators), never into words.
 */
function wholeNumbers(text: string, range: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = range;
  const digit = (i: number) => i >= 0 && i < text.length && isDigitUnit(text, i);
  const inNumber = (i: number) => digit(i) || (isSeparatorUnit(text, i) && digit(i - 1) && digit(i + 1));
  if (end > start && digit(end - 1)) while (inNumber(end)) end++;
  if (end > start && digit(start)) while (inNumber(start - 1)) start--;
  return { start, end };
}

/** `/\p{Nd}/u.test(text[i])`: ASCII answered from the code, only other units asked of the regex. */
function isDigitUnit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return code >= 48 && code <= 57;
  return DECIMAL_DIGIT.test(text[i]);
}
const DECIMAL_DIGIT = /\p{Nd}/u;

/** `/[,.]/.test(text[i] ?? '')`, without the one-character string. */
function isSeparatorUnit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code === 44 || code === 46;
}

function mergeSpans(spans: Span[], original: string): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      last.text = original.slice(last.start, last.end);
    } else merged.push({ ...s });
  }
  return merged;
}
