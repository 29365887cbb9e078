// Two Chainbreak instances on temporary stores, talking over real HTTP on 127.0.0.1 as two partner platforms would
// (issue 15, "Done when"): a bank exported by A is imported by B, by hand and by B's scheduled peer pull through
// the guarded fetcher, and matches on B through the HMA-shaped look-up; a package A signs is verified, matched and
// confirmed by B, and the confirmation reaches A; tampered, replayed and misaddressed packages are refused.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { generateSigningKeys } from '../../src/modules/exchange/index.ts';
import { startTestService } from '../helpers/service.ts';
import { flipBits, HASH_A } from '../pdq/helpers.ts';
import { HmaLookupResponse } from './hma-schema.ts';

const HASH_B = flipBits(HASH_A, Array.from({ length: 100 }, (_, i) => i * 2));
const VIDEO_MD5 = '0f343b0931126a20f133d67c2b018a3b';
const SHARED_KEY = randomBytes(32).toString('base64url');
const KEYS_A = generateSigningKeys();
const KEYS_B = generateSigningKeys();

interface Platform {
  cb: Awaited<ReturnType<typeof startTestService>>;
  app: FastifyInstance;
  base: string;
  /** Keys by role: the platform's own admin tooling, and what it hands its partner. */
  admin: string;
  partnerKey: string;
}

let a: Platform;
let b: Platform;

async function platform(exchange: Record<string, unknown>): Promise<Platform> {
  const cb = await startTestService({ exchange } as never);
  const app = await buildHttpApp(cb);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = (await cb.keys.create('ops', ['read', 'banks:write', 'rings:write', 'exchange:write'])).key;
  const partnerKey = (await cb.keys.create('partner-tooling', ['partner'])).key;
  return { cb, app, base, admin, partnerKey };
}

async function call(p: Platform, key: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const response = await fetch(`${p.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, type: response.headers.get('content-type') ?? '' };
}

before(async () => {
  a = await platform({ self: 'platform-a', signingKeys: KEYS_A, partners: [{ id: 'platform-b', publicKey: KEYS_B.publicKey, sharedKey: SHARED_KEY }] });
  // B pulls from A, which is on this machine: the one address its guarded fetcher is told to allow.
  b = await platform({
    self: 'platform-b',
    signingKeys: KEYS_B,
    partners: [{ id: 'platform-a', publicKey: KEYS_A.publicKey, sharedKey: SHARED_KEY }],
    peerCredentials: { 'platform-a': { token: a.partnerKey } },
    peerFetch: { allowAddresses: ['127.0.0.1'] },
  });
});

after(async () => {
  for (const p of [a, b]) {
    await p?.app.close();
    await p?.cb.cleanup();
  }
});

test('a bank exported by A is imported into B, by hand and by a peer pull, and matches on B as HMA answers', async () => {
  assert.equal((await call(a, a.admin, 'POST', '/v1/pdq/banks', { name: 'SHARED', description: 'sextortion crews, shared with partners' })).status, 201);
  const list = [
    JSON.stringify({ format: 'chainbreak.hash-list', version: 1, bank: 'SHARED', count: 3 }),
    JSON.stringify({ signal_type: 'pdq', signal: HASH_A, quality: 100, category: 'POSITIVE_CLASS', tags: ['sextortion'] }),
    JSON.stringify({ signal_type: 'pdq', signal: HASH_B, quality: 90, category: 'POSITIVE_CLASS', tags: ['sextortion', 'ai_generated'] }),
    JSON.stringify({ signal_type: 'video_md5', signal: VIDEO_MD5, category: 'POSITIVE_CLASS', tags: ['sextortion'] }),
  ].join('\n');
  const imported = await call(a, a.admin, 'POST', '/v1/exchange/banks/SHARED/import?format=jsonl&source=own-moderation', list, 'application/x-ndjson');
  assert.equal(imported.status, 200, imported.text);
  assert.equal(imported.json.added, 3);

  // A bank is exported to partners only once A's operator marks it shared.
  const unshared = await call(a, a.partnerKey, 'GET', '/v1/exchange/banks/SHARED/export?format=jsonl');
  assert.deepEqual([unshared.status, unshared.json.error], [404, 'not_found'], unshared.text);
  assert.match(unshared.json.message, /label "shared"/);
  const shared = await call(a, a.admin, 'PUT', '/v1/exchange/banks/SHARED/settings', { labels: ['shared'] });
  assert.deepEqual([shared.status, shared.json.labels], [200, ['shared']], shared.text);

  // By hand: B's operator downloads A's export with the key A gave it, and imports the file.
  const exported = await call(a, a.partnerKey, 'GET', '/v1/exchange/banks/SHARED/export?format=jsonl');
  assert.equal(exported.status, 200, exported.text);
  assert.match(exported.type, /application\/x-ndjson/);
  assert.equal((await call(b, b.admin, 'POST', '/v1/pdq/banks', { name: 'FROM_A', description: 'imported from platform A' })).status, 201);
  const intoB = await call(b, b.admin, 'POST', '/v1/exchange/banks/FROM_A/import?format=jsonl&source=platform-a', exported.text, 'application/x-ndjson');
  assert.deepEqual([intoB.status, intoB.json.added, intoB.json.duplicates], [200, 3, 0], intoB.text);

  // The same list arrives by B's scheduled pull, through the guarded fetcher, with A's key from B's configuration.
  assert.equal((await call(b, b.admin, 'POST', '/v1/pdq/banks', { name: 'PULLED_A', description: 'pulled from platform A' })).status, 201);
  const peer = await call(b, b.admin, 'POST', '/v1/exchange/peers', { name: 'platform-a', api: 'chainbreak', url: `${a.base}/v1/exchange/banks/SHARED/export`, bank: 'PULLED_A', interval_ms: 3_600_000 });
  assert.equal(peer.status, 201, peer.text);
  const due = await b.cb.services.exchange!.peers.runDue();
  assert.deepEqual(due.map((r) => [r.peer, r.added, r.error]), [['platform-a', 3, undefined]]);
  const peers = (await call(b, b.admin, 'GET', '/v1/exchange/peers')).json.peers;
  assert.equal(peers[0].lastError, null);
  assert.ok(peers[0].nextRunAt > Date.now() + 3_500_000, 'the next pull is an interval away');

  // B matches a near copy of A's image, answered in HMA's shape (what HMA's client parses). A partner key hears only
  // of B's shared banks: first none, then the two B marks shared.
  const near0 = flipBits(HASH_A, [3, 70, 200]);
  assert.deepEqual((await call(b, b.partnerKey, 'GET', `/m/lookup?signal_type=pdq&signal=${near0}`)).json, {});
  for (const bank of ['FROM_A', 'PULLED_A']) assert.equal((await call(b, b.admin, 'PUT', `/v1/exchange/banks/${bank}/settings`, { labels: ['shared'] })).status, 200);
  const near = flipBits(HASH_A, [3, 70, 200]);
  const hma = await call(b, b.partnerKey, 'GET', `/m/lookup?signal_type=pdq&signal=${near}`);
  assert.equal(hma.status, 200, hma.text);
  const parsed = HmaLookupResponse.parse(hma.json);
  assert.deepEqual(Object.keys(parsed).sort(), ['FROM_A', 'PULLED_A']);
  assert.deepEqual(parsed.FROM_A.map((m) => m.distance), ['3']);
  assert.notEqual(parsed.FROM_A[0].bank_content_id, parsed.PULLED_A[0].bank_content_id, 'a content id names one (bank, hash) entry');
  const video = await call(b, b.partnerKey, 'GET', `/m/lookup?signal_type=video_md5&signal=${VIDEO_MD5}&banks=FROM_A`);
  assert.deepEqual(Object.keys(HmaLookupResponse.parse(video.json)), ['FROM_A']);
  assert.deepEqual((await call(b, b.partnerKey, 'GET', `/m/lookup?signal_type=pdq&signal=${'0'.repeat(64)}`)).json, {});
  const full = await call(b, b.admin, 'GET', `/v1/exchange/lookup?signal_type=pdq&signal=${HASH_B}&banks=FROM_A`);
  assert.deepEqual(full.json.matches.map((m: { tags: string[]; quality: number }) => [m.quality, m.tags]), [[90, ['sextortion', 'ai_generated']]]);
  const status = await call(b, b.partnerKey, 'GET', '/m/index/status');
  assert.deepEqual([status.json.pdq.size, status.json.video_md5.size], [4, 2]);

  // Wrong scope, wrong content type and bad input are clear refusals, never a crash.
  assert.equal((await call(b, b.admin, 'GET', `/m/lookup?signal_type=pdq&signal=${near}`)).status, 403);
  const json415 = await call(b, b.admin, 'POST', '/v1/exchange/banks/FROM_A/import?source=x', { list: 'pdq ...' });
  assert.deepEqual([json415.status, json415.json.error], [415, 'unsupported_media_type'], json415.text);
  assert.match(json415.json.message, /takes a hash list as text\/plain, text\/csv or application\/x-ndjson; got "application\/json"/);
  const text415 = await call(b, b.admin, 'POST', '/v1/exchange/peers', 'name=x', 'text/plain');
  assert.deepEqual([text415.status, text415.json.error], [415, 'unsupported_media_type'], text415.text);
  assert.match(text415.json.message, /^POST \/v1\/exchange\/peers takes a JSON body/);
  const badQuery = await call(b, b.partnerKey, 'GET', '/m/lookup?signal_type=pdq&signal=nothex');
  assert.deepEqual([badQuery.status, badQuery.json.fields[0].path], [400, 'querystring.signal']);
  const badPeer = await call(b, b.admin, 'POST', '/v1/exchange/peers', { name: 'p', api: 'hma', url: 'x', bank: 'FROM_A', interval_ms: 60_000 });
  assert.deepEqual([badPeer.status, badPeer.json.fields[0].path], [400, 'body.api']);
});

test('a peer pull never reaches an address the configuration does not allow', async () => {
  // A has no peerFetch allow-list: a peer on 127.0.0.1 (or any private or metadata address) is refused.
  assert.equal((await call(a, a.admin, 'POST', '/v1/pdq/banks', { name: 'FROM_B', description: 'pulled from B' })).status, 201);
  for (const [name, url] of [['loopback', `${b.base}/v1/exchange/banks/FROM_A/export`], ['metadata', 'http://169.254.169.254/latest/meta-data'], ['mapped', 'http://[::ffff:127.0.0.1]:1/x']]) {
    assert.equal((await call(a, a.admin, 'POST', '/v1/exchange/peers', { name, api: 'chainbreak', url, bank: 'FROM_B', interval_ms: 60_000 })).status, 201);
    const pulled = await call(a, a.admin, 'POST', `/v1/exchange/peers/${name}/pull`);
    assert.equal(pulled.status, 200, pulled.text);
    assert.equal(pulled.json.added, 0);
    assert.match(pulled.json.error, /^blocked_address: /, `${name}: ${pulled.json.error}`);
  }
  const recorded = (await call(a, a.admin, 'GET', '/v1/exchange/peers')).json.peers;
  assert.ok(recorded.every((p: { lastError: string | null }) => p.lastError?.startsWith('blocked_address')));
  assert.equal((await call(a, a.admin, 'POST', '/v1/exchange/peers/nobody/pull')).status, 404);
});

test("A's signed package is verified, matched and confirmed by B; tampered, replayed and misaddressed ones are refused", async () => {
  const phone = '+234 803 555 0101';
  const built = await call(a, a.admin, 'POST', '/v1/exchange/partners/platform-b/packages', {
    indicators: [
      { type: 'phone', value: phone, first_seen: '2026-11-20T10:00:00Z', last_seen: '2026-12-01T08:00:00Z', stages: ['threat', 'payment'], confidence: 0.9, crew: 'crew-7' },
      { type: 'payment_account', value: 'GCash 0917 123 4567', first_seen: '2026-11-21T10:00:00Z', last_seen: '2026-12-01T08:00:00Z', stages: ['payment'], confidence: 0.8, crew: 'crew-7' },
    ],
  });
  assert.equal(built.status, 200, built.text);
  const envelope = built.json;
  assert.equal(envelope.signer, 'platform-a');
  assert.ok(!envelope.payload.includes('555') && !envelope.payload.includes('0917'), 'raw values never leave A');

  const tampered = await call(b, b.partnerKey, 'POST', '/v1/exchange/packages', { ...envelope, payload: envelope.payload.replace('0.9', '1') });
  assert.deepEqual([tampered.status, tampered.json.error], [403, 'package_bad_signature'], tampered.text);
  const misaddressed = await call(a, a.partnerKey, 'POST', '/v1/exchange/packages', envelope);
  assert.equal(misaddressed.status >= 400 && misaddressed.status < 500, true, misaddressed.text);
  assert.match(misaddressed.json.error, /^package_(unknown_signer|wrong_recipient)$/);
  const received = await call(b, b.partnerKey, 'POST', '/v1/exchange/packages', envelope);
  assert.deepEqual([received.status, received.json.stored, received.json.from], [200, 2, 'platform-a'], received.text);
  const replayed = await call(b, b.partnerKey, 'POST', '/v1/exchange/packages', envelope);
  assert.deepEqual([replayed.status, replayed.json.error], [409, 'package_replayed'], replayed.text);
  assert.match(replayed.json.message, /already/i);

  // B holds the phone (written differently) on one of its accounts: it matches without A's raw value.
  const link = await call(b, b.admin, 'POST', '/v1/rings/links', { tenant: 'acme', account: 'b-suspect-1', type: 'phone', value: '+2348035550101', source: 'report:r-1' });
  assert.ok([200, 201].includes(link.status), link.text);
  const matches = await call(b, b.admin, 'GET', '/v1/exchange/matches?tenant=acme');
  assert.equal(matches.status, 200, matches.text);
  assert.deepEqual(matches.json.matches.map((m: { partner: string; account: string; type: string; crew: string }) => [m.partner, m.account, m.type, m.crew]), [['platform-a', 'b-suspect-1', 'phone', 'crew-7']]);
  assert.deepEqual(matches.json.evidence.map((e: { kind: string; source: string }) => [e.kind, e.source.startsWith('partner:platform-a:')]), [['reaffirm', true]]);

  // B confirms; the signed feedback goes back to A, which records the confirmation on what it shared.
  const hit = matches.json.matches[0];
  const feedback = await call(b, b.admin, 'POST', '/v1/exchange/partners/platform-a/feedback', { feedback: [{ type: 'phone', hash: hit.hash, verdict: 'confirm', reason: 'same crew on our platform' }] });
  assert.equal(feedback.status, 200, feedback.text);
  const delivered = await call(a, a.partnerKey, 'POST', '/v1/exchange/packages', feedback.json);
  assert.deepEqual([delivered.status, delivered.json.kind, delivered.json.stored], [200, 'feedback', 1], delivered.text);
  const shared = await a.cb.services.exchange!.partners!.sharedWith('platform-b');
  assert.deepEqual(shared.filter((s) => s.confirms > 0).map((s) => [s.type, s.confirms, s.disputes]), [['phone', 1, 0]]);

  // Bad input is a 400 naming the field.
  const bad = await call(a, a.admin, 'POST', '/v1/exchange/partners/platform-b/packages', { indicators: [{ type: 'phone', value: '0803', first_seen: '2026-11-20T10:00:00Z', last_seen: '2026-12-01T08:00:00Z', confidence: 0.9 }] });
  assert.deepEqual([bad.status, bad.json.fields[0].path], [400, 'body.indicators.0.value']);
  const unknown = await call(a, a.admin, 'POST', '/v1/exchange/partners/platform-z/packages', { indicators: [{ type: 'phone', value: phone, first_seen: '2026-11-20T10:00:00Z', last_seen: '2026-12-01T08:00:00Z', confidence: 0.9 }] });
  assert.ok(unknown.status >= 400 && unknown.status < 500, unknown.text);
});
