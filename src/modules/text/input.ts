// Validation of one input record for `text analyze` (CLI, JSON Lines) and the HTTP route. Bad input gets a
// message that names what is wrong and where; one bad line never stops the others.
import { MAX_TEXT_LENGTH } from '../../core/events.ts';
import { analyzeDetailed } from './default-model.ts';
import type { TextAnalysis } from './types.ts';

export type LineResult =
  | { ok: true; output: { id: string } & Omit<TextAnalysis, 'evidence'> & { evidence: TextAnalysis['evidence'] } }
  | { ok: false; output: { id: string | null; error: string } };

const LANG = /^[a-z]{2,3}(?:-[A-Za-z]{2,8})?$/;

/** Why a text cannot be analysed, or undefined when it can. */
export function validateText(text: unknown): string | undefined {
  if (text === undefined) return 'missing "text"';
  if (typeof text !== 'string') return `"text" must be a string, got ${text === null ? 'null' : typeof text}`;
  if (text.length > MAX_TEXT_LENGTH) return `"text" is ${text.length} characters; the limit is ${MAX_TEXT_LENGTH}`;
  const surrogate = loneSurrogateAt(text);
  if (surrogate >= 0) return `"text" has a lone surrogate (U+${text.charCodeAt(surrogate).toString(16).toUpperCase()}) at offset ${surrogate}`;
  const control = text.search(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u);
  if (control >= 0) return `"text" has control character U+${text.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0')} at offset ${control}`;
  return undefined;
}

function loneSurrogateAt(text: string): number {
  if (text.isWellFormed()) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** Analyses one parsed record `{id?, text, lang?}`; `fallbackId` names records without an id. */
export function analyzeRecord(record: unknown, fallbackId: string): LineResult {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return fail(null, 'each line must be a JSON object like {"id": "...", "text": "..."}');
  }
  const { id, text, lang } = record as Record<string, unknown>;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') return fail(null, '"id" must be a string');
  const name = id === undefined ? fallbackId : String(id);
  const problem = validateText(text);
  if (problem) return fail(name, problem);
  if (lang !== undefined && (typeof lang !== 'string' || !LANG.test(lang))) return fail(name, '"lang" must be a language code such as "en", "tl" or "hi-Latn"');
  const { labels, scores, entities, lang: detected, evidence } = analyzeDetailed(text as string, { lang: lang as string | undefined });
  return { ok: true, output: { id: name, labels, scores, entities, lang: detected, evidence } };
}

function fail(id: string | null, error: string): LineResult {
  return { ok: false, output: { id, error } };
}
