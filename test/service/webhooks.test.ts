import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { signPayload, verifySignature, WebhookDispatcher, SIGNATURE_HEADER } from '../../src/adapters/webhooks/dispatcher.ts';
import { scamConversation } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

const SECRET = 'test-secret-0123456789';

test('signatures verify, and tampering or replay outside the window fails', () => {
  const body = '{"a":1}';
  const header = signPayload(SECRET, body, 1_000);
  assert.equal(verifySignature(SECRET, body, header, 1_010), true);
  assert.equal(verifySignature(SECRET, '{"a":2}', header, 1_010), false);
  assert.equal(verifySignature('another-secret-xxxxxxxx', body, header, 1_010), false);
  assert.equal(verifySignature(SECRET, body, header, 2_000), false);
  assert.equal(verifySignature(SECRET, body, 'garbage', 1_010), false);
});

/** A receiver that answers 500 to the first `failures` attempts of every delivery, then 200. */
async function receiver(failures: number) {
  const received: { body: string; signature: string }[] = [];
  const attempts = new Map<string, number>();
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ body, signature: String(request.headers[SIGNATURE_HEADER]) });
    const id = String(request.headers['chainbreak-delivery']);
    attempts.set(id, (attempts.get(id) ?? 0) + 1);
    response.statusCode = attempts.get(id)! <= failures ? 500 : 200;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => server.close() };
}

test('actions are delivered signed, retried with backoff after failures, and marked delivered', async () => {
  const hook = await receiver(2);
  let now = Date.parse('2026-11-01T12:00:00Z');
  const cb = await startTestService({ webhooks: [{ url: hook.url, secret: SECRET }] });
  try {
    await cb.ingest.ingest(scamConversation().slice(0, 5).map((s) => s.event));
    const pending = await cb.db.selectFrom('webhook_deliveries').selectAll().execute();
    assert.ok(pending.length >= 1, 'the app-lure decision queued a delivery');
    const target = pending[0];
    await cb.db.updateTable('webhook_deliveries').set({ next_attempt_at: 0 }).execute();
    const dispatcher = new WebhookDispatcher(cb.db, { targets: cb.config.webhooks, baseDelayMs: 1_000, now: () => now });

    await dispatcher.deliverDue();
    let row = await cb.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.attempts, row.last_error], ['pending', 1, 'HTTP 500']);
    assert.equal(row.next_attempt_at, now + 1_000);
    assert.equal(await dispatcher.deliverDue(), 0, 'not due before its backoff');

    now += 1_000;
    await dispatcher.deliverDue();
    row = await cb.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.attempts, row.next_attempt_at], [2, now + 2_000]);

    now += 2_000;
    await dispatcher.deliverDue();
    row = await cb.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'delivered');
    const last = hook.received.at(-1)!;
    assert.equal(verifySignature(SECRET, last.body, last.signature, Math.floor(now / 1000)), true);
    const payload = JSON.parse(last.body);
    assert.equal(payload.type, 'decision.actions');
    assert.ok(payload.actions.some((a: { type: string }) => a.type === 'warn_recipient'));
    // The payload carries the decision's own signals and risk, in the shape GET /v1/decisions/:id gives.
    const stored = await cb.queries.decision(payload.tenant, payload.event_id);
    assert.deepEqual(payload.signals, JSON.parse(JSON.stringify(stored!.signals)));
    assert.deepEqual(payload.risk, JSON.parse(JSON.stringify(stored!.risk)));
    assert.ok(payload.signals.some((s: { reasons: { code: string }[] }) => s.reasons.every((r) => typeof r.code === 'string')));
  } finally {
    hook.close();
    await cb.cleanup();
  }
});

test('a delivery that keeps failing stops after the attempt limit', async () => {
  const hook = await receiver(99);
  let now = 1_000_000;
  const cb = await startTestService({ webhooks: [{ url: hook.url, secret: SECRET }] });
  try {
    await cb.ingest.ingest(scamConversation().slice(0, 5).map((s) => s.event));
    await cb.db.updateTable('webhook_deliveries').set({ next_attempt_at: 0 }).execute();
    const dispatcher = new WebhookDispatcher(cb.db, { targets: cb.config.webhooks, maxAttempts: 3, baseDelayMs: 10, now: () => now });
    for (let i = 0; i < 3; i++) {
      await dispatcher.deliverDue();
      now += 1_000;
    }
    const rows = await cb.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).execute();
    assert.ok(rows.every((r) => r.status === 'failed' && r.attempts === 3), JSON.stringify(rows));
  } finally {
    hook.close();
    await cb.cleanup();
  }
});
