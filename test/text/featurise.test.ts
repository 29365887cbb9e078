import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featurise, hashString, MASK_CHAR, MODEL_BUCKETS, NGRAM_MAX, NGRAM_MIN } from '../../src/modules/text/model.ts';

/**
 * The counting the fast featurise must equal: every 2–4-gram (none spanning MASK_CHAR) and every named feature
 * into a Map, in order of first sight, with each n-gram bucket's first start.
 */
function reference(text: string, extras: string[], concepts: string[]) {
  const counts = new Map<number, number>();
  const firsts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    for (let n = NGRAM_MIN; n <= NGRAM_MAX && i + n <= text.length; n++) {
      const gram = text.slice(i, i + n);
      if (gram.includes(MASK_CHAR)) break;
      const bucket = (Math.imul(hashString(gram) ^ n, 0x9e3779b1) >>> 0) & (MODEL_BUCKETS - 1);
      if (!counts.has(bucket)) firsts.push(i);
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
  }
  const named = (name: string, amount: number) => {
    const bucket = hashString(`x:${name}`) & (MODEL_BUCKETS - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + amount);
  };
  for (const name of extras) named(name, 4);
  for (const name of concepts) named(name, 3);
  const norm = Math.sqrt([...counts.values()].reduce((sum, v) => sum + v * v, 0)) || 1;
  return { buckets: [...counts.keys()], values: [...counts.values()].map((v) => v / norm), firsts };
}

test('featurise counts like a plain map, on short text and on counts past one byte', () => {
  const cases: [string, string[], string[]][] = [
    [' send me the video or i post it \u0000\u0000\u0000 today ', ['cue:threat.share', 'ent:url'], ['pair:MEDIA+AUDIENCE']],
    // 3,000 repeats of one n-gram: its count passes 255 and must come back whole.
    [` ${'ab'.repeat(1500)} `, ['cue:payment.demand'], []],
    // A named feature landing on a bucket already at 255 or more.
    [` ${'a'.repeat(600)} `, ['cue:x'], ['pair:A+B', 'pair:A+B']],
    ['', [], []],
  ];
  for (const [text, extras, concepts] of cases) {
    const got = featurise(text, extras, concepts);
    const want = reference(text, extras, concepts);
    assert.deepEqual({ buckets: got.buckets, values: got.values, firsts: got.firsts }, want);
  }
  // Nothing leaks into the next message: the short case again gives the same vector.
  const [text, extras, concepts] = cases[0];
  assert.deepEqual(featurise(text, extras, concepts).values, reference(text, extras, concepts).values);
});
