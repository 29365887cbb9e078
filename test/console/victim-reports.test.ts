import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalReceipt, newReceiptCode, profileLinkToHandle } from '../../src/modules/console/victim-reports.ts';
import { EphemeralRateLimiter } from '../../src/modules/console/help-http.ts';

test('profile links become platform:handle identifiers the ring graph can key on', () => {
  assert.equal(profileLinkToHandle('https://www.instagram.com/anna.soundfix/'), 'instagram:anna.soundfix');
  assert.equal(profileLinkToHandle('t.me/anna_fix'), 'telegram:anna_fix');
  assert.equal(profileLinkToHandle('https://www.facebook.com/profile/anna.99'), 'facebook:anna.99');
  assert.equal(profileLinkToHandle('https://x.com/@anna'), 'x:anna');
  assert.equal(profileLinkToHandle('telegram:anna_fix'), 'telegram:anna_fix', 'already a handle');
  assert.equal(profileLinkToHandle('https://example.com/'), undefined, 'a link without an account name');
});

test('receipt codes are long, random, and forgiving when typed back', () => {
  const codes = new Set(Array.from({ length: 2_000 }, newReceiptCode));
  assert.equal(codes.size, 2_000);
  for (const code of [...codes].slice(0, 50)) assert.match(code, /^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(canonicalReceipt(' ab1o-il23 '), 'AB10112' + '3');
});

test('the rate limiter counts per address within a window and forgets everything after it', () => {
  const limiter = new EphemeralRateLimiter(2, 1_000);
  assert.deepEqual([limiter.allow('a', 0), limiter.allow('a', 1), limiter.allow('a', 2), limiter.allow('b', 3)], [true, true, false, true]);
  assert.equal(limiter.allow('a', 1_000), true, 'a new window starts with a new key and empty counts');
  assert.ok(!JSON.stringify(Object.entries(limiter)).includes('"a"'), 'addresses are not kept in clear');
});
