// The error contract at the transport level: whatever goes wrong before a handler runs (body parsing, content
// type, size, method, missing parameters) is answered `{ error, message }` with our own code, never Fastify's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { describeIssue, frameworkError, RouteIndex } from '../../src/adapters/http/error-contract.ts';

let app: FastifyInstance;

before(async () => {
  app = createFastify({ bodyLimit: 1024 });
  app.post('/things', { schema: { body: z.object({ name: z.string() }) } }, async (request) => ({ got: request.body }));
  app.get('/things/:id', { schema: { querystring: z.object({ tenant: z.string(), limit: z.coerce.number().optional() }) } }, async () => ({ ok: true }));
  app.post('/either', { schema: { body: z.union([z.object({ text: z.string() }), z.object({ items: z.array(z.string()).min(1) })]) } }, async () => ({ ok: true }));
  app.post('/raw', async (request) => ({ type: typeof request.body }));
  app.get('/pages/*', async () => 'page');
  await app.ready();
});
after(() => app.close());

function assertContract(body: Record<string, unknown>, code: string): void {
  assert.equal(body.error, code, JSON.stringify(body));
  assert.equal(typeof body.message, 'string');
  assert.doesNotMatch(JSON.stringify(body), /FST_ERR/, 'no framework code leaks');
}

test('malformed, empty and oversized JSON bodies answer our codes', async () => {
  const bad = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
  assert.equal(bad.statusCode, 400);
  assertContract(bad.json(), 'invalid_json');

  const empty = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '' });
  assert.equal(empty.statusCode, 400);
  assertContract(empty.json(), 'empty_body');

  const large = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2000) }) });
  assert.equal(large.statusCode, 413);
  assertContract(large.json(), 'body_too_large');
});

test('a JSON route answers 415 naming the content type to send, for types Fastify parses and for types it does not', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const response = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': type }, payload: '{"name":"a"}' });
    assert.equal(response.statusCode, 415, type);
    const body = response.json();
    assertContract(body, 'unsupported_media_type');
    assert.match(body.message, /application\/json/);
    assert.ok(body.message.includes(type), `${type} is named: ${body.message}`);
  }
  const ok = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"name":"a"}' });
  assert.equal(ok.statusCode, 200);
  // A route without a body schema reads what it is given (image uploads, CSV lists).
  const raw = await app.inject({ method: 'POST', url: '/raw', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
  assert.deepEqual(raw.json(), { type: 'string' });
});

test('a known path with another method is a 405 with allow; an unknown path stays a 404', async () => {
  const wrong = await app.inject({ method: 'DELETE', url: '/things/abc?tenant=t' });
  assert.equal(wrong.statusCode, 405);
  assertContract(wrong.json(), 'method_not_allowed');
  assert.match(String(wrong.headers.allow), /GET/);
  const missing = await app.inject({ method: 'GET', url: '/nothing' });
  assert.equal(missing.statusCode, 404);
  assertContract(missing.json(), 'not_found');
  // A wildcard route does not turn every other method under it into a 405.
  const underWildcard = await app.inject({ method: 'POST', url: '/pages/x' });
  assert.equal(underWildcard.statusCode, 404);
});

test('a missing or non-numeric query parameter says what to send', async () => {
  const response = await app.inject({ method: 'GET', url: '/things/abc?limit=lots' });
  assert.equal(response.statusCode, 400);
  const body = response.json();
  assertContract(body, 'invalid_request');
  const byPath = Object.fromEntries(body.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
  assert.equal(byPath['querystring.tenant'], 'required: add ?tenant=… to the URL');
  assert.equal(byPath['querystring.limit'], 'must be a number');
});

test('a malformed URL escape, rejected before routing, keeps the contract too', async () => {
  const response = await app.inject({ method: 'GET', url: '/things/%E0%A4%A?tenant=t' });
  assert.equal(response.statusCode, 400);
  assertContract(response.json(), 'invalid_url');
});

test('a body matching no branch of a union says what each accepted shape lacked', async () => {
  const response = await app.inject({ method: 'POST', url: '/either', payload: { txt: 'hi' } });
  assert.equal(response.statusCode, 400);
  const body = response.json();
  assertContract(body, 'invalid_request');
  assert.equal(body.fields[0].message, 'matches none of the accepted shapes: either text: required (string), or items: required (array)');
});

test('describeIssue keeps messages it has no better words for', () => {
  assert.equal(describeIssue('body.name', 'Too big: expected string to have <=100 characters'), 'Too big: expected string to have <=100 characters');
  assert.equal(describeIssue('params.id', 'Too small: expected string to have >=1 characters'), 'must not be empty');
  assert.equal(describeIssue('body.events.0.recipients', 'Invalid input: expected array, received undefined'), 'required (array)');
});

test('an unlisted framework client error keeps its status without its code; framework server errors stay 500s', () => {
  assert.deepEqual(frameworkError({ code: 'FST_ERR_SOMETHING_NEW', message: 'bad header', statusCode: 431 }, undefined), { status: 431, error: 'bad_request', message: 'bad header' });
  assert.equal(frameworkError({ code: 'FST_ERR_RESPONSE_SERIALIZATION', message: 'internal detail', statusCode: 500 }, undefined), null);
  assert.equal(frameworkError({ code: 'not_found', message: 'x', statusCode: 404 }, undefined), null, 'our own errors pass through');
});

test('RouteIndex matches parameters per segment only', () => {
  const index = new RouteIndex();
  index.add('/v1/rings/:id', ['GET', 'HEAD']);
  index.add('/v1/rings/links', 'POST');
  assert.deepEqual(index.allowed('/v1/rings/links'), ['GET', 'HEAD', 'POST']);
  assert.deepEqual(index.allowed('/v1/rings/a/b'), []);
  assert.deepEqual(index.allowed('/v1/rings/a.b'), ['GET', 'HEAD']);
});
