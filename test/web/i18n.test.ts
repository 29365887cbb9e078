import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES, MESSAGES, pickLanguage, placeholders, translate } from '../../web/src/lib/i18n.ts';

const en = MESSAGES.en;
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
    const same = ['title', 'q_threat', 'a_dont_pay', 'hash_explain', 'report_title', 'quick_exit', 'err_empty_report', 'rej_phone', 'ai_still_crime', 'hash_progress'].filter((k) => messages[k] === (en as Record<string, string>)[k]);
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

test('the quick exit, every error the page can show and the AI-image guidance are translated in every language', () => {
  const shown = ['quick_exit', 'quick_exit_hint', 'err_rate_limited', 'err_empty_report', 'err_unknown_receipt', 'err_invalid', 'error_generic', 'hash_error', 'hash_too_big', 'rej_phone', 'rej_email', 'rej_profile', 'rej_payment', 'rej_other', 'a_ai_fake', 'ai_title', 'ai_still_crime', 'ai_dont_pay', 'ai_remove'];
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    for (const key of shown) {
      const text = (MESSAGES[language] as Record<string, string>)[key];
      assert.ok(text, `${language}.${key} exists`);
      assert.notEqual(text, (en as Record<string, string>)[key], `${language}.${key} is not English`);
    }
  }
  // The Hindi page in particular (issue 13): no Latin-script sentence among its errors.
  for (const key of shown.filter((k) => k.startsWith('err_') || k.startsWith('rej_'))) assert.match(MESSAGES.hi[key as 'err_invalid'], /[\u0900-\u097F]/, `hi.${key} is in Devanagari`);
});
