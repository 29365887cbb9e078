import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { registerExchangeConsoleRoutes } from '../../src/modules/exchange/console-http.ts';
import { registerExchangeRoutes } from '../../src/modules/exchange/http.ts';
import { createExchange, generateSigningKeys } from '../../src/modules/exchange/index.ts';
import { PartnerExchange } from '../../src/modules/exchange/partners.ts';
import { PdqBankService } from '../../src/modules/pdq/banks.ts';
import { ApiKeys } from '../../src/app/api-keys.ts';
import { insertCase } from '../console/helpers.ts';
import { flipBits, HASH_A } from '../pdq/helpers.ts';
import { HmaLookupResponse } from './hma-schema.ts';
import { migratedDb } from './helpers.ts';

async function server() {
  const db = await migratedDb();
  const banks = new PdqBankService(db);
  await banks.load();
  const console = createConsole({ db });
  const sharedKey = randomBytes(32).toString('base64url');
  const partnerKeys = generateSigningKeys();
  const ourKeys = generateSigningKeys();
  const exchange = await createExchange({ db, banks, console, self: 'us', signingKeys: ourKeys, partners: [{ id: 'partner', publicKey: partnerKeys.publicKey, sharedKey }] });
  const partner = new PartnerExchange({ db: await migratedDb(), self: 'partner', signingKeys: partnerKeys, partners: [{ id: 'us', publicKey: ourKeys.publicKey, sharedKey }] });
  const fastify = createFastify({ logger: false });
  const keys = new ApiKeys(db);
  await registerExchangeRoutes(fastify, { exchange, keys });
  await registerExchangeConsoleRoutes(fastify, { exchange });
  await fastify.ready();
  // Every request carries a key with the exchange's scopes (authorisation itself: test/security and e2e.test.ts).
  const { key } = await keys.create('exchange-test', ['partner', 'exchange:write', 'read']);
  const app = {
    inject: (options: { method: string; url: string; headers?: Record<string, string>; payload?: unknown }) =>
      fastify.inject({ ...options, headers: { authorization: `Bearer ${key}`, ...options.headers } } as never),
  };
  return { app, db, banks, console, exchange, partner };
}

test('HTTP: HMA /m/lookup and /m/index/status answer in HMA shape; import and export lists', async () => {
  const { app, banks } = await server();
  await banks.createBank('TEST_BANK');
  const list = `pdq ${HASH_A}\nvideo_md5 0f343b0931126a20f133d67c2b018a3b\n`;
  const imported = await app.inject({ method: 'POST', url: '/v1/exchange/banks/TEST_BANK/import?format=signal-file&source=hma-file', headers: { 'content-type': 'text/plain' }, payload: list });
  assert.equal(imported.statusCode, 200, imported.body);
  assert.equal(imported.json().added, 2);

  assert.equal((await app.inject({ method: 'PUT', url: '/v1/exchange/banks/TEST_BANK/settings', payload: { labels: ['shared'] } })).statusCode, 200);
  const hit = await app.inject({ method: 'GET', url: `/m/lookup?signal_type=pdq&signal=${flipBits(HASH_A, [0, 1])}` });
  assert.equal(hit.statusCode, 200);
  HmaLookupResponse.parse(hit.json());
  assert.deepEqual(hit.json().TEST_BANK.map((m: { distance: string }) => m.distance), ['2']);
  const miss = await app.inject({ method: 'GET', url: `/m/lookup?signal_type=video_md5&signal=${'a'.repeat(32)}` });
  assert.deepEqual(miss.json(), {});
  assert.equal((await app.inject({ method: 'GET', url: '/m/lookup?signal_type=pdq&signal=xyz' })).statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/m/lookup?signal_type=tmk&signal=' + HASH_A })).statusCode, 400);
  const status = (await app.inject({ method: 'GET', url: '/m/index/status' })).json();
  assert.deepEqual([status.pdq.present, status.pdq.size, status.video_md5.size], [true, 1, 1]);

  const csv = await app.inject({ method: 'GET', url: '/v1/exchange/banks/TEST_BANK/export?format=te-csv' });
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  assert.match(csv.body, /^signal_type,signal_str,collab,category,tags\npdq,/);
  assert.match(csv.body, /\nvideo_md5,0f343b0931126a20f133d67c2b018a3b,TEST_BANK,POSITIVE_CLASS,/);
  const bad = await app.inject({ method: 'POST', url: '/v1/exchange/banks/TEST_BANK/import?format=signal-file&source=x', headers: { 'content-type': 'text/plain' }, payload: 'pdq nothex\n' });
  assert.deepEqual([bad.statusCode, bad.json().error, bad.json().fields[0].path], [400, 'invalid_hash_list', 'line 1']);
  assert.equal((await app.inject({ method: 'GET', url: '/v1/exchange/banks/NOPE/export' })).statusCode, 404);

  const allow = await app.inject({ method: 'PUT', url: '/v1/exchange/banks/TEST_BANK/settings', payload: { max_distance: 1 } });
  assert.equal(allow.json().maxDistance, 1);
  assert.deepEqual((await app.inject({ method: 'GET', url: `/m/lookup?signal_type=pdq&signal=${flipBits(HASH_A, [0, 1])}` })).json(), {});
  assert.equal((await app.inject({ method: 'PUT', url: '/v1/exchange/banks/TEST_BANK/settings', payload: { kind: 'maybe' } })).statusCode, 400);
});

test('HTTP: partner packages are received once; tampered is 403, replayed is 409; removals need the legal elements', async () => {
  const { app, partner } = await server();
  const envelope = await partner.buildIndicatorPackage('us', [{ type: 'phone', value: '+2348031234567', firstSeen: Date.now() - 1000, lastSeen: Date.now(), stages: ['threat'], confidence: 0.9 }]);
  const ok = await app.inject({ method: 'POST', url: '/v1/exchange/packages', payload: envelope });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().stored, 1);
  const again = await app.inject({ method: 'POST', url: '/v1/exchange/packages', payload: envelope });
  assert.deepEqual([again.statusCode, again.json().error], [409, 'package_replayed']);
  const tampered = await app.inject({ method: 'POST', url: '/v1/exchange/packages', payload: { ...envelope, payload: envelope.payload.replace('0.9', '1') } });
  assert.deepEqual([tampered.statusCode, tampered.json().error], [403, 'package_bad_signature']);

  const built = await app.inject({ method: 'POST', url: '/v1/exchange/partners/partner/packages', payload: { indicators: [{ type: 'phone', value: '+234 803 123 4567', first_seen: '2026-12-01T00:00:00Z', last_seen: '2026-12-02T00:00:00Z', stages: ['payment'], confidence: 0.8 }] } });
  assert.equal(built.statusCode, 200, built.body);
  assert.equal((await partner.receive(built.json())).stored, 1);
  const badValue = await app.inject({ method: 'POST', url: '/v1/exchange/partners/partner/packages', payload: { indicators: [{ type: 'phone', value: '0803', first_seen: '2026-12-01T00:00:00Z', last_seen: '2026-12-02T00:00:00Z', confidence: 0.8 }] } });
  assert.match(badValue.json().message, /indicators\.0\.value: phone "0803" needs an international prefix/);

  const invalid = await app.inject({ method: 'POST', url: '/v1/exchange/removals', payload: { tenant: 't1', jurisdiction: 'US', source: 'victim_report', content: { urls: ['https://x.example/1'] } } });
  assert.deepEqual([invalid.statusCode, invalid.json().fields.map((f: { path: string }) => f.path)], [400, ['signature', 'good_faith_statement', 'contact']]);
  const opened = await app.inject({ method: 'POST', url: '/v1/exchange/removals', payload: { tenant: 't1', jurisdiction: 'US', source: 'victim_report', content: { urls: ['https://x.example/1'] }, signature: 'J. Doe', good_faith_statement: 'published without my consent', contact: 'j@example.org' } });
  assert.equal(opened.statusCode, 201);
  assert.equal(opened.json().deadlineAt - opened.json().receivedAt, 48 * 3_600_000);
  const csv = await app.inject({ method: 'GET', url: '/v1/exchange/removals?format=csv' });
  assert.equal(csv.body.trim().split('\n').length, 2);
});

test('HTTP console: a moderator schedules a victim-safe plan; protection runs at once; roles and sessions enforced', async () => {
  const { app, db, console, exchange } = await server();
  await console.users.seed([{ username: 'mod', password: 'correct horse battery', role: 'moderator' }, { username: 'inv', password: 'correct horse battery', role: 'investigator' }]);
  await insertCase(db, 'c1');
  const cookie = async (username: string) => {
    const session = await console.users.signIn(username, 'correct horse battery');
    return `cb_session=${session!.token}`;
  };
  const mod = await cookie('mod');
  const banAt = new Date(Date.now() + 3_600_000).toISOString();
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/c1/plans', payload: { reason: 'active extortion', ban_at: banAt } })).statusCode, 401);
  const unclaimed = await app.inject({ method: 'POST', url: '/console/api/cases/c1/plans', headers: { cookie: mod }, payload: { reason: 'active extortion', ban_at: banAt } });
  assert.deepEqual([unclaimed.statusCode, unclaimed.json().error], [409, 'not_claimed']);
  await console.queue.claim('c1', 'mod');
  const planned = await app.inject({ method: 'POST', url: '/console/api/cases/c1/plans', headers: { cookie: mod }, payload: { reason: 'active extortion', ban_at: banAt } });
  assert.equal(planned.statusCode, 201, planned.body);
  assert.deepEqual(planned.json().steps.map((s: { action: string }) => s.action), ['preserve_evidence', 'hide_social_graph', 'warn_recipient', 'ban_ring']);
  const unsafe = await app.inject({ method: 'POST', url: '/console/api/cases/c1/plans', headers: { cookie: mod }, payload: { reason: 'x y z', steps: [{ action: 'ban_ring', at: banAt, why: 'ban now' }] } });
  assert.match(unsafe.json().message, /needs preserve_evidence/);
  await console.queue.claim('c1', 'mod');
  await exchange.scheduler.runDue(); // joins the run the route started
  const steps = (await app.inject({ method: 'GET', url: '/console/api/cases/c1/plans', headers: { cookie: mod } })).json().steps;
  assert.deepEqual(steps.map((s: { status: string }) => s.status), ['done', 'done', 'done', 'pending']);

  const inv = await cookie('inv');
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/c1/plans', headers: { cookie: inv }, payload: { reason: 'abc', ban_at: banAt } })).statusCode, 403);
  const pkg = await app.inject({ method: 'POST', url: '/console/api/cases/c1/authority-package', headers: { cookie: inv }, payload: { reason: 'report to NCMEC', victim_is_minor: true } });
  assert.equal(pkg.statusCode, 200, pkg.body);
  assert.equal(pkg.json().format, 'chainbreak.authority-package/1');
  assert.ok(pkg.json().cybertipline.missing.length >= 1);
  const deadlines = await app.inject({ method: 'GET', url: '/console/api/queue-deadlines', headers: { cookie: mod } });
  assert.equal(deadlines.json().cases[0].removal_deadline, null);
});
