import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PdqIndex, type IndexMatch } from '../../src/modules/pdq/pdq-index.ts';
import { hammingDistance, hashToWords, wordsToHash } from '../../src/modules/pdq/hash256.ts';
import { hashList } from './fixtures.ts';
import { createRandom } from '../../src/core/random.ts';

/** Deterministic pseudo-random words (the project's seeded generator), so failures reproduce. */
function randomWords(count: number, seed: number): Uint32Array {
  const random = createRandom(seed);
  return Uint32Array.from({ length: count * 8 }, () => random.uint32());
}

/** Flips `bits` distinct bit positions of a hash. */
function flipBits(hex: string, positions: number[]): string {
  const words = hashToWords(hex);
  for (const p of positions) words[p >> 5] ^= 1 << (p & 31);
  return wordsToHash(words);
}

function bruteForce(hashes: string[], query: string, max: number): IndexMatch[] {
  return hashes
    .map((h, id) => ({ id, distance: hammingDistance(h, query) }))
    .filter((m) => m.distance <= max)
    .sort((a, b) => a.distance - b.distance || a.id - b.id);
}

test('the reference haystack/needles: index results equal a brute-force scan at 31 and 63', () => {
  const haystack = hashList('haystack.txt');
  const needles = hashList('needles.txt');
  const index = new PdqIndex();
  haystack.forEach((h) => index.add(h));
  let total = 0;
  for (const needle of needles) {
    for (const max of [31, 63]) {
      const expected = bruteForce(haystack, needle, max);
      assert.deepEqual(index.search(needle, max), expected, `${needle} at ${max}`);
      total += expected.length;
    }
  }
  assert.ok(total > needles.length, 'needles should have near neighbours in the haystack');
});

test('planted near-duplicates at every distance 0..40 are found exactly when within the radius', () => {
  const words = randomWords(20_000, 7);
  const index = PdqIndex.fromWords(words);
  const base = wordsToHash(words, 123 * 8);
  for (let d = 0; d <= 40; d++) {
    const query = flipBits(base, Array.from({ length: d }, (_, i) => (i * 37) % 256));
    const hits = index.search(query, 31).filter((m) => m.id === 123);
    assert.equal(hits.length, d <= 31 ? 1 : 0, `distance ${d}`);
    if (d <= 31) assert.equal(hits[0].distance, d);
  }
});

test('property: MIH search equals brute force over segments, pending entries and disabled ids', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 }),
      fc.integer({ min: 0, max: 70 }),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
      (seed, max, flips) => {
        const words = randomWords(600, seed);
        const hashes = Array.from({ length: 600 }, (_, i) => wordsToHash(words, i * 8));
        const index = PdqIndex.fromWords(words.slice(0, 400 * 8));
        for (let i = 400; i < 600; i++) index.add(hashes[i]);
        index.disable(5);
        const query = flipBits(hashes[5 + (seed % 500)], [...new Set(flips)]);
        const expected = bruteForce(hashes, query, max).filter((m) => m.id !== 5);
        assert.deepEqual(index.search(query, max), expected);
        assert.deepEqual(index.searchWords(hashToWords(query), 0, max, { bruteForce: true }), expected);
      },
    ),
    { numRuns: 40 },
  );
});

test('adding past the pending buffer builds and merges segments without losing or renumbering entries', () => {
  const words = randomWords(10_000, 99);
  const index = new PdqIndex();
  for (let i = 0; i < 10_000; i++) assert.equal(index.add(wordsToHash(words, i * 8)), i);
  assert.equal(index.size, 10_000);
  for (const id of [0, 4095, 4096, 8191, 9999]) {
    const hex = wordsToHash(words, id * 8);
    assert.equal(index.hashAt(id), hex);
    assert.deepEqual(index.search(hex, 0), [{ id, distance: 0 }]);
  }
  index.disable(4096);
  assert.deepEqual(index.search(wordsToHash(words, 4096 * 8), 0), []);
  assert.equal(index.activeCount, 9_999);
  index.enable(4096);
  assert.equal(index.search(wordsToHash(words, 4096 * 8), 0).length, 1);
});

test('bad hashes and distances are refused without changing the index', () => {
  const index = new PdqIndex();
  assert.throws(() => index.add('xyz'), /64 hex digits/);
  assert.equal(index.size, 0);
  assert.throws(() => index.search('0'.repeat(64), -1), /max distance/);
  assert.throws(() => index.disable(3), /no entry/);
});
