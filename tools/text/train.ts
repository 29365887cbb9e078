// Trains the per-label logistic-regression heads on the corpus's training split and picks each label's
// threshold on the calibration split. Deterministic: fixed example order, seeded shuffles, no wall clock, so
// the same corpus always yields the same weights file.
import { createRandom } from '../../src/core/random.ts';
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { describeMessage } from '../../src/modules/text/features.ts';
import { logits, MODEL_BUCKETS, sigmoid, type Features, type TextModel } from '../../src/modules/text/model.ts';

export interface TrainingExample {
  text: string;
  lang?: string;
  labels: readonly TextLabel[];
  /** `negative:<kind>` marks a hard negative, which counts double: it sits right next to a scam message. */
  group?: string;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  seed?: number;
  meta?: Record<string, unknown>;
}

interface Prepared {
  features: Features;
  targets: number[];
  weight: number;
}

const HARD_NEGATIVE_WEIGHT = 3;

export function trainModel(train: TrainingExample[], calibration: TrainingExample[], options: TrainOptions = {}): TextModel {
  const epochs = options.epochs ?? 14;
  const rate = options.learningRate ?? 0.6;
  const width = TEXT_LABELS.length;
  const weights = new Float64Array(MODEL_BUCKETS * width);
  const bias = new Array<number>(width).fill(0);
  const prepared = train.map(prepare);
  const random = createRandom(options.seed ?? 20241123).next;
  const order = prepared.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    const lr = rate / (1 + epoch * 0.15);
    for (const index of order) {
      const { features, targets, weight } = prepared[index];
      const out = bias.slice();
      for (let k = 0; k < features.buckets.length; k++) {
        const base = features.buckets[k] * width;
        for (let l = 0; l < width; l++) out[l] += weights[base + l] * features.values[k];
      }
      for (let l = 0; l < width; l++) {
        const gradient = (sigmoid(out[l]) - targets[l]) * weight;
        bias[l] -= lr * gradient * 0.1;
        for (let k = 0; k < features.buckets.length; k++) weights[features.buckets[k] * width + l] -= lr * gradient * features.values[k];
      }
    }
  }
  const model: TextModel = {
    labels: TEXT_LABELS,
    buckets: MODEL_BUCKETS,
    weights: Float32Array.from(weights),
    bias,
    thresholds: Object.fromEntries(TEXT_LABELS.map((l) => [l, 0.5])) as Record<TextLabel, number>,
    meta: { ...(options.meta ?? {}), epochs, learningRate: rate, trainExamples: train.length, calibrationExamples: calibration.length },
  };
  model.thresholds = calibrateThresholds(model, calibration.map(prepare));
  return model;
}

function prepare(example: TrainingExample): Prepared {
  const { features } = describeMessage(example.text, example.lang);
  const weight = example.group?.startsWith('negative:') ? HARD_NEGATIVE_WEIGHT : 1;
  return { features, targets: TEXT_LABELS.map((label) => (example.labels.includes(label) ? 1 : 0)), weight };
}

/**
 * Per label, the threshold with the best F-score on the calibration split (F2 for the recall-weighted labels:
 * a missed stage is the costly error, and the conversation layer, not this one, decides when to act); among
 * equally good thresholds, the
 * middle of the range, so that a small shift in scores does not flip decisions.
 */
function calibrateThresholds(model: TextModel, calibration: Prepared[]): Record<TextLabel, number> {
  const scored = calibration.map((p) => ({ scores: logits(model, p.features).map(sigmoid), targets: p.targets }));
  const thresholds = {} as Record<TextLabel, number>;
  TEXT_LABELS.forEach((label, l) => {
    let best = -1;
    let bestRange: number[] = [];
    for (let t = lowestThreshold(label); t <= 0.9001; t += 0.01) {
      const f1 = f1At(scored, l, t, RECALL_WEIGHTED.has(label) ? 2 : 1);
      if (f1 > best + 1e-9) {
        best = f1;
        bestRange = [t];
      } else if (Math.abs(f1 - best) <= 1e-9) bestRange.push(t);
    }
    thresholds[label] = Math.round(bestRange[Math.floor(bestRange.length / 2)] * 100) / 100;
  });
  return thresholds;
}

/**
 * Where the threshold search starts. Threat never goes below 0.28: the hard negatives that calibrate are also
 * trained on (build-model.ts), so calibration sees them scored low and F1 slides to the grid's floor. Measured
 * with dev cross-validation, strong cues off: floor 0.20 → threat recall 85/99, false threat on real ordinary
 * dev lines 5/84; 0.28 → 80/99 and 2/84; 0.35 → 77/99 and 2/84. A false threat opens cases on ordinary
 * conversations, which the conversation floor (≤ 1%) cannot afford. Third round (issue 10, reported-speech
 * negatives trained on): calibration slid to the 0.28 floor and threat fired on 5 of the 2,732 unseen easy-ham-1
 * sentences ("where do you get your data?" 0.47); floor 0.32 (shipped threshold 0.34) → 2 of 2,732, dev CV threat
 * 83 → 82 of 99, narrator lines 5 → 4 of 154.
 */
function lowestThreshold(label: TextLabel): number {
  return label === 'threat' ? 0.32 : 0.2;
}

/**
 * Labels whose thresholds favour recall (F2). Threat and app_lure use F1: they must stay under 0.5% on ordinary
 * chat (issue 10), and a false threat or lure opens cases; the others are acts ordinary chat performs too.
 */
const RECALL_WEIGHTED = new Set<TextLabel>(['offplatform', 'escalation']);

function f1At(scored: { scores: number[]; targets: number[] }[], l: number, threshold: number, beta: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { scores, targets } of scored) {
    const predicted = scores[l] >= threshold;
    if (predicted && targets[l] === 1) tp++;
    else if (predicted) fp++;
    else if (targets[l] === 1) fn++;
  }
  const b2 = beta * beta;
  return tp === 0 ? 0 : ((1 + b2) * tp) / ((1 + b2) * tp + b2 * fn + fp);
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}
