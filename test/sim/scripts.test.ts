import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES, scriptFor } from '../../src/sim/scripts/index.ts';
import type { ScamLines } from '../../src/sim/scripts/types.ts';
import { createRandom } from '../../src/core/random.ts';

const REQUIRED_PLACEHOLDERS: Partial<Record<keyof ScamLines, string>> = {
  offplatform: '{handle}',
  appLureLink: '{link}',
  payment: '{payment}',
};
const STAGE_LINES: (keyof ScamLines)[] = ['openers', 'flirting', 'escalation', 'offplatform', 'appLureLink', 'threat', 'payment'];

test('the simulator speaks at least the nine required languages, Hindi in both scripts', () => {
  for (const lang of ['en', 'tl', 'ko', 'ja', 'zh', 'id', 'es', 'fr', 'hi', 'hi-Latn']) assert.ok(LANGUAGES.includes(lang), lang);
  assert.match(scriptFor('hi').scam.threat.join(' '), /[\u0900-\u097f]/);
  assert.doesNotMatch(scriptFor('hi-Latn').scam.threat.join(' '), /[\u0900-\u097f]/);
});

test('every language has several paraphrases per stage and the placeholders the generator fills', () => {
  for (const lang of LANGUAGES) {
    const script = scriptFor(lang);
    for (const key of STAGE_LINES) {
      const lines = script.scam[key];
      assert.ok(lines.length >= 2, `${lang} ${key} has ${lines.length} paraphrase(s)`);
      assert.equal(new Set(lines).size, lines.length, `${lang} ${key} has duplicates`);
      const placeholder = REQUIRED_PLACEHOLDERS[key];
      if (placeholder) for (const line of lines) assert.ok(line.includes(placeholder), `${lang} ${key}: "${line}" lacks ${placeholder}`);
      for (const line of lines) assert.doesNotMatch(line, /\{(?!app\}|handle\}|link\}|amount\}|payment\})[^}]*\}/, `${lang}: unknown placeholder in "${line}"`);
    }
    for (const key of ['videoCall', 'money', 'tech', 'news'] as const) assert.ok(script.ordinary[key].length >= 2, `${lang} ordinary ${key}`);
    assert.ok(script.ordinary.money.some((line) => line.includes('{amount}')), `${lang} money talk names a sum`);
    assert.match(script.country, /^[A-Z]{2}$/);
  }
});

test('the seeded generator is reproducible, stays in range and forks independently', () => {
  const a = createRandom(99);
  const b = createRandom(99);
  const drawsA = Array.from({ length: 50 }, () => a.int(3, 7));
  assert.deepEqual(drawsA, Array.from({ length: 50 }, () => b.int(3, 7)));
  assert.ok(drawsA.every((x) => x >= 3 && x <= 7));
  assert.equal(new Set(drawsA).size, 5, 'all values in range appear');
  assert.match(a.hex(64), /^[0-9a-f]{64}$/);
  assert.match(a.digits(10), /^[1-9]\d{9}$/);
  assert.deepEqual(createRandom(1).sample([1, 2, 3, 4], 4).sort(), [1, 2, 3, 4]);
  assert.notDeepEqual(createRandom(1).hex(16), createRandom(2).hex(16));
  assert.throws(() => createRandom(Number.NaN), /seed must be a finite number/);
  assert.throws(() => a.pick([]), /empty list/);
});
