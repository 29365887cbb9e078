import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyedHasher, KeyedHashError } from '../../src/modules/exchange/keyed-hash.ts';
import { generateSigningKeys, PackageError, type Envelope } from '../../src/modules/exchange/package.ts';
import { PartnerExchange } from '../../src/modules/exchange/partners.ts';
import { linkRequests, ringEvidence } from '../../src/modules/exchange/ring-evidence.ts';
import { indicatorWeight } from '../../src/modules/exchange/weights.ts';
import { manualClock, migratedDb } from './helpers.ts';

async function twoPlatforms() {
  const clock = manualClock();
  const sharedKey = randomBytes(32).toString('base64url');
  const keysA = generateSigningKeys();
  const keysB = generateSigningKeys();
  const a = new PartnerExchange({ db: await migratedDb(), self: 'platform-a', signingKeys: keysA, partners: [{ id: 'platform-b', publicKey: keysB.publicKey, sharedKey }], now: clock.now });
  const b = new PartnerExchange({ db: await migratedDb(), self: 'platform-b', signingKeys: keysB, partners: [{ id: 'platform-a', publicKey: keysA.publicKey, sharedKey }], now: clock.now });
  return { a, b, clock, sharedKey, keysA, keysB };
}

const CREW = [
  { type: 'phone' as const, value: '+2348031234567', stages: ['threat' as const, 'payment' as const], confidence: 0.9, crew: 'ring-17' },
  { type: 'payment_account' as const, value: 'GB82WEST12345698765432', stages: ['payment' as const], confidence: 0.95, crew: 'ring-17' },
  { type: 'messenger_handle' as const, value: 'telegram:only_a_knows_this', stages: ['offplatform' as const], confidence: 0.6, crew: 'ring-17' },
];

function local(indicators: typeof CREW, t: number) {
  return indicators.map((i) => ({ ...i, firstSeen: t - 86_400_000, lastSeen: t }));
}

test('keyed hashes: same normalised value, same hash; per-type sub-keys; different keys never agree', () => {
  const key = randomBytes(32);
  const h = new KeyedHasher(key);
  assert.equal(h.hash('phone', '+234 803 123 4567'), h.hash('phone', '00234-803-123-4567'.replace(/-/g, '')));
  assert.equal(h.hash('payment_account', 'gb82 west 1234 5698 7654 32'), h.hashNormalised('payment_account', 'GB82WEST12345698765432'));
  assert.notEqual(h.hashNormalised('email', 'x@example.org'), h.hashNormalised('messenger_handle', 'x@example.org'));
  assert.notEqual(h.hashNormalised('phone', '+2348031234567'), new KeyedHasher(randomBytes(32)).hashNormalised('phone', '+2348031234567'));
  assert.match(h.hashNormalised('phone', '+2348031234567'), /^[0-9a-f]{64}$/);
  assert.throws(() => h.hash('phone', '0803 123 4567'), KeyedHashError, 'a phone without country code does not normalise');
  assert.throws(() => h.hash('ip', '203.0.113.9'), /not a shareable identifier type/);
  assert.throws(() => new KeyedHasher(Buffer.alloc(8)), /at least 32 bytes/);
});

test('a package signed by A is verified and matched by B, B confirms, A sees the confirmation', async () => {
  const { a, b, clock } = await twoPlatforms();
  const envelope = await a.buildIndicatorPackage('platform-b', local(CREW, clock.now()));
  // Only keyed hashes travel: no raw value appears anywhere in the package.
  const wire = JSON.stringify(envelope);
  for (const i of CREW) assert.ok(!wire.includes(i.value), `${i.type} value leaked`);

  const received = await b.receive(wire);
  assert.deepEqual({ from: received.from, kind: received.kind, stored: received.stored }, { from: 'platform-a', kind: 'indicators', stored: 3 });

  // B holds the phone and the IBAN (two different accounts), not the handle.
  const matches = await b.match([
    { tenant: 't1', account: 'acct-1', type: 'phone', value: '+2348031234567' },
    { tenant: 't1', account: 'acct-2', type: 'payment_account', value: 'GB82WEST12345698765432' },
    { tenant: 't1', account: 'acct-3', type: 'phone', value: '+2348030000000' },
  ]);
  assert.deepEqual(matches.map((m) => [m.account, m.type]).sort(), [['acct-1', 'phone'], ['acct-2', 'payment_account']]);
  const phone = matches.find((m) => m.type === 'phone')!;
  assert.deepEqual(phone.stages, ['threat', 'payment']);
  assert.equal(phone.confidence, 0.9);
  assert.equal(phone.crew, 'ring-17');

  const evidence = ringEvidence(matches);
  const crewLinks = evidence.filter((e) => e.kind === 'partner_crew');
  assert.deepEqual(crewLinks.map((e) => e.account), ['acct-1', 'acct-2'], 'the partner crew links two accounts that share nothing locally');
  assert.ok(crewLinks.every((e) => e.value === 'platform-a:ring-17' && e.source.startsWith('partner:platform-a:')));
  assert.deepEqual(linkRequests(evidence).map((l) => [l.account, l.type, l.strength]).sort(), [['acct-1', 'phone', 'strong'], ['acct-2', 'payment_account', 'strong']]);

  const feedback = await b.giveFeedback('platform-a', [{ type: 'phone', hash: phone.hash, verdict: 'confirm', package_id: phone.packageId }]);
  const back = await a.receive(feedback);
  assert.deepEqual({ kind: back.kind, stored: back.stored, ignored: back.ignored }, { kind: 'feedback', stored: 1, ignored: 0 });
  const shared = await a.sharedWith('platform-b');
  assert.equal(shared.find((s) => s.hash === phone.hash)?.confirms, 1);
});

test('a tampered package is refused with bad_signature; a replay with replayed; each with a clear message', async () => {
  const { a, b, clock } = await twoPlatforms();
  const envelope = await a.buildIndicatorPackage('platform-b', local(CREW, clock.now()));

  const tampered: Envelope = { ...envelope, payload: envelope.payload.replace('"confidence":0.6', '"confidence":1') };
  assert.notEqual(tampered.payload, envelope.payload);
  await assert.rejects(b.receive(tampered), (e: PackageError) => e.code === 'bad_signature' && /altered or not signed by platform-a/.test(e.message));

  await b.receive(envelope);
  await assert.rejects(b.receive(envelope), (e: PackageError) => e.code === 'replayed' && /already received/.test(e.message));
  // Nothing of the refused attempts was stored twice or changed.
  const matches = await b.match([{ tenant: 't1', account: 'x', type: 'messenger_handle', value: 'telegram:only_a_knows_this' }]);
  assert.equal(matches[0].confidence, 0.6);
});

test('wrong recipient, unknown signer, expired, future-dated, newer version and junk are refused', async () => {
  const { a, b, clock, sharedKey, keysA } = await twoPlatforms();
  const c = new PartnerExchange({ db: await migratedDb(), self: 'platform-c', signingKeys: generateSigningKeys(), partners: [{ id: 'platform-a', publicKey: keysA.publicKey, sharedKey }], now: clock.now });
  const toB = await a.buildIndicatorPackage('platform-b', local(CREW, clock.now()));
  await assert.rejects(c.receive(toB), (e: PackageError) => e.code === 'wrong_recipient');

  const stranger = new PartnerExchange({ db: await migratedDb(), self: 'platform-x', signingKeys: generateSigningKeys(), partners: [{ id: 'platform-b', publicKey: generateSigningKeys().publicKey, sharedKey }], now: clock.now });
  await assert.rejects(b.receive(await stranger.buildIndicatorPackage('platform-b', [])), (e: PackageError) => e.code === 'unknown_signer' && /platform-x/.test(e.message));

  const old = await a.buildIndicatorPackage('platform-b', []);
  clock.advance(25 * 3_600_000);
  await assert.rejects(b.receive(old), (e: PackageError) => e.code === 'expired');
  clock.advance(-26 * 3_600_000);
  const fresh = await a.buildIndicatorPackage('platform-b', []);
  clock.advance(-10 * 60_000);
  await assert.rejects(b.receive(fresh), (e: PackageError) => e.code === 'from_future');

  await assert.rejects(b.receive('{"not": "a package"}'), (e: PackageError) => e.code === 'malformed');
  await assert.rejects(b.receive('not json at all'), (e: PackageError) => e.code === 'malformed' && /not JSON/.test(e.message));
  await assert.rejects(b.giveFeedback('platform-a', [{ type: 'phone', hash: 'ab'.repeat(32), verdict: 'dispute' }]), /never sent/);
});

test('disputes lower the weight: locally at once, and in what the sender shares next', async () => {
  assert.equal(indicatorWeight(0.9, 0, 0), 0.9);
  assert.ok(Math.abs(indicatorWeight(0.9, 0, 1) - 0.3) < 1e-9);
  assert.ok(indicatorWeight(0.9, 3, 1) > indicatorWeight(0.9, 0, 1));
  assert.ok(indicatorWeight(0.9, 0, 2) < 0.2);

  const { a, b, clock } = await twoPlatforms();
  await b.receive(await a.buildIndicatorPackage('platform-b', local(CREW, clock.now())));
  const ids = [{ tenant: 't1', account: 'acct-1', type: 'phone', value: '+2348031234567' }];
  const [before] = await b.match(ids);
  await a.receive(await b.giveFeedback('platform-a', [{ type: 'phone', hash: before.hash, verdict: 'dispute', reason: 'number belongs to a real shop' }]));
  const [after] = await b.match(ids);
  assert.equal(after.disputes, 1);
  assert.ok(after.weight < before.weight / 2);
  assert.equal(ringEvidence([after]).length, 1, 'still evidence, but weak');
  assert.equal(ringEvidence([after])[0].strength, 'weak');

  // A's next package to B keeps the confidence (B already counts its own dispute) …
  clock.advance(60_000);
  await b.receive(await a.buildIndicatorPackage('platform-b', local(CREW, clock.now())));
  const [resent] = await b.match(ids);
  assert.equal(resent.confidence, 0.9);
  assert.equal(resent.weight, after.weight);
});

test("one partner's dispute lowers the confidence the sender gives the other partners", async () => {
  const clock = manualClock();
  const keyAB = randomBytes(32).toString('base64url');
  const keyAC = randomBytes(32).toString('base64url');
  const [ka, kb, kc] = [generateSigningKeys(), generateSigningKeys(), generateSigningKeys()];
  const a = new PartnerExchange({ db: await migratedDb(), self: 'a', signingKeys: ka, partners: [{ id: 'b', publicKey: kb.publicKey, sharedKey: keyAB }, { id: 'c', publicKey: kc.publicKey, sharedKey: keyAC }], now: clock.now });
  const b = new PartnerExchange({ db: await migratedDb(), self: 'b', signingKeys: kb, partners: [{ id: 'a', publicKey: ka.publicKey, sharedKey: keyAB }], now: clock.now });
  const c = new PartnerExchange({ db: await migratedDb(), self: 'c', signingKeys: kc, partners: [{ id: 'a', publicKey: ka.publicKey, sharedKey: keyAC }], now: clock.now });
  const ids = [{ tenant: 't', account: 'u', type: 'phone', value: '+2348031234567' }];
  await b.receive(await a.buildIndicatorPackage('b', local(CREW, clock.now())));
  const [atB] = await b.match(ids);
  await a.receive(await b.giveFeedback('a', [{ type: 'phone', hash: atB.hash, verdict: 'dispute' }]));
  await c.receive(await a.buildIndicatorPackage('c', local(CREW, clock.now())));
  const [atC] = await c.match(ids);
  assert.notEqual(atC.hash, atB.hash, 'each partnership has its own key');
  assert.equal(atC.confidence, 0.3);
});

test('a validly signed package of an unknown schema version is refused as unsupported', async () => {
  const { b, keysA } = await twoPlatforms();
  const { createPrivateKey, sign } = await import('node:crypto');
  const payload = JSON.stringify({ format: 'chainbreak.partner-package', version: 2, from: 'platform-a', to: 'platform-b' });
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keysA.publicKey, d: keysA.privateKey }, format: 'jwk' });
  const signature = sign(null, Buffer.from(payload), key).toString('base64url');
  const envelope = { format: 'chainbreak.partner-package+signed', alg: 'Ed25519', signer: 'platform-a', payload, signature };
  await assert.rejects(b.receive(envelope), (e: PackageError) => e.code === 'unsupported_version' && /version 2/.test(e.message));
});
