import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvent, EVENT_TYPES, MAX_TEXT_LENGTH } from '../../src/core/events.ts';

const base = { id: 'e1', tenant: 'acme', time: '2026-11-01T10:00:00Z' };
const good: Record<string, object> = {
  'account.created': { ...base, type: 'account.created', account: { id: 'a1', photos: [{ pdq: 'f'.repeat(64) }], declared_location: { country: 'US' }, ip: '203.0.113.7', device_ids: ['d1'] } },
  'account.updated': { ...base, type: 'account.updated', account: { id: 'a1', bio: 'hello' } },
  'connection.requested': { ...base, type: 'connection.requested', from: 'a1', to: 'a2' },
  'connection.accepted': { ...base, type: 'connection.accepted', from: 'a2', to: 'a1' },
  'message.sent': { ...base, type: 'message.sent', conversation_id: 'c1', sender: 'a1', recipients: ['a2'], text: 'hi', attachments: [{ kind: 'apk', url: 'https://x.example/a.apk' }] },
  'media.shared': { ...base, type: 'media.shared', sender: 'a1', media: { kind: 'image', pdq: '0'.repeat(64) } },
  'report.filed': { ...base, type: 'report.filed', reporter: 'a2', reported: 'a1', category: 'sextortion', text: 'he threatened me' },
  'payment.reported': { ...base, type: 'payment.reported', reporter: 'a2', identifiers: [{ type: 'iban', value: 'DE89370400440532013000' }], amount: { value: 500, currency: 'EUR' } },
};

test('every event type has a valid example that parses', () => {
  assert.deepEqual(Object.keys(good).sort(), [...EVENT_TYPES].sort());
  for (const [type, event] of Object.entries(good)) {
    const result = parseEvent(event);
    assert.equal(result.ok, true, `${type}: ${JSON.stringify(!result.ok && result.errors)}`);
  }
});

const bad: [string, object, string][] = [
  ['missing id', { ...good['message.sent'], id: undefined }, 'id'],
  ['blank tenant', { ...good['message.sent'], tenant: '  ' }, 'tenant'],
  ['bad time', { ...good['message.sent'], time: 'yesterday' }, 'time'],
  ['unknown type', { ...base, type: 'message.deleted' }, 'type'],
  ['no recipients', { ...good['message.sent'], recipients: [] }, 'recipients'],
  ['huge text', { ...good['message.sent'], text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, 'text'],
  ['bad pdq', { ...good['account.created'], account: { id: 'a', photos: [{ pdq: 'xyz' }] } }, 'account.photos.0.pdq'],
  ['photo without data', { ...good['account.created'], account: { id: 'a', photos: [{}] } }, 'account.photos.0'],
  ['bad country', { ...good['account.created'], account: { id: 'a', declared_location: { country: 'USA' } } }, 'account.declared_location.country'],
  ['bad ip', { ...good['account.created'], account: { id: 'a', ip: '999.1.1.1' } }, 'account.ip'],
  ['bad report category', { ...good['report.filed'], category: 'rude' }, 'category'],
  ['no payment identifiers', { ...good['payment.reported'], identifiers: [] }, 'identifiers'],
  ['bad currency', { ...good['payment.reported'], amount: { value: 1, currency: 'euro' } }, 'amount.currency'],
  ['connection without to', { ...good['connection.requested'], to: undefined }, 'to'],
  ['attachment kind', { ...good['message.sent'], attachments: [{ kind: 'exe' }] }, 'attachments.0.kind'],
];

for (const [name, event, path] of bad) {
  test(`rejects ${name}, naming ${path}`, () => {
    const result = parseEvent(event);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.errors.some((e) => e.path === path), JSON.stringify(result.errors));
  });
}

test('non-objects are rejected with a root error', () => {
  for (const value of [null, 42, 'text', []]) {
    const result = parseEvent(value);
    assert.equal(result.ok, false);
  }
});
