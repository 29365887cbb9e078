// Evaluation on real, sourced text (corpus/real): recall per label × language on lines whose source family was
// held out, the false-positive rate of each label on real ordinary messages, and what each obfuscation trick
// costs. The same scoring runs on corpus/real/test (the headline, sealed: never trained or tuned on) and, for
// tuning, on corpus/real/dev with grouped cross-validation (each fold's families left out of training).
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { analyzeWithModel } from '../../src/modules/text/analyze.ts';
import type { TextModel } from '../../src/modules/text/model.ts';
import { OBFUSCATIONS } from './obfuscate.ts';
import type { SourcedLine } from './sourced-corpus.ts';

export interface LabelCount {
  /** Lines carrying the label. */
  pos: number;
  /** Of those, detected. */
  hit: number;
  /** Lines without the label on which it fired (over all scored lines of the language). */
  falseHits: number;
  lines: number;
}

export interface RealReport {
  /** lang → label → counts; `all` sums every language. */
  byLang: Record<string, Record<TextLabel, LabelCount>>;
  /** Scam lines (with at least one label) per language. */
  scamLines: Record<string, number>;
  misses: { lang: string; label: TextLabel; text: string; family: string }[];
}

const emptyLabels = (): Record<TextLabel, LabelCount> =>
  Object.fromEntries(TEXT_LABELS.map((l) => [l, { pos: 0, hit: 0, falseHits: 0, lines: 0 }])) as Record<TextLabel, LabelCount>;

/** Scores lines; `predict` lets cross-validation use a different model per fold. */
export function scoreLines(lines: SourcedLine[], predict: (line: SourcedLine) => TextLabel[]): RealReport {
  const report: RealReport = { byLang: { all: emptyLabels() }, scamLines: { all: 0 }, misses: [] };
  for (const line of lines) {
    const predicted = predict(line);
    const byLang = (report.byLang[line.lang] ??= emptyLabels());
    if (line.labels.length > 0) {
      report.scamLines[line.lang] = (report.scamLines[line.lang] ?? 0) + 1;
      report.scamLines.all++;
    }
    for (const label of TEXT_LABELS) {
      for (const c of [byLang[label], report.byLang.all[label]]) {
        c.lines++;
        if (line.labels.includes(label)) {
          c.pos++;
          if (predicted.includes(label)) c.hit++;
        } else if (predicted.includes(label)) c.falseHits++;
      }
      if (line.labels.includes(label) && !predicted.includes(label)) report.misses.push({ lang: line.lang, label, text: line.text, family: line.family });
    }
  }
  return report;
}

export function predictWith(model: TextModel, strongCues = true): (line: { text: string; lang?: string }) => TextLabel[] {
  return (line) => analyzeWithModel(model, line.text, { lang: line.lang, strongCues }).labels;
}

/** Per label, how many of the texts it fired on (the false-positive rate on ordinary messages). */
export function falsePositives(texts: { text: string; lang?: string }[], predict: (line: { text: string; lang?: string }) => TextLabel[]): Record<TextLabel, number> {
  const out = Object.fromEntries(TEXT_LABELS.map((l) => [l, 0])) as Record<TextLabel, number>;
  for (const t of texts) for (const label of predict(t)) out[label]++;
  return out;
}

/** Recall over all positives (label × line) after each trick, next to the recall on the plain text. */
export function obfuscationCost(lines: SourcedLine[], predict: (line: { text: string; lang?: string; family?: string }) => TextLabel[]): { trick: string; recall: number }[] {
  const positives = lines.filter((l) => l.labels.length > 0);
  const recallOf = (transform: (t: string) => string) => {
    let pos = 0;
    let hit = 0;
    for (const line of positives) {
      // The family travels with the text: in dev cross-validation it picks the model that never saw the line.
      const predicted = predict({ text: transform(line.text), lang: line.lang, family: line.family });
      for (const label of line.labels) {
        pos++;
        if (predicted.includes(label)) hit++;
      }
    }
    return pos === 0 ? 1 : hit / pos;
  };
  return [{ trick: 'none', recall: recallOf((t) => t) }, ...Object.entries(OBFUSCATIONS).map(([trick, f]) => ({ trick, recall: recallOf(f) }))];
}

/** Languages whose held-out scam lines reach `minLines`: the ones the recall floor applies to. */
export function floorLanguages(report: RealReport, minLines: number): string[] {
  return Object.keys(report.scamLines).filter((lang) => lang !== 'all' && report.scamLines[lang] >= minLines).sort();
}

export function formatRealTable(report: RealReport): string[] {
  const lines = [`${'lang'.padEnd(6)} ${'lines'.padStart(5)} ${'scam'.padStart(5)}  ${TEXT_LABELS.map((l) => l.padStart(16)).join('')}`];
  const langs = Object.keys(report.byLang).filter((l) => l !== 'all').sort();
  for (const lang of [...langs, 'all']) {
    const labels = report.byLang[lang];
    const cells = TEXT_LABELS.map((label) => {
      const c = labels[label];
      return (c.pos === 0 ? '-' : `${c.hit}/${c.pos} ${(c.hit / c.pos).toFixed(2)}`).padStart(16);
    });
    lines.push(`${lang.padEnd(6)} ${String(labels.offplatform.lines).padStart(5)} ${String(report.scamLines[lang] ?? 0).padStart(5)}  ${cells.join('')}`);
  }
  return lines;
}
