// Builds the shipped model from the repository's corpora: the one recipe both scripts/train-text.ts and the
// reproducibility test run, and the one the dev cross-validation repeats with a fold left out.
// Training: template train split (+ one obfuscated copy each), paraphrase families (except the calibration ones),
// real dev lines (scammer lines with their labels; small talk, victims and ordinary chat as negatives) and 600
// easy-ham-1 e-mails. Calibration: the template calibration split and the held-out paraphrase families.
// Never seen here: corpus/real/test, the template test split, easy-ham-2 and hard-ham-1.
import { loadCorpus, type Example } from './corpus.ts';
import { encodeModel, type TextModel } from '../../src/modules/text/model.ts';
import { loadRealNegatives, REAL_NEGATIVE_PACKAGE } from './real-negatives.ts';
import { hamSentences } from './conversation-lines.ts';
import { trainModel, type ThresholdPolicy, type TrainingExample } from './train.ts';
import { OBFUSCATIONS } from './obfuscate.ts';
import { hashString } from '../../src/modules/text/model.ts';
import { isCalibrationFamily, loadParaphrases, loadRealLines, type SourcedLine } from './sourced-corpus.ts';

/** How many easy-ham-1 e-mails join training (every k-th, for a spread over the whole group). */
export const TRAINING_HAM = 600;
/**
 * And how many chat-sized easy-ham-1 sentences: whole e-mails are long, so after L2 normalisation each of their
 * n-grams weighs little, and short ordinary English ("It was clear you were talking about averages.") scored
 * threat 0.93 on n-grams of the sextortion e-mail lines. Only easy-ham-1: the held-out groups stay unseen.
 * Measured on the 2,732 odd-indexed easy-ham-1 sentences that no setting trains on: threat fired on 26 with no
 * sentences, 7 with 1,000, 2 with 2,500; dev CV (strong cues off) threat recall 79 → 76 → 75 of 99, escalation
 * 20 → 17 of 25. The ≤ 0.5% ceiling on ordinary text is the floor that costs cases, so 2,500.
 */
export const TRAINING_HAM_SENTENCES = 2500;

export interface BuildOptions {
  /** Real dev families to leave out of training (dev cross-validation). */
  excludeFamilies?: ReadonlySet<string>;
  /** How many easy-ham-1 sentences to train on (default TRAINING_HAM_SENTENCES; for measuring the choice). */
  hamSentences?: number;
  /** How thresholds are chosen (default: train.ts DEFAULT_THRESHOLD_POLICY); for measuring the choice. */
  thresholdPolicy?: ThresholdPolicy;
}

export function buildTextModel(options: BuildOptions = {}): { model: TextModel; bytes: Uint8Array; corpus: Example[]; calibration: TrainingExample[] } {
  const corpus = loadCorpus();
  const paraphrases = loadParaphrases();
  const real = loadRealLines('dev').filter((l) => !options.excludeFamilies?.has(l.family));
  // Hard-negative families are trained on even when they calibrate: a negative seen only in calibration teaches
  // the weights nothing ("彼女いないよ" fired threat while the ordinary ja negatives sat in calibration only).
  // Dev CV, strong cues off: threat 77→82 of 99 lines, offplatform false hits on real ordinary lines 5→3 of 84.
  // (Real dev scam lines weighted 2 instead of 1 was tried too: threat +1, payment -1, one more false threat; dropped.)
  const trainsWeights = (l: SourcedLine) => !isCalibrationFamily(l.family) || l.labels.length === 0;
  const sourcedTrain = [...paraphrases.filter(trainsWeights).map(toTraining), ...real.map(toTraining)];
  const train: TrainingExample[] = withHiddenVariants([...corpus.filter((e) => e.split === 'train'), ...sourcedTrain]);
  const calibration: TrainingExample[] = [
    ...corpus.filter((e) => e.split === 'calibration'),
    ...paraphrases.filter((l) => isCalibrationFamily(l.family)).map(toTraining),
  ];
  const ham = loadRealNegatives(['easy-ham-1']);
  const step = Math.max(1, Math.floor(ham.length / TRAINING_HAM));
  const hamTrain = ham.filter((_, i) => i % step === 0).slice(0, TRAINING_HAM);
  const sentences = hamSentences(ham);
  const wanted = options.hamSentences ?? TRAINING_HAM_SENTENCES;
  const sentenceStep = Math.max(2, Math.floor(sentences.length / Math.max(1, wanted)));
  const sentenceTrain = wanted === 0 ? [] : sentences.filter((_, i) => i % sentenceStep === 0).slice(0, wanted);
  const negatives = [...hamTrain, ...sentenceTrain].map((h) => ({ text: h.text, lang: 'en', labels: [] }));
  const model = trainModel([...train, ...negatives], calibration, {
    thresholdPolicy: options.thresholdPolicy,
    meta: {
      corpusExamples: corpus.length,
      paraphraseLines: paraphrases.length,
      realDevLines: real.length,
      trainingHam: hamTrain.length,
      trainingHamSentences: sentenceTrain.length,
      hamSource: `${REAL_NEGATIVE_PACKAGE} easy-ham-1`,
    },
  });
  return { model, bytes: encodeModel(model), corpus, calibration };
}

function toTraining(line: SourcedLine): TrainingExample {
  return { text: line.text, lang: line.lang, labels: line.labels, group: line.labels.length === 0 ? 'negative:ordinary' : 'scam' };
}


/**
 * Each training message also appears once with one filter-evasion trick applied (chosen by a hash of its text),
 * so the model sees, e.g., words glued together after collapsed spacing. Held-out messages are never touched.
 */
function withHiddenVariants(examples: TrainingExample[]): TrainingExample[] {
  const tricks = Object.values(OBFUSCATIONS);
  const out: TrainingExample[] = [...examples];
  for (const example of examples) {
    const trick = tricks[hashString(example.text, 0x5bd1e995) % tricks.length];
    const hidden = trick(example.text);
    if (hidden !== example.text) out.push({ ...example, text: hidden });
  }
  return out;
}
