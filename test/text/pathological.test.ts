// Linear-time normalisation (issue 17.1): the de-fanging and leetspeak steps used to be regexes that restart at
// every character of a long run (quadratic). These properties check that the linear versions give exactly the
// old, simple regexes' answers on many random inputs built from the pathological pieces, and that huge runs are
// still read correctly. No timing here: the speed figure is in bench/text/pathological.bench.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defang, fold, leet, normalise, type MappedText } from '../../src/modules/text/normalise.ts';
import { analyzeText } from '../../src/modules/text/index.ts';
import { createRandom } from '../../src/core/random.ts';

/** The old definitions, kept here as the specification (fine on short inputs, quadratic on long runs). */
const OLD_DEFANG = /hxxps?|h\*\*ps?|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\s+dot\s+|\[:\]|\s*(?:\[at\]|\(at\)|\[@\])\s*/g;
function oldDefang(text: string): string {
  return text.replace(OLD_DEFANG, (match) => {
    if (match.startsWith('h')) return match.endsWith('s') ? 'https' : 'http';
    if (match.includes(':')) return ':';
    if (/at\]|at\)|@/.test(match)) return '@';
    return '.';
  });
}
function oldLeet(text: string): string {
  const map: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' };
  // Amounts glued to letters ("us$500") keep their digits.
  const fold = (part: string) => part.replace(/[0134578@$!|]/g, (c) => map[c]);
  return text.replace(/[a-z0-9@$!|]*[a-z][a-z0-9@$!|]*/g, (t) => t.split(/(\$\d[\d,.]*)/).map((p, i) => (i % 2 ? p : fold(p))).join(''));
}

const PIECES = [' ', '  ', '\t', '\u00a0', 'dot', ' dot ', '[at]', '(at)', '[@]', '[.]', '(.)', '{.}', '[dot]', '(dot)', '[:]', 'hxxp', 'hxxps', 'h**p', 'a', 'b', '.', '1', '0', '3', '@', '$', 'x', 'com', '/', ':'];

function randomText(random: () => number, pieces: number): string {
  let out = '';
  for (let i = 0; i < pieces; i++) out += PIECES[Math.floor(random() * PIECES.length)];
  return out;
}

function identity(text: string): MappedText {
  return { text, starts: Array.from(text, (_, i) => i), ends: Array.from(text, (_, i) => i + 1) };
}

function assertMapped(view: MappedText, originalLength: number): void {
  assert.equal(view.starts.length, view.text.length);
  assert.equal(view.ends.length, view.text.length);
  for (let i = 0; i < view.text.length; i++) {
    assert.ok(view.starts[i] >= 0 && view.starts[i] < view.ends[i] && view.ends[i] <= originalLength, `bad offsets at ${i}`);
    if (i > 0) assert.ok(view.starts[i] >= view.starts[i - 1], 'offsets go backwards');
  }
}

test('linear de-fanging gives exactly the old regex answer on 3,000 random pathological inputs', () => {
  const random = createRandom(17001).next;
  for (let run = 0; run < 3000; run++) {
    const text = randomText(random, 1 + Math.floor(random() * 14));
    const view = defang(identity(text));
    assert.equal(view.text, oldDefang(text), JSON.stringify(text));
    assertMapped(view, text.length);
  }
});

test('linear leetspeak folding gives exactly the old regex answer on 3,000 random inputs', () => {
  const random = createRandom(17002).next;
  for (let run = 0; run < 3000; run++) {
    const text = randomText(random, 1 + Math.floor(random() * 14));
    assert.equal(leet(identity(text)).text, oldLeet(text), JSON.stringify(text));
  }
});

test('long runs of spaces, dots and [at] forms are still de-fanged correctly', () => {
  const spaces = ' '.repeat(20_000);
  assert.equal(defang(identity(`name${spaces}[at]${spaces}example${spaces}dot${spaces}org`)).text, 'name@example.org');
  assert.equal(defang(identity(`x${spaces}dotx`)).text, `x${spaces}dotx`, 'a "dot" glued to a word is not a dot');
  assert.equal(defang(identity(`${' [at]'.repeat(4000)}`)).text, '@'.repeat(4000));
  assert.equal(defang(identity('[.]'.repeat(5000))).text, '.'.repeat(5000));
  assert.equal(leet(identity('1'.repeat(20_000))).text, '1'.repeat(20_000), 'digits without a letter keep their value');
  assert.equal(leet(identity(`${'1'.repeat(20_000)}a`)).text, `${'i'.repeat(20_000)}a`);
});

test('pathological 20,000-character messages are analysed, and a lure hidden after them is still found', () => {
  const runs = [' '.repeat(19_900), '.'.repeat(19_900), ' [at]'.repeat(3_980), '1'.repeat(19_900), 'a '.repeat(9_950), ' dot '.repeat(3_980), 'a🍑'.repeat(6_600)];
  for (const run of runs) {
    const result = analyzeText(`${run} install this apk hxxp://fix-audio[.]xyz/a.apk`.slice(-20_000));
    assert.ok(result.labels.includes('app_lure'), `missed after a run of ${JSON.stringify(run.slice(0, 6))}`);
    assert.ok(result.entities.some((e) => e.type === 'url' && e.value.includes('fix-audio.xyz')));
  }
});

test('control characters and unpaired surrogates are dropped from the folded view, offsets kept', () => {
  const text = 'in\u0091stall \ud800th\u0000e a\u009fpp';
  const folded = fold(text);
  assert.equal(folded.text, 'install the app');
  assertMapped(folded, text.length);
  assert.equal(text.slice(folded.starts[0], folded.ends[6]), 'in\u0091stall');
  assert.equal(normalise('I\u0092ll send it').latin.text, 'ill send it');
});
