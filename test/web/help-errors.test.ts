import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../web/src/lib/api.ts';
import { LANGUAGES, MESSAGES } from '../../web/src/lib/i18n.ts';
import { errorKey, rejectedKey } from '../../web/src/help/errors.ts';
import { REPORTABLE_TYPES } from '../../src/modules/console/victim-reports.ts';

// Every error code the help API answers with (src/modules/console/help-http.ts and the zod validator).
const SERVER_CODES = ['rate_limited', 'empty_report', 'unknown_receipt', 'invalid_request'];

test('each error code of the help API has its own translated message; anything else is the generic one', () => {
  const keys = SERVER_CODES.map((code) => errorKey(new ApiError(400, code, 'English text from the server')));
  assert.equal(new Set(keys).size, SERVER_CODES.length);
  assert.ok(!keys.includes('error_generic'));
  assert.equal(errorKey(new ApiError(500, 'internal_error', 'internal error; see the server log')), 'error_generic');
  assert.equal(errorKey(undefined), 'error_generic', 'a network failure');
  for (const language of LANGUAGES) for (const key of keys) assert.ok(MESSAGES[language][key], `${language}.${key}`);
});

test('every identifier box the form has gets a translated reason when its entry cannot be used', () => {
  for (const type of REPORTABLE_TYPES) {
    const key = rejectedKey(type);
    assert.match(key, /^rej_/);
    for (const language of LANGUAGES) assert.ok(MESSAGES[language][key], `${language}.${key}`);
  }
  assert.equal(rejectedKey('phone'), 'rej_phone');
  assert.equal(rejectedKey('something new'), 'rej_other');
});
