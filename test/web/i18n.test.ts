import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../web/src/lib/i18n-en.ts';
import { LANGUAGES, MESSAGES, pickLanguage, placeholders, translate } from '../../web/src/lib/i18n.ts';
import { ADVICE, QUESTIONS } from '../../web/src/lib/triage.ts';

// The languages of the text module's issue: English, Tagalog, Korean, Japanese, Chinese, Indonesian/Malay,
// Thai, Vietnamese, Spanish, French, Hindi.
test('the help page covers every language of the text module', () => {
  assert.deepEqual([...LANGUAGES].sort(), ['en', 'es', 'fr', 'hi', 'id', 'ja', 'ko', 'ms', 'th', 'tl', 'vi', 'zh']);
});

test('every language has every key, non-empty, with the same placeholders as English', () => {
  const keys = Object.keys(en).sort();
  for (const language of LANGUAGES) {
    const messages = MESSAGES[language] as Record<string, string>;
    assert.deepEqual(Object.keys(messages).sort(), keys, `${language} has exactly the English keys`);
    for (const key of keys) {
      assert.ok(messages[key].trim().length > 0, `${language}.${key} is empty`);
      assert.deepEqual(placeholders(messages[key]), placeholders((en as Record<string, string>)[key]), `${language}.${key} placeholders`);
    }
  }
});

test('non-English languages are translated, not copies of English', () => {
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    const messages = MESSAGES[language] as Record<string, string>;
    const same = ['title', 'q_threat', 'a_dont_pay', 'hash_explain', 'report_title'].filter((k) => messages[k] === (en as Record<string, string>)[k]);
    assert.deepEqual(same, [], `${language} leaves English text in ${same.join(', ')}`);
  }
  assert.notEqual(MESSAGES.ms.title, MESSAGES.id.title, 'Malay is not just Indonesian');
});

test('every triage question and advice has text', () => {
  for (const q of QUESTIONS) assert.ok(`q_${q}` in en, q);
  for (const a of ADVICE) assert.ok(a in en, a);
});

test('language is picked from the browser preferences, with Filipino mapped to Tagalog', () => {
  assert.equal(pickLanguage(['fil-PH', 'en-US']), 'tl');
  assert.equal(pickLanguage(['de-DE', 'ko-KR']), 'ko');
  assert.equal(pickLanguage(['de-DE']), 'en');
  assert.equal(pickLanguage(['zh-Hant-TW']), 'zh');
  assert.equal(translate('fr', 'hash_ready', { n: 3 }), '3 empreintes prêtes. Rien n’a encore été envoyé.');
});
