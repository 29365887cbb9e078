import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildTextModel } from '../../tools/text/build-model.ts';
import { decodeModel, encodeModel, logits, MODEL_URL, type Features, type TextModel } from '../../src/modules/text/model.ts';
import { describeMessage } from '../../src/modules/text/features.ts';
import { runEvaluation } from '../../tools/text/eval-run.ts';
import { loadCorpus } from '../../tools/text/corpus.ts';

test('retraining from the corpus reproduces the committed weights file byte for byte', () => {
  const committed = new Uint8Array(readFileSync(MODEL_URL));
  const { bytes } = buildTextModel();
  assert.equal(bytes.length, committed.length, 'size differs: run `npx node scripts/train-text.ts`');
  assert.ok(bytes.every((b, i) => b === committed[i]), 'content differs: run `npx node scripts/train-text.ts`');
});

test('the weights file round-trips through encode/decode', () => {
  const model = decodeModel(new Uint8Array(readFileSync(MODEL_URL)));
  const again = decodeModel(encodeModel(model));
  assert.deepEqual(again.thresholds, model.thresholds);
  assert.deepEqual(again.bias, model.bias);
  let maxError = 0;
  for (let i = 0; i < model.weights.length; i += 97) maxError = Math.max(maxError, Math.abs(again.weights[i] - model.weights[i]));
  assert.ok(maxError < 1e-3, `quantisation drift ${maxError}`);
  assert.throws(() => decodeModel(new TextEncoder().encode('not a model')), /CBTEXT1/);
});

/** The plain per-label sums, bucket by bucket: what `logits` must give exactly, however it is written. */
function referenceLogits(model: TextModel, features: Features): number[] {
  const width = model.labels.length;
  const out = model.bias.slice();
  for (let k = 0; k < features.buckets.length; k++) {
    for (let l = 0; l < width; l++) out[l] += model.weights[features.buckets[k] * width + l] * features.values[k];
  }
  return out;
}

test('logits are exactly the per-label sums in bucket order (the scores cannot move with a faster loop)', () => {
  const model = decodeModel(new Uint8Array(readFileSync(MODEL_URL)));
  const texts = loadCorpus().slice(0, 300).map((e) => e.text);
  texts.push('', 'send $500 now or the video goes to your family', '動画を家族にばらまくぞ');
  for (const text of texts) {
    const { features } = describeMessage(text);
    assert.deepEqual(logits(model, features), referenceLogits(model, features), text);
  }
  // A model of another width takes the general path: same sums.
  const three = { ...model, labels: model.labels.slice(0, 3), bias: model.bias.slice(0, 3), weights: model.weights.subarray(0, model.buckets * 3) };
  const { features } = describeMessage('send $500 now or the video goes to your family');
  assert.deepEqual(logits(three, features), referenceLogits(three, features));
});

test('the held-out split never overlaps training and covers every language and label', () => {
  const corpus = loadCorpus();
  const train = new Set(corpus.filter((e) => e.split !== 'test').map((e) => e.text));
  const held = corpus.filter((e) => e.split === 'test');
  assert.ok(held.every((e) => !train.has(e.text)));
  const langs = new Set(held.map((e) => e.lang));
  for (const lang of ['en', 'tl', 'ko', 'ja', 'zh', 'id', 'ms', 'th', 'vi', 'es', 'fr', 'hi', 'hi-Latn']) assert.ok(langs.has(lang), lang);
});

test('text eval scores the held-out real split by counts only, real ordinary messages, and every obfuscation trick', () => {
  // Structure, not numbers: the held-out figures are reported by `chainbreak text eval` and kept in docs/detection.md.
  const result = runEvaluation({ templates: true });
  assert.ok(result.headline.scamLines.all > 0, 'the held-out real split was scored');
  const ham = Object.entries(result.ordinary).find(([name]) => name.includes('spam-assassin'));
  assert.ok(ham && ham[1].total > 1000, 'the real negative set was scored');
  assert.ok(ham[1].fired.threat / ham[1].total <= 0.005 && ham[1].fired.app_lure / ham[1].total <= 0.005, JSON.stringify(ham[1].fired));
  assert.deepEqual(result.obfuscation.map((o) => o.trick).slice(0, 2), ['none', 'homoglyphs']);
  assert.ok(!result.text.includes(result.headline.misses[0]?.text ?? '\u0000'), 'no sealed line is printed');
  assert.ok(result.templates && result.templates.perLabel.threat.support > 0);
});
