// The evaluation that `chainbreak text eval` prints: the shipped model on the corpus's held-out split, the
// hard negatives in it, and the held-out SpamAssassin ham (easy-ham-2, hard-ham-1) that training never sees.
import { loadCorpus, loadFreshMessages } from './corpus.ts';
import { textModel } from './default-model.ts';
import { evaluate, f1, failures, formatReport, precision, recall, type EvalReport } from './evaluate.ts';
import { TEXT_LABELS } from '../../core/signals.ts';
import { loadRealNegatives, REAL_NEGATIVE_PACKAGE, realNegativesAvailable } from './real-negatives.ts';

export function runEvaluation(options: { real?: boolean } = {}): { report: EvalReport; fresh: EvalReport; text: string; misses: string[] } {
  const test = loadCorpus().filter((e) => e.split === 'test');
  const useReal = options.real !== false && realNegativesAvailable();
  const real = useReal ? loadRealNegatives(['easy-ham-2', 'hard-ham-1']) : [];
  const report = evaluate(textModel(), test, real);
  const misses = failures(report);
  const fresh = evaluate(textModel(), loadFreshMessages(), []);
  const lines = [
    `Corpus: corpus/text/templates (held-out split: ${test.length} messages, never used in training)`,
    useReal
      ? `Real negatives: ${REAL_NEGATIVE_PACKAGE} ham, easy-ham-2 + hard-ham-1 (${real.length} e-mails, first 2,000 characters of each body)`
      : `Real negatives: skipped (${options.real === false ? '--no-real' : `${REAL_NEGATIVE_PACKAGE} is not installed`})`,
    `Thresholds: ${JSON.stringify(textModel().thresholds)}`,
    '',
    formatReport(report),
    '',
    formatFresh(fresh),
    '',
    misses.length === 0 ? 'Floors (P, R >= 0.90 per label and language; real-negative FPR <= 1%): all met' : `Floors missed:\n  ${misses.join('\n  ')}`,
  ];
  return { report, fresh, text: lines.join('\n'), misses };
}

/** The unseen-phrasing set is small: one line per label, all languages together, and its false positives. */
function formatFresh(fresh: EvalReport): string {
  const lines = ['Unseen phrasing (corpus/text/fresh.yaml, written apart from the templates; no floor applies)'];
  for (const label of TEXT_LABELS) {
    const c = fresh.perLabel[label];
    lines.push(`${label.padEnd(24)} ${String(c.support).padStart(5)} ${precision(c).toFixed(3).padStart(9)} ${recall(c).toFixed(3).padStart(7)} ${f1(c).toFixed(3).padStart(6)}`);
  }
  const negatives = fresh.negatives.fresh ?? { flagged: 0, total: 0 };
  lines.push(`ordinary messages flagged: ${negatives.flagged} of ${negatives.total}`);
  return lines.join('\n');
}
