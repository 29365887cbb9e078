// Accepted events carry warnings about what the sender should check: times far from the server clock (accepted:
// backfills are legitimate, rejecting would lose evidence) and fields the event model ignored (typos).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FUTURE_TOLERANCE_MS, PAST_TOLERANCE_MS, timeWarnings } from '../../src/adapters/http/event-warnings.ts';
import { message } from '../helpers/fixtures.ts';
import { serviceOverHttp } from '../helpers/service.ts';

const http = serviceOverHttp('platform', ['events:write', 'read']);

const post = (url: string, body: unknown) => http.app.inject({ method: 'POST', url, payload: body as object, headers: { authorization: `Bearer ${http.key}` } });
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 24 * 60 * 60_000;

test('an event from the far future is stored and decided, with a time_in_future warning', async () => {
  const event = { ...message({ id: 'future-1', conversation: 'c-future', text: 'hello there', minute: 0 }), time: iso(Date.now() + 400 * DAY) };
  const response = await post('/v1/events', event);
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.deepEqual(body.warnings.map((w: { code: string; path: string }) => [w.code, w.path]), [['time_in_future', 'body.time']]);
  assert.match(body.warnings[0].message, /ahead of the server clock/);
  const stored = await http.app.inject({ method: 'GET', url: '/v1/decisions/future-1?tenant=acme', headers: { authorization: `Bearer ${http.key}` } });
  assert.equal(stored.statusCode, 200, 'the event was stored');
});

test('a batch flags only the entries whose time is far off, by their index', async () => {
  const now = Date.now();
  const events = [
    { ...message({ id: 'batch-now', conversation: 'c-batch', text: 'hi', minute: 0 }), time: iso(now - 60_000) },
    { ...message({ id: 'batch-1970', conversation: 'c-batch', text: 'hi again', minute: 1 }), time: iso(1_764_741_600) },
  ];
  const response = await post('/v1/events/batch', { events });
  assert.equal(response.statusCode, 200);
  const results = response.json().results as { event_id: string; warnings?: { code: string; path: string }[] }[];
  const byId = Object.fromEntries(results.map((r) => [r.event_id, r.warnings]));
  assert.equal(byId['batch-now'], undefined, 'an ordinary event carries no warnings');
  assert.deepEqual(byId['batch-1970']?.map((w) => [w.code, w.path]), [['time_far_past', 'body.events.1.time']]);
});

test('fields the event model does not know are ignored with a warning naming them, at any depth', async () => {
  const event = { ...message({ id: 'typo-1', conversation: 'c-typo', text: 'hello', minute: 0 }), time: iso(Date.now()), attachment: [{ url: 'https://x.example/a.apk' }], colour: 'red' };
  const single = (await post('/v1/events', event)).json();
  assert.deepEqual(single.warnings.map((w: { code: string; path: string }) => [w.code, w.path]), [['unknown_field', 'body.attachment'], ['unknown_field', 'body.colour']]);
  assert.match(single.warnings[0].message, /"attachment" is not a field/);
  const nested = { ...message({ id: 'typo-2', conversation: 'c-typo', text: 'hello', minute: 1 }), time: iso(Date.now()), attachments: [{ kind: 'link', url: 'https://x.example/', colour: 'red' }] };
  const batch = (await post('/v1/events/batch', { events: [nested] })).json();
  assert.deepEqual(batch.results[0].warnings?.map((w: { path: string }) => w.path), ['body.events.0.attachments.0.colour']);
});

test('an id repeated within a batch is answered as a duplicate, with a warning pointing at the first entry', async () => {
  const first = { ...message({ id: 'rep-1', conversation: 'c-rep', text: 'hello', minute: 0 }), time: iso(Date.now()) };
  const again = { ...first, text: 'different words', colour: 'red' };
  const results = (await post('/v1/events/batch', { events: [first, again] })).json().results as { duplicate: boolean; warnings?: { code: string; path: string; message: string }[] }[];
  assert.equal(results[0].warnings, undefined);
  assert.equal(results[1].duplicate, true);
  assert.deepEqual(results[1].warnings?.map((w) => [w.code, w.path]), [['duplicate_in_batch', 'body.events.1.id'], ['unknown_field', 'body.events.1.colour']], 'each entry keeps its own warnings');
  assert.match(results[1].warnings![0].message, /body\.events\.0/);
});

test('timeWarnings tolerates clock skew and recent backfills, and flags what lies beyond', () => {
  const now = Date.parse('2026-12-03T06:00:00Z');
  assert.deepEqual(timeWarnings({ time: iso(now + FUTURE_TOLERANCE_MS - 1000) }, now, 't'), []);
  assert.equal(timeWarnings({ time: iso(now + FUTURE_TOLERANCE_MS + 1000) }, now, 't')[0]?.code, 'time_in_future');
  assert.deepEqual(timeWarnings({ time: iso(now - 90 * DAY) }, now, 't'), [], 'a three-month backfill is normal');
  assert.equal(timeWarnings({ time: iso(now - PAST_TOLERANCE_MS - DAY) }, now, 't')[0]?.code, 'time_far_past');
  assert.match(timeWarnings({ time: '1971-12-03T06:00:00Z' }, now, 't')[0].message, /55 years before/);
});
