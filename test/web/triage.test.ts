import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviceFor, answer, nextQuestion, previous, QUESTIONS, type Answer, type Answers } from '../../web/src/lib/triage.ts';

test('a threatened victim is asked about payment, the app and age, in that order', () => {
  let answers: Answers = {};
  const asked = [];
  for (const reply of ['yes', 'no', 'yes', 'no'] as Answer[]) {
    const q = nextQuestion(answers)!;
    asked.push(q);
    answers = answer(answers, q, reply);
  }
  assert.deepEqual(asked, ['threat', 'paid', 'app', 'minor']);
  assert.equal(nextQuestion(answers), null);
});

test('guidance for a threat starts with calm and "do not pay", and never advises paying', () => {
  const advice = adviceFor({ threat: 'yes', paid: 'no', app: 'no', minor: 'no' });
  assert.deepEqual(advice.slice(0, 2), ['a_calm', 'a_dont_pay']);
  for (const expected of ['a_stop_contact', 'a_keep_evidence', 'a_block', 'a_report'] as const) assert.ok(advice.includes(expected), expected);
  assert.ok(!advice.includes('a_paid') && !advice.includes('a_app') && !advice.includes('a_minor'));
});

test('installed app, payment already made and a minor each add their own guidance', () => {
  const advice = adviceFor({ threat: 'yes', paid: 'yes', app: 'yes', minor: 'yes' });
  for (const expected of ['a_paid', 'a_app', 'a_app_security', 'a_minor'] as const) assert.ok(advice.includes(expected), expected);
  assert.ok(advice.indexOf('a_dont_pay') < advice.indexOf('a_paid'), 'do not pay comes before the paid advice');
});

test('"not sure" is treated as yes; no threat gives prevention advice without asking about payment', () => {
  assert.ok(adviceFor({ threat: 'unsure', paid: 'unsure', app: 'no', minor: 'no' }).includes('a_paid'));
  let answers = answer({}, 'threat', 'no');
  assert.equal(nextQuestion(answers), 'app');
  answers = answer(answers, 'app', 'no');
  assert.equal(nextQuestion(answers), null);
  assert.deepEqual(adviceFor(answers), ['a_prevent', 'a_report']);
});

test('changing an earlier answer drops the later ones; back removes the last', () => {
  const full: Answers = { threat: 'yes', paid: 'no', app: 'yes' };
  assert.deepEqual(answer(full, 'threat', 'no'), { threat: 'no' });
  assert.deepEqual(previous(full), { threat: 'yes', paid: 'no' });
  assert.deepEqual(previous({}), {});
  assert.equal(QUESTIONS.length, 4);
});

test('a threatened victim also hears that fake or AI-made images are still extortion; prevention advice does not', () => {
  assert.ok(adviceFor({ threat: 'yes', paid: 'no', app: 'no', minor: 'no' }).includes('a_ai_fake'));
  assert.ok(adviceFor({ threat: 'unsure', paid: 'no', app: 'no', minor: 'no' }).includes('a_ai_fake'));
  assert.ok(!adviceFor({ threat: 'no', app: 'no' }).includes('a_ai_fake'));
});
