// Webhook deliveries claimed across nodes (issue 14.3), on the embedded store: each attempt is claimed by one
// dispatcher with a lease and numbered (`chainbreak-attempt`); a dispatcher that stalls past its lease is
// overtaken and can no longer record its stale result (the attempt number fences it); `webhookDelivery` is
// validated strictly. The PostgreSQL side (FOR UPDATE SKIP LOCKED, nodes as processes) is in test-system.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ATTEMPT_HEADER, DELIVERY_HEADER, WebhookDispatcher } from '../../src/adapters/webhooks/dispatcher.ts';
import { loadConfig } from '../../src/config.ts';
import { startTestService } from '../helpers/service.ts';

const SECRET = 'test-secret-0123456789';

/** Answers each request with what `answer` says for it (a status, or a promise that holds the request). */
async function receiver(answer: (n: number) => number | Promise<number>) {
  const seen: { id: string; attempt: string }[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    for await (const _ of request);
    seen.push({ id: String(request.headers[DELIVERY_HEADER]), attempt: String(request.headers[ATTEMPT_HEADER]) });
    const status = await answer(seen.length);
    if (!response.destroyed) response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen, close: () => { server.closeAllConnections(); server.close(); } };
}

async function withDelivery(url: string, id: string) {
  const cb = await startTestService({ webhooks: [{ url, secret: SECRET }] });
  await cb.db.insertInto('webhook_deliveries').values({ id, tenant: 'acme', url, body: '{"type":"decision.actions"}', status: 'pending', attempts: 0, next_attempt_at: 0, last_error: null, created_at: 0, delivered_at: null }).execute();
  return cb;
}

const row = (cb: Awaited<ReturnType<typeof withDelivery>>, id: string) =>
  cb.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'claimed_by', 'claimed_until', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();

test('a receiver that fails and recovers gets numbered attempts of one delivery, and it is delivered once', async () => {
  const hook = await receiver((n) => (n <= 2 ? 503 : 200));
  let now = 10_000;
  const cb = await withDelivery(hook.url, 'd-flaky');
  try {
    const dispatcher = new WebhookDispatcher(cb.db, { targets: cb.config.webhooks, node: 'a', baseDelayMs: 100, now: () => now });
    for (let round = 0; round < 5; round++, now += 1_000) await dispatcher.deliverDue();
    assert.deepEqual(hook.seen, [{ id: 'd-flaky', attempt: '1' }, { id: 'd-flaky', attempt: '2' }, { id: 'd-flaky', attempt: '3' }]);
    assert.deepEqual(await row(cb, 'd-flaky'), { status: 'delivered', attempts: 3, claimed_by: null, claimed_until: null, last_error: null });
  } finally {
    hook.close();
    await cb.cleanup();
  }
});

test('a claimed delivery is not taken by a second node while the lease holds; after it lapses the second node delivers and the first is fenced', async () => {
  let release: (status: number) => void = () => {};
  const hook = await receiver((n) => (n === 1 ? new Promise<number>((resolve) => (release = resolve)) : 200));
  let now = 10_000;
  const cb = await withDelivery(hook.url, 'd-stalled');
  try {
    const options = { targets: cb.config.webhooks, timeoutMs: 5_000, leaseMs: 6_000, now: () => now };
    const a = new WebhookDispatcher(cb.db, { ...options, node: 'a' });
    const b = new WebhookDispatcher(cb.db, { ...options, node: 'b' });
    const stalled = a.deliverDue(); // node a sends attempt 1; its receiver holds the answer (a stalled node, in effect)
    while (hook.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(await row(cb, 'd-stalled'), { status: 'pending', attempts: 1, claimed_by: 'a', claimed_until: 16_000, last_error: null });
    assert.equal(await b.deliverDue(), 0, 'the lease holds: node b leaves the delivery alone');

    now += 6_000; // a's lease lapses
    assert.equal(await b.deliverDue(), 1);
    assert.deepEqual(hook.seen, [{ id: 'd-stalled', attempt: '1' }, { id: 'd-stalled', attempt: '2' }], 'one request per attempt, same delivery id');
    assert.equal((await row(cb, 'd-stalled')).status, 'delivered');

    release(500); // a's attempt finally fails: its result must not overwrite b's
    await stalled;
    assert.deepEqual(await row(cb, 'd-stalled'), { status: 'delivered', attempts: 2, claimed_by: null, claimed_until: null, last_error: null });
    assert.equal(await a.deliverDue(), 0, 'nothing is attempted again');
  } finally {
    hook.close();
    await cb.cleanup();
  }
});

test('webhookDelivery is validated strictly: the lease must outlast an attempt, unknown keys are refused', () => {
  assert.equal(loadConfig(undefined, {}).webhookDelivery.leaseMs, 60_000);
  assert.throws(() => loadConfig(undefined, { webhookDelivery: { leaseMs: 10_000, timeoutMs: 30_000 } } as never), /webhookDelivery\.leaseMs: leaseMs must be longer than timeoutMs/);
  assert.throws(() => loadConfig(undefined, { webhookDelivery: { lease: 10_000 } } as never), /webhookDelivery/);
  assert.throws(() => loadConfig(undefined, { webhookDelivery: { batchSize: 0 } } as never), /webhookDelivery\.batchSize/);
  assert.throws(() => new WebhookDispatcher(null as never, { targets: [], leaseMs: 1_000, timeoutMs: 1_000 }), /lease \(1000 ms\) must be longer than the attempt timeout/);
});
