// Second-round behaviours: account numbers must not drown the words around them, and a lure needs no link
// when the excuse and the install request are in the same message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/modules/text/index.ts';
import { describeMessage } from '../../src/modules/text/features.ts';
import { MASK_CHAR } from '../../src/modules/text/model.ts';

const WALLET = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

test('a wallet address is masked out of the n-gram text and its entity is still reported', () => {
  const text = `send 400 dollars to ${WALLET} within the hour`;
  const message = describeMessage(text);
  assert.ok(message.entities.some((e) => e.type === 'crypto_wallet'));
  assert.ok(message.ngramText.includes(MASK_CHAR.repeat(WALLET.length)), message.ngramText);
  assert.ok(message.ngramText.includes('send 000 dollars to'), 'the words around the wallet are kept');
});

test('a payment demand naming a wallet or IBAN is detected in several languages', () => {
  const cases = [
    `pay me $400 right now, ${WALLET}`,
    `今すぐ¥50,000払え。IBAN DE89 3704 0044 0532 0130 00`,
    `马上转$800到IBAN GB82 WEST 1234 5698 7654 32`,
  ];
  for (const text of cases) {
    const result = analyzeText(text);
    assert.ok(result.labels.includes('payment'), `payment missing for "${text}": ${JSON.stringify(result.scores)}`);
  }
});

test('an excuse plus an install request is an app lure even without a link; the excuse alone is not', () => {
  const lures = [
    ['es', 'no te oigo nada, instala la aplicación que te pasé y vuelve a llamar'],
    ['ko', '목소리가 안 들려요 보낸 앱 설치하고 다시 걸어 주세요'],
    ['hi-Latn', 'meri taraf awaaz gayab hai, pehle yeh audio app install karo'],
  ];
  for (const [lang, text] of lures) {
    const result = analyzeText(text, { lang });
    assert.ok(result.labels.includes('app_lure'), `app_lure missing for "${text}": ${JSON.stringify(result.scores)}`);
  }
  const ordinary = analyzeText('the audio on my laptop keeps cutting out during calls, so annoying');
  assert.deepEqual(ordinary.labels, []);
});
