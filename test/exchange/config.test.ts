// The `exchange` configuration section is strict: mistakes stop the service at start with the path of what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.ts';
import { generateSigningKeys } from '../../src/modules/exchange/index.ts';

const keys = generateSigningKeys();
const partner = { id: 'platform-b', publicKey: generateSigningKeys().publicKey, sharedKey: randomBytes(32).toString('base64url') };
const load = (exchange: unknown) => loadConfig(undefined, { dataDir: '/tmp/exchange-config-test', exchange } as never);
const refusal = (exchange: unknown) => {
  try {
    load(exchange);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the configuration was accepted');
};

test('a complete exchange section loads with its defaults', () => {
  const config = load({ self: 'platform-a', signingKeys: keys, partners: [partner], peerCredentials: { hma: { token: 't' } } });
  assert.equal(config.exchange.partners[0].id, 'platform-b');
  assert.deepEqual(config.exchange.peerFetch, { allowAddresses: [], timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024 });
  assert.deepEqual(load(undefined).exchange.partners, [], 'the section is optional');
  assert.deepEqual(load({ peerFetch: { allowAddresses: ['127.0.0.1', '10.20.0.0/16'] } }).exchange.peerFetch.allowAddresses, ['127.0.0.1', '10.20.0.0/16']);
});

test('unknown keys, bad keys and inconsistent partnerships are refused, naming the path', () => {
  assert.match(refusal({ peerFetchh: {} }), /exchange: .*peerFetchh/);
  assert.match(refusal({ peerFetch: { allowAddress: ['127.0.0.1'] } }), /exchange\.peerFetch: .*allowAddress/);
  assert.match(refusal({ peerFetch: { allowAddresses: ['not an address'] } }), /exchange\.peerFetch\.allowAddresses\.0/);
  assert.match(refusal({ self: 'platform-a', signingKeys: { ...keys, privateKey: 'short' } }), /exchange\.signingKeys\.privateKey: .*32 bytes/);
  assert.match(refusal({ self: 'platform-a', signingKeys: keys, partners: [{ ...partner, sharedKey: randomBytes(16).toString('base64url') }] }), /exchange\.partners\.0\.sharedKey: .*at least 32 bytes/);
  assert.match(refusal({ self: 'platform-a' }), /exchange\.signingKeys: partner sharing needs both self and signingKeys/);
  assert.match(refusal({ self: 'platform-a', signingKeys: keys, partners: [partner, partner] }), /exchange\.partners\.1\.id: partner "platform-b" is listed twice/);
  assert.match(refusal({ self: 'platform-b', signingKeys: keys, partners: [partner] }), /exchange\.partners\.0\.id: .*own id/);
  assert.match(refusal({ partners: [partner] }), /exchange\.partners: partners are configured but self and signingKeys are not/);
  assert.match(refusal({ peerCredentials: { hma: { token: 't', secret: 'x' } } }), /exchange\.peerCredentials\.hma: .*secret/);
  assert.match(refusal({ jurisdictions: [{ code: 'US', law: 'x', hours: 48, requires: ['signatures'] }] }), /exchange\.jurisdictions\.0\.requires\.0/);
});
