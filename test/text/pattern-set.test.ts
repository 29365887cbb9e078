import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiterals, sourceLiterals, topLevelAlternatives } from '../../src/modules/text/regex-literals.ts';
import { LiteralIndex } from '../../src/modules/text/literal-index.ts';
import { PatternSet } from '../../src/modules/text/pattern-set.ts';
import { CONCEPTS } from '../../src/modules/text/concepts.ts';
import { CUES } from '../../src/modules/text/lexicon.ts';
import { LEET_TOKEN, normalise, replaceLeetTokens } from '../../src/modules/text/normalise.ts';
import { loadParaphrases, loadRealLines } from '../../tools/text/sourced-corpus.ts';
import { OBFUSCATIONS } from '../../tools/text/obfuscate.ts';
import { createRandom } from '../../src/core/random.ts';
import { forEachMatch } from '../../src/modules/text/regex.ts';

test('required literals: every match contains one of them', () => {
  assert.deepEqual(sourceLiterals('video ?call'), ['videocall', 'video call']);
  assert.deepEqual(sourceLiterals(String.raw`\bvcs?\b`), ['vc']);
  assert.deepEqual(sourceLiterals('a.{0,3}bcd'), ['bcd']);
  assert.deepEqual(sourceLiterals('(?:ab|c)?de'), ['de']);
  assert.deepEqual(sourceLiterals(String.raw`(?<![a-z])i(?:'ve| have) got`), ["i've got", 'i have got']);
  assert.deepEqual(sourceLiterals('ab|(?:x|y)z'), ['ab', 'xz', 'yz']);
  assert.equal(sourceLiterals(String.raw`[$€]\d`)?.length, 20);
  assert.deepEqual(sourceLiterals('動画|写真'), ['写真', '動画']);
});

test('no literals where none can be promised: the pattern then always runs', () => {
  assert.equal(sourceLiterals('x*'), undefined);
  assert.equal(sourceLiterals('a|b?'), undefined);
  assert.equal(sourceLiterals(String.raw`\w+`), undefined);
  assert.equal(sourceLiterals(String.raw`(a)\1`), undefined);
  assert.equal(sourceLiterals('(?:unclosed'), undefined);
  assert.equal(requiredLiterals(/video/iu), undefined);
});

test('top-level alternatives split only at the outer level', () => {
  assert.deepEqual(topLevelAlternatives(String.raw`a|(?:b|c)|[|]d|e\|f`), ['a', '(?:b|c)', '[|]d', String.raw`e\|f`]);
  assert.equal(topLevelAlternatives('a)|b'), undefined);
  assert.equal(topLevelAlternatives(String.raw`(a)|\1`), undefined);
});

test('the literal index finds exactly the items whose literals occur, overlaps and suffixes included', () => {
  const random = createRandom(7).next;
  const alphabet = ['a', 'b', 'c', ' ', '動', 'é'];
  const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const items = Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => word(1 + Math.floor(random() * 4))));
  const index = new LiteralIndex([...items, undefined]);
  for (let t = 0; t < 500; t++) {
    const text = word(Math.floor(random() * 30));
    index.scan(text);
    const live = new Set(index.live.subarray(0, index.liveCount));
    items.forEach((literals, i) => assert.equal(live.has(i), literals.some((l) => text.includes(l)), `${JSON.stringify(literals)} in ${JSON.stringify(text)}`));
    assert.ok(live.has(items.length), 'an item without literals is always listed');
  }
});

/** Lines to check on: real and paraphrased messages, each under every obfuscation trick, as latin views. */
function sampleTexts(): string[] {
  const lines = [...loadParaphrases(), ...loadRealLines('dev')].map((l) => l.text);
  const hidden = Object.values(OBFUSCATIONS).flatMap((hide) => lines.filter((_, i) => i % 7 === 0).map(hide));
  return [...lines, ...hidden, '', 'a', '$5', 'video call 📞 now'].map((t) => normalise(t).latin.text);
}

function allMatches(pattern: RegExp, text: string): string[] {
  const out: string[] = [];
  if (!pattern.global) return pattern.test(text) ? ['hit'] : [];
  forEachMatch(pattern, text, (m) => out.push(`${m.index}:${m[0]}`));
  return out;
}

test('the cue and concept word lists give the same matches through the pattern set as run whole', () => {
  const patterns = [...CONCEPTS.map((c) => c.pattern), ...CUES.map((c) => c.pattern)];
  const set = new PatternSet(patterns);
  let skipped = 0;
  for (const text of sampleTexts()) {
    set.scan(text);
    patterns.forEach((pattern, p) => {
      const runnable = set.runnable(p);
      if (runnable === null) skipped++;
      assert.deepEqual(runnable === null ? [] : allMatches(runnable, text), allMatches(pattern, text), `${pattern.source.slice(0, 40)}… on ${text}`);
    });
  }
  assert.ok(skipped > 0, 'the prefilter skips patterns that cannot match');
});

test('the leet token walk rewrites exactly the tokens the LEET_TOKEN regex finds', () => {
  const random = createRandom(11).next;
  const alphabet = 'ab z0139$@!|.-_ Xé2'.split('');
  const leetOf = (token: string) => (/[0134578@$!|]/.test(token) ? `<${token}>` : token);
  for (let t = 0; t < 2000; t++) {
    const text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    assert.equal(replaceLeetTokens(text, leetOf), text.replace(LEET_TOKEN, leetOf), JSON.stringify(text));
  }
});
