// Operating points (tools/text/train.ts): best F-beta for threat and app_lure, recall-first for the acts whose
// danger the conversation layer decides (offplatform, escalation, payment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { textModel } from '../../src/modules/text/default-model.ts';
import { analyzeWithModel } from '../../src/modules/text/analyze.ts';
import { DEFAULT_THRESHOLD_POLICY, thresholdsFromScores, type ScoredCalibration, type ThresholdPolicy } from '../../tools/text/train.ts';

const PAYMENT = TEXT_LABELS.indexOf('payment');

/** A calibration list where only the payment score varies: positives and negatives at the given scores. */
function calibration(positives: number[], negatives: number[]): ScoredCalibration {
  const row = (score: number, target: number) => ({
    scores: TEXT_LABELS.map((_, l) => (l === PAYMENT ? score : 0)),
    targets: TEXT_LABELS.map((_, l) => (l === PAYMENT ? target : 0)),
  });
  return [...positives.map((s) => row(s, 1)), ...negatives.map((s) => row(s, 0))];
}

function paymentPolicy(rule: ThresholdPolicy[TextLabel]): ThresholdPolicy {
  return { ...DEFAULT_THRESHOLD_POLICY, payment: rule };
}

test('the recall rule picks the highest threshold that keeps calibration recall at the target', () => {
  // 20 positives: one at 0.25, the rest from 0.5 up. Recall 0.95 holds up to 0.5; 1.0 only up to 0.25.
  const positives = [0.25, ...Array.from({ length: 19 }, (_, i) => 0.5 + i * 0.02)];
  const scored = calibration(positives, [0.3, 0.4, 0.45]);
  assert.equal(thresholdsFromScores(scored, paymentPolicy({ kind: 'recall', target: 0.95, floor: 0.1 })).payment, 0.5);
  assert.equal(thresholdsFromScores(scored, paymentPolicy({ kind: 'recall', target: 1, floor: 0.1 })).payment, 0.25);
  // F1 trades the one low positive for the three negatives above it: a higher threshold than recall-first.
  assert.ok(thresholdsFromScores(scored, paymentPolicy({ kind: 'f', beta: 1 })).payment > 0.45);
});

test('the recall rule falls back to its floor when no threshold reaches the target', () => {
  const scored = calibration([0.01, 0.02, 0.6], []);
  assert.equal(thresholdsFromScores(scored, paymentPolicy({ kind: 'recall', target: 0.95, floor: 0.22 })).payment, 0.22);
});

test('the shipped model is recall-first for offplatform, escalation and payment and F1 for threat and app_lure', () => {
  const kinds = Object.fromEntries(TEXT_LABELS.map((l) => [l, DEFAULT_THRESHOLD_POLICY[l].kind]));
  assert.deepEqual(kinds, { offplatform: 'recall', app_lure: 'f', escalation: 'recall', threat: 'f', payment: 'recall' });
  const thresholds = textModel().thresholds;
  for (const label of ['offplatform', 'escalation', 'payment'] as TextLabel[]) {
    const rule = DEFAULT_THRESHOLD_POLICY[label];
    assert.ok(rule.kind === 'recall' && thresholds[label] >= (rule.floor ?? 0), `${label} ${thresholds[label]} under its floor`);
  }
});

test('a label passing a low threshold still shows evidence', () => {
  const model = textModel();
  // Genuine moves to another app: acts by definition, low-scored, and each must say why it fired.
  for (const text of ['You can use Facebook messenger on your phone or computer, but classics like Skype work just as well.', 'Schedule in Skype chats and plan date nights']) {
    const analysis = analyzeWithModel(model, text, { lang: 'en', strongCues: false });
    for (const label of analysis.labels) assert.ok(analysis.evidence[label].length > 0, `${label} on "${text}" has no evidence`);
  }
});
