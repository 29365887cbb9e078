// Issue 17.2: an id with an unpaired surrogate used to be stored as U+FFFD, so the duplicate check
// (on the original string) missed it on resend and the insert failed: every retry answered 500.
// Ids are now rejected at validation, naming the field; free text is normalised to U+FFFD up front,
// so what the engine checks is exactly what the store keeps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvent } from '../../src/core/events.ts';
import { message } from '../helpers/fixtures.ts';
import { serviceOverHttp } from '../helpers/service.ts';

const http = serviceOverHttp('admin', ['admin']);

// JSON text with a lone-surrogate escape, exactly as a client would send it.
function rawBatch(events: object[]): string {
  return JSON.stringify({ events }).replaceAll('LONE', '\\ud800');
}

test('a batch with one lone-surrogate event id answers 400 naming the field, stores nothing, and a retry answers the same', async () => {
  const events = [message({ id: 'sur-ok', text: 'hello', minute: 0 }), message({ id: 'sur-LONE', text: 'hello', minute: 1 })];
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await http.app.inject({ method: 'POST', url: '/v1/events/batch', payload: rawBatch(events), headers: { authorization: `Bearer ${http.key}`, 'content-type': 'application/json' } });
    assert.equal(response.statusCode, 400, response.body);
    const body = response.json();
    assert.ok(body.fields.some((f: { path: string; message: string }) => f.path === 'body.events.1.id' && /surrogate/.test(f.message)), response.body);
  }
  const stored = await http.cb.db.selectFrom('events').select('id').where('id', 'like', 'sur-%').execute();
  assert.equal(stored.length, 0);
});

test('every identifier field refuses an unpaired surrogate', () => {
  const base = { id: 'e1', tenant: 'acme', time: '2026-11-01T10:00:00Z' };
  const lone = 'x\udc00';
  const cases: [object, string][] = [
    [{ ...base, tenant: lone, type: 'connection.requested', from: 'a', to: 'b' }, 'tenant'],
    [{ ...base, type: 'connection.requested', from: lone, to: 'b' }, 'from'],
    [{ ...base, type: 'message.sent', conversation_id: 'c', sender: 'a', recipients: ['b', lone] }, 'recipients.1'],
    [{ ...base, type: 'account.created', account: { id: 'a', device_ids: [lone] } }, 'account.device_ids.0'],
    [{ ...base, type: 'payment.reported', identifiers: [{ type: 'iban', value: lone }] }, 'identifiers.0.value'],
  ];
  for (const [event, path] of cases) {
    const result = parseEvent(event);
    assert.equal(result.ok, false, path);
    assert.ok(!result.ok && result.errors.some((e) => e.path === path), `${path}: ${JSON.stringify(!result.ok && result.errors)}`);
  }
});

test('free text with an unpaired surrogate is normalised to U+FFFD at validation (what is checked is what is stored)', async () => {
  const parsed = parseEvent({ id: 'e1', tenant: 'acme', time: '2026-11-01T10:00:00Z', type: 'message.sent', conversation_id: 'c', sender: 'a', recipients: ['b'], text: 'cut emoji \ud83d' });
  assert.ok(parsed.ok);
  assert.equal(parsed.ok && parsed.event.type === 'message.sent' && parsed.event.text, 'cut emoji \ufffd');
  const event = message({ id: 'text-sur', text: 'cut LONE', minute: 2 });
  const payload = JSON.stringify(event).replace('LONE', '\\ud83d');
  const first = await http.app.inject({ method: 'POST', url: '/v1/events', payload, headers: { authorization: `Bearer ${http.key}`, 'content-type': 'application/json' } });
  assert.equal(first.statusCode, 200, first.body);
  const again = await http.app.inject({ method: 'POST', url: '/v1/events', payload, headers: { authorization: `Bearer ${http.key}`, 'content-type': 'application/json' } });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().duplicate, true);
});
