// Retrains the text stage model from corpus/text and writes src/modules/text/model/text-model.bin.
// Usage: npx node scripts/train-text.ts [--check]   (--check: exit 1 if the committed file differs)
import { readFileSync, writeFileSync } from 'node:fs';
import { buildTextModel } from '../tools/text/build-model.ts';
import { MODEL_URL } from '../src/modules/text/model.ts';

const check = process.argv.includes('--check');
const started = performance.now();
const { model, bytes, corpus } = buildTextModel();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (check) {
  const committed = new Uint8Array(readFileSync(MODEL_URL));
  const same = committed.length === bytes.length && committed.every((b, i) => b === bytes[i]);
  console.log(same ? `model is reproducible (${bytes.length} bytes)` : 'model differs from the committed file: run scripts/train-text.ts');
  process.exit(same ? 0 : 1);
}
writeFileSync(MODEL_URL, bytes);
console.log(`trained on ${corpus.filter((e) => e.split === 'train').length} corpus examples + ${String(model.meta.trainingHam)} ham in ${seconds}s`);
console.log(`thresholds ${JSON.stringify(model.thresholds)}`);
console.log(`wrote ${MODEL_URL.pathname} (${bytes.length} bytes)`);
