import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalise, toOriginalRange } from '../../src/modules/text/normalise.ts';

function latinSpan(original: string, word: string): string {
  const views = normalise(original);
  const at = views.latin.text.indexOf(word);
  assert.ok(at >= 0, `"${word}" not found in latin view "${views.latin.text}"`);
  const range = toOriginalRange(views.latin, at, at + word.length);
  return original.slice(range.start, range.end);
}

test('each trick is undone in the latin view and the span maps back to the original characters', () => {
  assert.equal(latinSpan('add me on s.k.y.p.e', 'skype'), 's.k.y.p.e');
  assert.equal(latinSpan('ＡＤＤ me on ѕkуpе', 'skype'), 'ѕkуpе');
  assert.equal(latinSpan('add me on 5kyp3', 'skype'), '5kyp3');
  assert.equal(latinSpan('s🍑k🍑y🍑p🍑e', 'skype'), 's🍑k🍑y🍑p🍑e');
  assert.equal(latinSpan('te\u200ble\u200bgram me', 'telegram'), 'te\u200ble\u200bgram');
  assert.equal(latinSpan('ＴＥＬＥＧＲＡＭ', 'telegram'), 'ＴＥＬＥＧＲＡＭ');
});

test('a different separator between spaced words is kept as a word break', () => {
  assert.equal(normalise('i r.e.c.o.r.d.e.d e.v.e.r.y.t.h.i.n.g').latin.text, 'i recorded everything');
});

test('amounts survive leetspeak folding; tokens with letters do not', () => {
  assert.equal(normalise('send 500 usd or $300, r3m0v3 it').latin.text, 'send 500 usd or $300, remove it');
});

test('the skeleton never touches CJK, kana, Hangul or Thai (confusables maps カ to 力)', () => {
  for (const text of ['カカオで話そう', '加我微信', '카톡 추가해', 'แอดไลน์มา']) assert.equal(normalise(text).latin.text, text.toLowerCase());
});

test('zero-width characters are removed but emoji ZWJ sequences stay whole', () => {
  const views = normalise('hi 👨‍👩‍👧 t\u200be\u2060s\ufefft');
  assert.equal(views.folded.text, 'hi 👨‍👩‍👧 test');
});

test('decomposed Vietnamese is composed by NFKC with offsets covering the combining marks', () => {
  const original = 'vie\u0302\u0323t';
  const views = normalise(original);
  assert.equal(views.folded.text, 'vi\u1ec7t');
  assert.deepEqual(toOriginalRange(views.folded, 2, 3), { start: 2, end: 5 });
});

test('links are de-fanged in the links view only', () => {
  const views = normalise('go to hxxps://evil[.]example/app.apk or mail me [at] example dot org');
  assert.match(views.links.text, /https:\/\/evil\.example\/app\.apk/);
  assert.match(views.links.text, /me@example\.org/);
});

test('any string normalises without throwing, including lone surrogates and 1 MB of text', () => {
  assert.doesNotThrow(() => normalise('\ud800 abc \udc00'));
  const big = 'x'.repeat(1 << 20);
  assert.equal(normalise(big).folded.text.length, big.length);
});
