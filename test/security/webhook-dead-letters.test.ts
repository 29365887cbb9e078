// Issue 17.5: deliveries were marked failed after 8 attempts (about two minutes of receiver downtime) and
// never retried or replayed; a receiver slower than the timeout got every delivery twice; the delivery id
// header was not covered by the signature.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { DELIVERY_HEADER, DeliveryVerifier, SIGNATURE_HEADER, WebhookDispatcher, signPayload, verifySignature } from '../../src/adapters/webhooks/dispatcher.ts';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerConsoleRoutes } from '../../src/modules/console/http.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { startTestService } from '../helpers/service.ts';

const SECRET = 'test-secret-0123456789';
const HOUR = 3_600_000;

/** A receiver that is down (503) until `up` is set, and de-duplicates by delivery id as documented. */
async function receiver() {
  const verifier = new DeliveryVerifier(SECRET, { toleranceSeconds: 10 * 365 * 86_400 });
  const state = { up: false, processed: [] as string[], duplicates: 0, requests: 0 };
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    state.requests++;
    if (!state.up) return void response.writeHead(503).end();
    const verdict = verifier.check({ signature: String(request.headers[SIGNATURE_HEADER]), deliveryId: String(request.headers[DELIVERY_HEADER]) }, body, Math.floor(Date.now() / 1000));
    if (verdict === 'invalid') return void response.writeHead(401).end();
    if (verdict === 'duplicate') state.duplicates++;
    else state.processed.push(String(request.headers[DELIVERY_HEADER]));
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, state, close: () => server.close() };
}

async function withOutbox(url: string, rows: { id: string; tenant: string }[], createdAt: number) {
  const cb = await startTestService({ webhooks: [{ url, secret: SECRET }] });
  for (const row of rows) {
    await cb.db.insertInto('webhook_deliveries').values({ ...row, url, body: JSON.stringify({ type: 'decision.actions', id: row.id }), status: 'pending', attempts: 0, next_attempt_at: createdAt, last_error: null, created_at: createdAt, delivered_at: null }).execute();
  }
  return cb;
}

test('a receiver down for six hours still gets the delivery: backoff is bounded and retries go on for hours', async () => {
  const hook = await receiver();
  const start = 1_800_000_000_000;
  let now = start;
  const cb = await withOutbox(hook.url, [{ id: 'd-long', tenant: 'acme' }], start);
  try {
    const dispatcher = new WebhookDispatcher(cb.db, { targets: cb.config.webhooks, now: () => now });
    let previous = now;
    let longestGap = 0;
    while (now - start < 6 * HOUR) {
      await dispatcher.deliverDue();
      const row = await cb.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', 'd-long').executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending', `still retried after ${((now - start) / HOUR).toFixed(2)} h`);
      longestGap = Math.max(longestGap, row.next_attempt_at - previous);
      previous = now = row.next_attempt_at;
    }
    assert.ok(longestGap <= 10 * 60_000, `backoff bounded (longest wait ${longestGap} ms)`);
    hook.state.up = true;
    await dispatcher.deliverDue();
    const row = await cb.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', 'd-long').executeTakeFirstOrThrow();
    assert.equal(row.status, 'delivered');
    assert.deepEqual(hook.state.processed, ['d-long']);
  } finally {
    hook.close();
    await cb.cleanup();
  }
});

test('after the retry window a delivery is a dead letter: listed and replayed from the API, per tenant', async () => {
  const hook = await receiver();
  const start = Date.now() - 2 * 24 * HOUR;
  const cb = await withOutbox(hook.url, [{ id: 'd-acme', tenant: 'acme' }, { id: 'd-other', tenant: 'other' }], start);
  const app = await buildHttpApp(cb);
  try {
    let now = start;
    const dispatcher = new WebhookDispatcher(cb.db, { targets: cb.config.webhooks, now: () => now });
    for (let i = 0; i < 400; i++) {
      await dispatcher.deliverDue();
      now += 10 * 60_000;
    }
    const rows = await cb.db.selectFrom('webhook_deliveries').select(['id', 'status', 'dead_at']).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.status), ['failed', 'failed']);
    assert.ok(rows.every((r) => r.dead_at !== null));

    const acmeKey = (await cb.keys.create('acme', ['read', 'events:write'], 'acme')).key;
    const auth = { authorization: `Bearer ${acmeKey}` };
    const listed = await app.inject({ url: '/v1/webhooks/dead-letters', headers: auth });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(listed.json().dead_letters.map((d: { id: string }) => d.id), ['d-acme'], "only the key's own tenant");
    assert.equal((await app.inject({ url: '/v1/webhooks/dead-letters?tenant=other', headers: auth })).statusCode, 403);
    const otherReplay = await app.inject({ method: 'POST', url: '/v1/webhooks/dead-letters/replay', headers: auth, payload: { ids: ['d-other'] } });
    assert.equal(otherReplay.json().replayed, 0, "another tenant's dead letter is not replayed");
    const replay = await app.inject({ method: 'POST', url: '/v1/webhooks/dead-letters/replay', headers: auth, payload: {} });
    assert.equal(replay.json().replayed, 1);

    hook.state.up = true;
    now = Date.now();
    await dispatcher.deliverDue();
    const after = await cb.db.selectFrom('webhook_deliveries').select(['id', 'status']).orderBy('id').execute();
    assert.deepEqual(after.map((r) => [r.id, r.status]), [['d-acme', 'delivered'], ['d-other', 'failed']]);
  } finally {
    await app.close();
    hook.close();
    await cb.cleanup();
  }
});

test('the console service lists and replays dead letters for admins only, and audits the replay', async (t) => {
  const hook = await receiver();
  const cb = await withOutbox(hook.url, [{ id: 'd-console', tenant: 'acme' }], 1);
  await cb.db.updateTable('webhook_deliveries').set({ status: 'failed', dead_at: 2 }).execute();
  const svc = createConsole({ db: cb.db });
  await svc.users.seed([{ username: 'root', password: 'root-password', role: 'admin' }, { username: 'mod', password: 'mod-password', role: 'moderator' }]);
  const app = createFastify();
  await registerConsoleRoutes(app, { console: svc });
  t.after(async () => {
    await app.close();
    hook.close();
    await cb.cleanup();
  });
  const cookieFor = async (username: string, password: string) =>
    String((await app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password } })).headers['set-cookie']).split(';')[0];
  const mod = await cookieFor('mod', 'mod-password');
  assert.equal((await app.inject({ url: '/console/api/webhooks/dead-letters', headers: { cookie: mod } })).statusCode, 403);
  const root = await cookieFor('root', 'root-password');
  const listed = await app.inject({ url: '/console/api/webhooks/dead-letters', headers: { cookie: root } });
  assert.deepEqual(listed.json().deadLetters.map((d: { id: string }) => d.id), ['d-console']);
  const replay = await app.inject({ method: 'POST', url: '/console/api/webhooks/dead-letters/replay', headers: { cookie: root }, payload: { ids: ['d-console'] } });
  assert.equal(replay.json().replayed, 1);
  const row = await cb.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).executeTakeFirstOrThrow();
  assert.deepEqual([row.status, row.attempts], ['pending', 0]);
  assert.ok((await svc.audit.list()).some((e) => e.action === 'replay_webhooks'));
});

test('the delivery id is covered by the signature, and a verifier that honours it acts once on a retried delivery', () => {
  const body = '{"a":1}';
  const header = signPayload(SECRET, body, 1_000, 'delivery-1');
  assert.equal(verifySignature(SECRET, body, header, 1_010, 300, 'delivery-1'), true);
  assert.equal(verifySignature(SECRET, body, header, 1_010, 300, 'delivery-2'), false, 'a swapped delivery id fails');
  assert.equal(verifySignature(SECRET, body, signPayload(SECRET, body, 1_000), 1_010, 300, 'delivery-1'), false, 'v1 alone does not vouch for the id');
  assert.equal(verifySignature(SECRET, body, header, 1_010), true, 'v1 receivers keep working');
  const verifier = new DeliveryVerifier(SECRET);
  // The sender timed out on the first attempt after the receiver had acted: the retry is a duplicate.
  assert.equal(verifier.check({ signature: header, deliveryId: 'delivery-1' }, body, 1_010), 'process');
  assert.equal(verifier.check({ signature: signPayload(SECRET, body, 1_100, 'delivery-1'), deliveryId: 'delivery-1' }, body, 1_100), 'duplicate');
  assert.equal(verifier.check({ signature: header, deliveryId: 'delivery-9' }, body, 1_010), 'invalid');
});

test('a receiver slower than the timeout is not sent the delivery twice before the backoff, and the retry reuses the id', async () => {
  const seen: string[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = createServer(async (request, response) => {
    for await (const _ of request);
    seen.push(String(request.headers[DELIVERY_HEADER]));
    if (seen.length === 1) await held; // the first attempt outlives the sender's timeout
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  let now = 1_000_000;
  const cb = await withOutbox(url, [{ id: 'd-slow', tenant: 'acme' }], now);
  try {
    // The first attempt is held by the receiver until released, so it times out whatever the limit; the limit only
    // has to be long enough for the request to reach the receiver on a loaded machine (50 ms was not, at load 25).
    const dispatcher = new WebhookDispatcher(cb.db, { targets: cb.config.webhooks, timeoutMs: 1_000, now: () => now });
    await dispatcher.deliverDue();
    assert.deepEqual(seen, ['d-slow'], 'the first attempt reached the receiver and timed out');
    assert.equal(await dispatcher.deliverDue(), 0, 'not attempted again until its backoff has passed');
    release();
    now += 1_000;
    await dispatcher.deliverDue();
    assert.deepEqual(seen, ['d-slow', 'd-slow'], 'both attempts carry the same delivery id, so the receiver can drop the second');
  } finally {
    server.close();
    await cb.cleanup();
  }
});
