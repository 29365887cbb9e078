// The evaluation that `chainbreak text eval` prints: the shipped model on the corpus's held-out split, the
// hard negatives in it, and the held-out SpamAssassin ham (easy-ham-2, hard-ham-1) that training never sees.
import { loadCorpus } from './corpus.ts';
import { textModel } from './default-model.ts';
import { evaluate, failures, formatReport, type EvalReport } from './evaluate.ts';
import { loadRealNegatives, REAL_NEGATIVE_PACKAGE, realNegativesAvailable } from './real-negatives.ts';

export function runEvaluation(options: { real?: boolean } = {}): { report: EvalReport; text: string; misses: string[] } {
  const test = loadCorpus().filter((e) => e.split === 'test');
  const useReal = options.real !== false && realNegativesAvailable();
  const real = useReal ? loadRealNegatives(['easy-ham-2', 'hard-ham-1']) : [];
  const report = evaluate(textModel(), test, real);
  const misses = failures(report);
  const lines = [
    `Corpus: corpus/text/templates (held-out split: ${test.length} messages, never used in training)`,
    useReal
      ? `Real negatives: ${REAL_NEGATIVE_PACKAGE} ham, easy-ham-2 + hard-ham-1 (${real.length} e-mails, first 2,000 characters of each body)`
      : `Real negatives: skipped (${options.real === false ? '--no-real' : `${REAL_NEGATIVE_PACKAGE} is not installed`})`,
    `Thresholds: ${JSON.stringify(textModel().thresholds)}`,
    '',
    formatReport(report),
    '',
    misses.length === 0 ? 'Floors (P, R >= 0.90 per label and language; real-negative FPR <= 1%): all met' : `Floors missed:\n  ${misses.join('\n  ')}`,
  ];
  return { report, text: lines.join('\n'), misses };
}
