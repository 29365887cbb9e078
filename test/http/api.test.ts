import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { message, scamConversation } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

let cb: Awaited<ReturnType<typeof startTestService>>;
let app: FastifyInstance;
let admin: string;
let reader: string;
let otherTenant: string;

before(async () => {
  cb = await startTestService();
  app = await buildHttpApp(cb);
  admin = (await cb.keys.create('admin', ['admin'])).key;
  reader = (await cb.keys.create('reader', ['read'])).key;
  otherTenant = (await cb.keys.create('other', ['events:write', 'read'], 'other-platform')).key;
});
after(async () => {
  await app.close();
  await cb.cleanup();
});

const post = (url: string, body: unknown, key = admin) =>
  app.inject({ method: 'POST', url, payload: body as object, headers: { authorization: `Bearer ${key}` } });

test('the synchronous API answers a message with its decision and reasons', async () => {
  const script = scamConversation('api-conv');
  let last;
  for (const { event } of script.slice(0, 5)) last = await post('/v1/events', event);
  assert.equal(last!.statusCode, 200);
  const decision = last!.json();
  assert.equal(decision.verdict, 'hold');
  assert.ok(decision.actions.some((a: { type: string; target: { id: string } }) => a.type === 'warn_recipient' && a.target.id === 'victim'));
  assert.ok(decision.signals.some((s: { stage: string; reasons: { spans?: unknown[] }[] }) => s.stage === 'app_lure' && s.reasons.some((r) => r.spans?.length)));
  assert.equal(decision.duplicate, false);
  assert.match(String(last!.headers['server-timing']), /^app;dur=\d+\.\d{3}$/, 'the service reports its own decision time');
  const again = await post('/v1/events', script[4].event);
  assert.equal(again.json().duplicate, true);
});

test('bad input is a 400 naming the field, never a 5xx, and is not stored', async () => {
  const bad = { ...message({ id: 'bad-1', text: 'x', minute: 0 }), recipients: 'victim' };
  const response = await post('/v1/events', bad);
  assert.equal(response.statusCode, 400);
  const body = response.json();
  assert.equal(body.error, 'invalid_request');
  assert.ok(body.fields.some((f: { path: string }) => f.path === 'body.recipients'), JSON.stringify(body));
  const batch = await post('/v1/events/batch', { events: [message({ id: 'ok-b', text: 'x', minute: 0 }), { ...message({ id: 'bad-b', text: 'x', minute: 0 }), time: 42 }] });
  assert.equal(batch.statusCode, 400);
  assert.ok(batch.json().fields.some((f: { path: string }) => f.path === 'body.events.1.time'), batch.body);
  const stored = await cb.db.selectFrom('events').select('id').where('id', 'in', ['bad-1', 'ok-b', 'bad-b']).execute();
  assert.equal(stored.length, 0);
  for (const payload of ['{"not json', '[]', 'null']) {
    const r = await app.inject({ method: 'POST', url: '/v1/events', payload, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' } });
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${payload} -> ${r.statusCode}`);
  }
});

test('batches report accepted and duplicate events', async () => {
  const events = [message({ id: 'b1', conversation: 'b', text: 'hi', minute: 0 }), message({ id: 'b2', conversation: 'b', text: 'hello', minute: 1 })];
  const first = await post('/v1/events/batch', { events });
  assert.deepEqual([first.json().accepted, first.json().duplicates], [2, 0]);
  const second = await post('/v1/events/batch', { events });
  assert.deepEqual([second.json().accepted, second.json().duplicates], [0, 2]);
});

test('API keys: missing, unknown, wrong scope and wrong tenant are refused', async () => {
  const event = message({ id: 'auth-1', text: 'hi', minute: 0 });
  assert.equal((await app.inject({ method: 'POST', url: '/v1/events', payload: event })).statusCode, 401);
  assert.equal((await post('/v1/events', event, 'cbk_nope')).statusCode, 401);
  assert.equal((await post('/v1/events', event, reader)).statusCode, 403);
  assert.equal((await post('/v1/events', event, otherTenant)).statusCode, 403);
  assert.equal((await post('/v1/events', { ...event, tenant: 'other-platform' }, otherTenant)).statusCode, 200);
});

test('look-ups: account risk with reasons, conversation timeline, cases and decisions', async () => {
  const report = { id: 'rep-lookup', tenant: 'acme', time: '2026-11-01T12:00:00Z', type: 'report.filed', reporter: 'victim', reported: 'scammer', category: 'sextortion', conversation_id: 'lookup' };
  await post('/v1/events/batch', { events: [...scamConversation('lookup').map((s) => s.event), report] });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${reader}` } });
  const account = (await get('/v1/accounts/scammer?tenant=acme')).json();
  assert.ok(account.risk.reasons.some((r: { code: string }) => r.code === 'reported_for_sextortion'), JSON.stringify(account.risk));
  const conversation = (await get('/v1/conversations/lookup?tenant=acme')).json();
  assert.deepEqual(conversation.stages.map((s: { stage: string }) => s.stage), ['first_contact', 'escalation', 'offplatform', 'app_lure', 'threat', 'payment']);
  assert.ok(conversation.stages[3].since_previous_ms > 0);
  const cases = (await get('/v1/cases?status=open')).json().cases;
  // Earlier tests already opened a case about scammer and victim: this conversation's evidence joins it.
  const about = cases.filter((c: { suspect_account: string; victim_account: string }) => c.suspect_account === 'scammer' && c.victim_account === 'victim');
  assert.equal(about.length, 1, JSON.stringify(about));
  const detail = (await get(`/v1/cases/${about[0].id}`)).json();
  assert.equal(detail.suspect.id, 'scammer');
  const decision = (await get(`/v1/decisions/${scamConversation('lookup')[5].event.id}?tenant=acme`)).json();
  assert.equal(decision.verdict, 'restrict');
  assert.equal((await get('/v1/accounts/nobody?tenant=acme')).statusCode, 404);
  assert.equal((await get('/v1/accounts/scammer')).statusCode, 400);
});

test('rules: validate, preview in shadow against recent traffic, and replace through the API', async () => {
  const strict = `version: 1
rules:
  - { id: restrict-everything, description: test, when: { event_type: message.sent }, actions: [restrict_account] }
`;
  const invalid = await post('/v1/rules/validate', { text: 'version: 1\nrules: [ { id: x } ]' });
  assert.equal(invalid.json().valid, false);
  const preview = (await post('/v1/rules/preview', { text: strict })).json();
  assert.ok(preview.events > 0);
  assert.ok(preview.changed > 0);
  assert.ok(preview.byRule['restrict-everything'] > 0);
  assert.equal((await post('/v1/rules', { text: strict }, reader)).statusCode, 405, 'PUT only (405: the path exists with other methods)');
  const put = await app.inject({ method: 'PUT', url: '/v1/rules', payload: { text: 'version: 1\nrules: 3' }, headers: { authorization: `Bearer ${admin}` } });
  assert.equal(put.statusCode, 400);
  const ok = await app.inject({ method: 'PUT', url: '/v1/rules', payload: { text: strict }, headers: { authorization: `Bearer ${admin}` } });
  assert.equal(ok.statusCode, 200);
  const decided = (await post('/v1/events', message({ id: 'after-put', conversation: 'p', sender: 'amy', to: 'bob', text: 'lunch?', minute: 0 }))).json();
  assert.equal(decided.verdict, 'restrict');
});

test('health, metrics and the OpenAPI document', async () => {
  assert.equal((await app.inject('/healthz')).json().status, 'ok');
  assert.equal((await app.inject('/metrics')).statusCode, 401, 'metrics need a key unless metricsPublic is on');
  assert.equal((await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${reader}` } })).statusCode, 403, 'a read key is not a metrics key');
  const scraper = (await cb.keys.create('prometheus', ['metrics'])).key;
  const metrics = (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${scraper}` } })).body;
  assert.match(metrics, /chainbreak_events_total\{type="message.sent",result="accepted"\} \d+/);
  const openapi = (await app.inject('/openapi.json')).json();
  assert.ok(openapi.paths['/v1/events']);
  assert.ok(openapi.paths['/v1/events/batch']);
  assert.equal((await app.inject('/docs')).statusCode < 400, true);
});

test('with metricsPublic on, a scraper reads /metrics without a key', async () => {
  const open = await startTestService({ metricsPublic: true });
  try {
    const answer = await (await buildHttpApp(open)).inject('/metrics');
    assert.equal(answer.statusCode, 200);
    assert.match(answer.body, /chainbreak_events_total/);
  } finally {
    await open.cleanup();
  }
});
