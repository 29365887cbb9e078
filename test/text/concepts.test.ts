import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conceptFeatures } from '../../src/modules/text/concepts.ts';
import { normalise } from '../../src/modules/text/normalise.ts';
import { analyzeWithModel } from '../../src/modules/text/analyze.ts';
import { textModel } from '../../src/modules/text/default-model.ts';
import { OBFUSCATIONS } from '../../tools/text/obfuscate.ts';

const pairsOf = (text: string) => conceptFeatures(normalise(text).latin.text);

test('concept pairs give the shape of an act whatever the wording and language', () => {
  assert.ok(pairsOf('소리가 안 들려 이 앱 깔아봐').includes('pair:AUDIO_PROBLEM+INSTALL_VERB'));
  assert.ok(pairsOf('音が出ないから、このアプリをインストールして').includes('pair:AUDIO_PROBLEM+INSTALL_VERB'));
  assert.ok(pairsOf('I recorded the call and your family will see it').includes('pair:RECORDED+AUDIENCE'));
  assert.ok(pairsOf('paga entro 24 ore').includes('pair:PAY_VERB+DEADLINE'));
  assert.ok(pairsOf('連絡先のデータは全部抜き取った').includes('pair:CONTACT_LIST+HAVE_DATA'));
});

test('concept pairs survive every obfuscation trick, because they run on the de-obfuscated view', () => {
  for (const [trick, hide] of Object.entries(OBFUSCATIONS)) {
    assert.ok(pairsOf(hide('no sound here, please install this')).includes('pair:AUDIO_PROBLEM+INSTALL_VERB'), trick);
    assert.ok(pairsOf(hide('I recorded everything, your family will see')).includes('pair:RECORDED+AUDIENCE'), trick);
  }
});

test('a message with one concept or none yields no pair feature', () => {
  assert.deepEqual(pairsOf('the weather is nice today'), []);
  assert.deepEqual(pairsOf('今日はいい天気だね'), []);
  assert.deepEqual(pairsOf(''), []);
});

test('with strong cues off (the dev proxy), no label is decided by a strong cue', () => {
  const text = 'if you dont pay i will send it to all your contacts';
  const on = analyzeWithModel(textModel(), text);
  const off = analyzeWithModel(textModel(), text, { strongCues: false });
  assert.ok(Object.values(on.rules).includes('strong_cue'));
  assert.ok(!Object.values(off.rules).includes('strong_cue'));
});
