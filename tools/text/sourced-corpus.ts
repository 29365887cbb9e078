// The two corpora that measure reading of real language, apart from the templates:
// - corpus/real/{dev,test}: real, sourced lines (news, police, court, NGO), one file per source, each source in a
//   family that sits wholly in dev or in test (corpus/real/split.yaml). test is sealed: only the held-out
//   evaluation reads it, never training or tuning.
// - corpus/paraphrase/<lang>.yaml: our own paraphrase families, one act said many ways; each family has an id so a
//   whole family can be held out.
// Narrator lines (a reporter describing an act) are wording hints, not messages: they are never loaded here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { hashString } from '../../src/modules/text/model.ts';

export const REAL_DIR = fileURLToPath(new URL('../../corpus/real/', import.meta.url));
export const PARAPHRASE_DIR = fileURLToPath(new URL('../../corpus/paraphrase/', import.meta.url));

export type RealSplit = 'dev' | 'test';

/** One message of the sourced corpora. */
export interface SourcedLine {
  text: string;
  lang: string;
  labels: TextLabel[];
  /** Source family (real) or paraphrase family id: the unit a held-out evaluation holds out. */
  family: string;
  /** `scammer`, `victim`, `ordinary` (real); `paraphrase` or `paraphrase-negative` (ours). */
  speaker: string;
  /** Where the line came from, for reports: the source URL (real) or the paraphrase file. */
  origin: string;
}

interface RealFile {
  url: string;
  family: string;
  lines: { text: string; lang: string; labels: string[]; speaker: string }[];
}

const isLabel = (l: string): l is TextLabel => (TEXT_LABELS as readonly string[]).includes(l);

/**
 * Real lines of one split, narrator lines left out. Unlabelled lines (a scammer's small talk, a victim's words,
 * ordinary chat) are negatives. Bad files are skipped with a warning: the corpus is validated by
 * corpus/real/check.ts, and evaluation must not crash on a file another branch is still editing.
 */
export function loadRealLines(split: RealSplit, dir = REAL_DIR): SourcedLine[] {
  const folder = join(dir, split);
  if (!existsSync(folder)) return [];
  const out: SourcedLine[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
    let doc: RealFile;
    try {
      doc = parse(readFileSync(join(folder, file), 'utf8')) as RealFile;
    } catch (error) {
      process.emitWarning(`corpus/real/${split}/${file}: ${(error as Error).message}`);
      continue;
    }
    for (const line of doc?.lines ?? []) {
      if (typeof line?.text !== 'string' || line.speaker === 'narrator') continue;
      out.push({
        text: line.text,
        lang: line.lang,
        labels: (line.labels ?? []).filter(isLabel),
        family: doc.family,
        speaker: line.speaker,
        origin: doc.url,
      });
    }
  }
  return out;
}

interface ParaphraseFile {
  lang: string;
  families: Record<string, { labels: string[]; kind?: string; lines: string[] }>;
}

export function loadParaphrases(dir = PARAPHRASE_DIR): SourcedLine[] {
  if (!existsSync(dir)) return [];
  const out: SourcedLine[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as ParaphraseFile;
    for (const [family, { labels, lines }] of Object.entries(doc.families ?? {})) {
      const clean = (labels ?? []).filter(isLabel);
      for (const text of lines ?? []) {
        out.push({ text, lang: doc.lang, labels: clean, family, speaker: clean.length ? 'paraphrase' : 'paraphrase-negative', origin: `corpus/paraphrase/${file}` });
      }
    }
  }
  return out;
}

/**
 * Which paraphrase families calibrate the thresholds instead of training the weights: one in five, by a hash of
 * the family id, so thresholds are set on wording the weights never saw.
 */
export function isCalibrationFamily(family: string): boolean {
  return hashString(family, 0x2545f491) % 5 === 0;
}

/** Fold (0..folds-1) of a family for grouped cross-validation on dev: a source family is never split. */
export function familyFold(family: string, folds: number): number {
  return hashString(family, 0x27d4eb2f) % folds;
}
