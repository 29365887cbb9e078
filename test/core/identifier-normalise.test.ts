import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseIdentifier } from '../../src/core/identifiers/normalise.ts';
import type { IdentifierType } from '../../src/core/signals.ts';

const value = (type: IdentifierType, raw: string): string => {
  const r = normaliseIdentifier(type, raw);
  assert.ok(r.ok, `${type} ${raw}: ${r.ok ? '' : r.error}`);
  return r.value;
};
const error = (type: IdentifierType, raw: unknown): string => {
  const r = normaliseIdentifier(type, raw);
  assert.ok(!r.ok, `${type} ${String(raw)} should be refused`);
  return r.error;
};

test('spellings of one identifier normalise to one value', () => {
  assert.equal(value('phone', '+44 7700 900123'), value('phone', '0044-7700-900123'));
  assert.equal(value('phone', '+44 (0) 20 7946 0018'), '+442079460018');
  assert.equal(value('email', ' Mule@Example.ORG '), 'mule@example.org');
  assert.equal(value('messenger_handle', '@Crew_Boss'), 'crew_boss');
  assert.equal(value('messenger_handle', 'Telegram:@Crew_Boss'), 'telegram:crew_boss');
  assert.equal(value('payment_account', 'gb82 west 1234 5698 7654 32'), 'GB82WEST12345698765432');
  assert.equal(value('payment_account', 'PayPal:Mule@Example.org'), 'paypal:mule@example.org');
  assert.equal(value('crypto_wallet', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
  assert.equal(value('crypto_wallet', '0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED'), '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
  assert.equal(value('crypto_wallet', 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ'), 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  assert.equal(value('crypto_wallet', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'), '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
  assert.equal(value('domain', 'https://Upload.Evil-Files.example/app.apk'), 'evil-files.example');
  assert.equal(value('apk_signer', 'AB:'.repeat(31) + 'AB'), 'ab'.repeat(32));
  assert.equal(value('ip_prefix', '203.0.113.77'), '203.0.113.0/24');
  assert.equal(value('ip', '2001:DB8::1'), '2001:db8::1');
  assert.equal(value('photo_pdq', 'F'.repeat(64)), 'f'.repeat(64));
});

test('values that fail their format or checksum are refused with a reason', () => {
  assert.match(error('phone', '07700 900123'), /international prefix/);
  assert.match(error('payment_account', 'GB82 WEST 1234 5698 7654 33'), /check digits/);
  assert.match(error('payment_account', 'just words'), /neither a valid IBAN/);
  assert.match(error('crypto_wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'), /base58check/);
  assert.match(error('crypto_wallet', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx'), /bech32 checksum/);
  assert.match(error('crypto_wallet', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), /EIP-55/);
  assert.match(error('email', 'no-at-sign'), /not an address/);
  assert.match(error('ip', '300.1.1.1'), /not an IPv4/);
  assert.match(error('apk_signer', 'abc'), /SHA-256/);
  assert.match(error('photo_pdq', 'xyz'), /64 hex/);
  assert.match(error('device', '   '), /empty/);
  assert.match(error('device', 42), /must be a string/);
});

test('a link to a bare IPv4 host keeps the address as its domain; only the dotted quad counts as an address', () => {
  assert.equal(value('domain', 'http://203.0.113.7/app.apk'), '203.0.113.7');
  assert.equal(value('domain', 'http://[2001:DB8::1]/app.apk'), '2001:db8::1');
  assert.equal(value('ip', '203.0.113.7'), '203.0.113.7');
  // ipaddr.js's lenient forms are one address spelt differently: refused as an ip, not taken as a host address.
  assert.match(error('ip', '0x7f.0.0.1'), /not an IPv4 or IPv6 address/);
  assert.match(error('ip', '127.1'), /not an IPv4 or IPv6 address/);
  assert.match(error('ip', '203.0.113.07'), /not an IPv4 or IPv6 address/);
});
