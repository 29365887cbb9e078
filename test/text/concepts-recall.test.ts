// The fourth round's concept words (issue 10): Arabic read at all, the gift-card errand, the victim's own people as
// targets, and reported speech kept apart from the threat's own conditional.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conceptFeatures } from '../../src/modules/text/concepts.ts';
import { normalise } from '../../src/modules/text/normalise.ts';

const pairsOf = (text: string) => conceptFeatures(normalise(text).latin.text);

test('Arabic keeps its letters in the latin view (confusables.txt would turn alef into "l") and has the pay-or-spread shape', () => {
  assert.equal(normalise('ادفع الآن').latin.text, 'ادفع الآن');
  const pairs = pairsOf('ادفع وإلا سأنشر الفيديو لعائلتك');
  assert.ok(pairs.includes('pair:CONDITION+SPREAD_VERB'), pairs.join(' '));
  assert.ok(pairs.includes('pair:YOUR_PEOPLE+SPREAD_VERB'), pairs.join(' '));
  // Latin homoglyphs from Cyrillic are still folded.
  assert.equal(normalise('ѕkуpе').latin.text, 'skype');
});

test('the gift-card errand is a shape in Japanese, Korean and English', () => {
  assert.ok(pairsOf('コンビニでアマゾンギフト券を買って').includes('pair:BUY_VERB+PAY_RAIL'));
  assert.ok(pairsOf('상품권 사서 핀번호 보내줘').includes('pair:BUY_VERB+CODE'));
  assert.ok(pairsOf('buy two steam cards at walmart').includes('pair:BUY_VERB+STORE'));
  assert.deepEqual(pairsOf('I bought bread').filter((p) => p.includes('BUY_VERB')), []);
});

test('the victim\'s own people with a send verb is a pair; a greeting to the family is not', () => {
  for (const line of ['I will send it to your mom', 'je balance la vidéo à ta femme', '너희 가족한테 보낸다', 'お前の家族に送る', '发给你的家人']) {
    assert.ok(pairsOf(line).includes('pair:YOUR_PEOPLE+SPREAD_VERB'), line);
  }
  assert.ok(!pairsOf('say hi to your family for me').includes('pair:YOUR_PEOPLE+SPREAD_VERB'));
});

test('the passive reports a spread (ばら撒かれた) but not the threat\'s conditional (拡散されたくなければ)', () => {
  assert.ok(pairsOf('友達に動画がばら撒かれた').includes('pair:REPORTED+SPREAD_VERB'));
  assert.ok(!pairsOf('拡散されたくなければ金を払え').some((p) => p.startsWith('pair:REPORTED')));
  assert.ok(!pairsOf('이미 퍼졌다').some((p) => p.startsWith('pair:REPORTED')));
});
