// Validation of one input record for `text analyze` (CLI, JSON Lines) and the HTTP route. Bad input gets a
// message that names what is wrong and where; one bad line never stops the others.
import { MAX_TEXT_LENGTH } from '../../core/events.ts';
import { analyzeDetailed } from './default-model.ts';
import type { TextAnalysis } from './types.ts';
import { unreadableCharacters } from './normalise.ts';

export type LineResult =
  | { ok: true; output: { id: string } & Omit<TextAnalysis, 'evidence'> & { evidence: TextAnalysis['evidence']; notes?: string[] } }
  | { ok: false; output: { id: string | null; error: string } };

const LANG = /^[a-z]{2,3}(?:-[A-Za-z]{2,8})?$/;

/**
 * Why a text cannot be analysed, or undefined when it can. Only a missing, non-string or oversized text is
 * refused: control characters and unpaired surrogates are real text (mis-decoded SMS quotes are U+0091–U+0094)
 * and refusing them would both lose the analysis and hand scammers a way around it. They are ignored with a note.
 */
export function validateText(text: unknown): string | undefined {
  if (text === undefined) return 'missing "text"';
  if (typeof text !== 'string') return `"text" must be a string, got ${text === null ? 'null' : typeof text}`;
  if (text.length > MAX_TEXT_LENGTH) return `"text" is ${text.length} characters; the limit is ${MAX_TEXT_LENGTH}`;
  return undefined;
}

/** Notes on what the analysis ignored in a text (control characters, unpaired surrogates); empty when nothing. */
export function textNotes(text: string): string[] {
  const { count, first } = unreadableCharacters(text);
  if (count === 0 || !first) return [];
  return [`ignored ${count} control or unpaired surrogate character${count === 1 ? '' : 's'} (first ${first.code} at offset ${first.offset}); the rest was analysed`];
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
  const notes = textNotes(text as string);
  return { ok: true, output: { id: name, labels, scores, entities, lang: detected, evidence, ...(notes.length > 0 ? { notes } : {}) } };
}

function fail(id: string | null, error: string): LineResult {
  return { ok: false, output: { id, error } };
}
