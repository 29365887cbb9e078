// A platform's own key is bound to its tenant, so reads need no `?tenant=`; an unbound key must name one and is
// told how (issue 12: `/v1/rings` without a tenant answered a schema message nobody could act on).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { message } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

let cb: Awaited<ReturnType<typeof startTestService>>;
let app: FastifyInstance;
let bound: string;
let unbound: string;

before(async () => {
  cb = await startTestService();
  app = await buildHttpApp(cb);
  bound = (await cb.keys.create('acme-platform', ['events:write', 'read'], 'acme')).key;
  unbound = (await cb.keys.create('operator', ['read'])).key;
  const stored = await app.inject({ method: 'POST', url: '/v1/events', payload: message({ id: 'td-1', conversation: 'td-conv', text: 'hello', minute: 0 }), headers: { authorization: `Bearer ${bound}` } });
  assert.equal(stored.statusCode, 200);
});
after(async () => {
  await app.close();
  await cb.cleanup();
});

const get = (url: string, key: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

test('a key bound to one tenant reads its records without naming the tenant', async () => {
  for (const url of ['/v1/decisions/td-1', '/v1/conversations/td-conv', '/v1/accounts/scammer', '/v1/rings', '/v1/rings/mule-accounts', '/v1/rings/shared-infrastructure']) {
    const response = await get(url, bound);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  }
  assert.equal((await get('/v1/decisions/td-1?tenant=acme', bound)).statusCode, 200, 'naming its own tenant still works');
  assert.equal((await get('/v1/decisions/td-1?tenant=other', bound)).statusCode, 403, 'naming another tenant is refused');
});

test('an unbound key must name the tenant, and the answer says how', async () => {
  for (const url of ['/v1/decisions/td-1', '/v1/rings', '/v1/rings/explain?a=x&b=y']) {
    const response = await get(url, unbound);
    assert.equal(response.statusCode, 400, url);
    const body = response.json();
    assert.equal(body.error, 'invalid_request');
    assert.deepEqual(body.fields.map((f: { path: string }) => f.path), ['querystring.tenant']);
    assert.match(body.message, /add \?tenant=… to the URL/);
  }
  assert.equal((await get('/v1/decisions/td-1?tenant=acme', unbound)).statusCode, 200);
});
