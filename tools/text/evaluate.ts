// Held-out evaluation: precision, recall and F1 per label overall and per language on the corpus's test split,
// and false-positive rates on the hard negatives (per kind) and on the real SpamAssassin ham.
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { analyzeWithModel } from '../../src/modules/text/analyze.ts';
import type { Example } from './corpus.ts';
import type { TextModel } from '../../src/modules/text/model.ts';
import type { RealNegative } from './real-negatives.ts';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  support: number;
}

export interface EvalReport {
  perLabel: Record<TextLabel, Counts>;
  perLanguage: Record<string, Record<TextLabel, Counts>>;
  /** negative kind → [messages with any label, messages] */
  negatives: Record<string, { flagged: number; total: number }>;
  flaggedRealNegatives: { id: string; labels: TextLabel[] }[];
}

const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0, support: 0 });

export function evaluate(model: TextModel, test: Example[], realNegatives: RealNegative[]): EvalReport {
  const perLabel = Object.fromEntries(TEXT_LABELS.map((l) => [l, empty()])) as Record<TextLabel, Counts>;
  const perLanguage: Record<string, Record<TextLabel, Counts>> = {};
  const negatives: Record<string, { flagged: number; total: number }> = {};
  for (const example of test) {
    const predicted = analyzeWithModel(model, example.text, { lang: example.lang }).labels;
    const byLang = (perLanguage[example.lang] ??= Object.fromEntries(TEXT_LABELS.map((l) => [l, empty()])) as Record<TextLabel, Counts>);
    for (const label of TEXT_LABELS) count([perLabel[label], byLang[label]], example.labels.includes(label), predicted.includes(label));
    if (example.group.startsWith('negative:')) tally(negatives, example.group.slice('negative:'.length), predicted.length > 0);
  }
  const flaggedRealNegatives: EvalReport['flaggedRealNegatives'] = [];
  for (const negative of realNegatives) {
    const labels = analyzeWithModel(model, negative.text).labels;
    tally(negatives, `spamassassin:${negative.group}`, labels.length > 0);
    if (labels.length > 0) flaggedRealNegatives.push({ id: negative.id, labels });
  }
  return { perLabel, perLanguage, negatives, flaggedRealNegatives };
}

function count(targets: Counts[], actual: boolean, predicted: boolean): void {
  for (const c of targets) {
    if (actual) c.support++;
    if (actual && predicted) c.tp++;
    else if (predicted) c.fp++;
    else if (actual) c.fn++;
  }
}

function tally(into: Record<string, { flagged: number; total: number }>, key: string, flagged: boolean): void {
  const entry = (into[key] ??= { flagged: 0, total: 0 });
  entry.total++;
  if (flagged) entry.flagged++;
}

export function precision(c: Counts): number {
  return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
}
export function recall(c: Counts): number {
  return c.support === 0 ? 1 : c.tp / c.support;
}
export function f1(c: Counts): number {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Which floors the report misses (recall/precision ≥ 0.90 per label and language, real-negative FPR ≤ 1%). */
export function failures(report: EvalReport, floor = 0.9, maxFalsePositiveRate = 0.01): string[] {
  const out: string[] = [];
  for (const [lang, labels] of Object.entries(report.perLanguage)) {
    for (const label of TEXT_LABELS) {
      const c = labels[label];
      if (c.support > 0 && recall(c) < floor) out.push(`${lang} ${label} recall ${recall(c).toFixed(3)}`);
      if (c.tp + c.fp > 0 && precision(c) < floor) out.push(`${lang} ${label} precision ${precision(c).toFixed(3)}`);
    }
  }
  const real = Object.entries(report.negatives).filter(([k]) => k.startsWith('spamassassin:'));
  const flagged = real.reduce((s, [, v]) => s + v.flagged, 0);
  const total = real.reduce((s, [, v]) => s + v.total, 0);
  if (total > 0 && flagged / total > maxFalsePositiveRate) out.push(`real-negative false-positive rate ${(flagged / total).toFixed(4)}`);
  return out;
}

export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  const row = (name: string, c: Counts) =>
    `${name.padEnd(24)} ${String(c.support).padStart(5)} ${precision(c).toFixed(3).padStart(9)} ${recall(c).toFixed(3).padStart(7)} ${f1(c).toFixed(3).padStart(6)}`;
  const header = `${'label'.padEnd(24)} ${'pos'.padStart(5)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(6)}`;
  lines.push('Held-out split, all languages', header);
  for (const label of TEXT_LABELS) lines.push(row(label, report.perLabel[label]));
  for (const lang of Object.keys(report.perLanguage).sort()) {
    lines.push('', `Language ${lang}`, header);
    for (const label of TEXT_LABELS) lines.push(row(label, report.perLanguage[lang][label]));
  }
  lines.push('', 'False-positive rate on negatives (a message counts if any label fires)', `${'set'.padEnd(32)} ${'flagged'.padStart(8)} ${'total'.padStart(6)} ${'FPR'.padStart(7)}`);
  for (const [name, { flagged, total }] of Object.entries(report.negatives).sort()) {
    lines.push(`${name.padEnd(32)} ${String(flagged).padStart(8)} ${String(total).padStart(6)} ${((100 * flagged) / total).toFixed(2).padStart(6)}%`);
  }
  const real = Object.entries(report.negatives).filter(([k]) => k.startsWith('spamassassin:'));
  const flagged = real.reduce((s, [, v]) => s + v.flagged, 0);
  const total = real.reduce((s, [, v]) => s + v.total, 0);
  if (total > 0) lines.push(`${'spamassassin (all held-out ham)'.padEnd(32)} ${String(flagged).padStart(8)} ${String(total).padStart(6)} ${((100 * flagged) / total).toFixed(2).padStart(6)}%`);
  return lines.join('\n');
}
