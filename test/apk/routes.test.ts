import { test } from 'node:test';
import { Readable } from 'node:stream';
import assert from 'node:assert/strict';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerApkRoutes } from '../../src/modules/apk/http.ts';
import type { ApiKeys } from '../../src/app/api-keys.ts';
import { buildApk, BENIGN_NOTES, VOICE_FIX_STEALER } from './support/apps.ts';

// Only verify() is used by requireScope; one key with the read scope.
const keys = { verify: async (key: string) => (key === 'k-read' ? { id: '1', name: 't', scopes: ['read'], tenant: '*' } : null) } as unknown as ApiKeys;
const auth = { authorization: 'Bearer k-read', 'content-type': 'application/vnd.android.package-archive' };

async function app(maxBytes?: number) {
  const fastify = createFastify();
  await registerApkRoutes(fastify, { keys, maxBytes });
  await fastify.ready();
  return fastify;
}

test('POST /v1/apk/scan returns the verdict and evidence of an uploaded APK', async () => {
  const fastify = await app();
  const response = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: auth, payload: Buffer.from(buildApk(VOICE_FIX_STEALER)) });
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.equal(body.verdict, 'contact_stealer');
  assert.equal(body.package, 'com.voicefix.audio.plugin');
  assert.ok(body.evidence.some((e: { rule: string }) => e.rule === 'contacts_access'));
  assert.equal(body.signers.length, 1);
});

test('a malformed upload is a 200 with ok:false, not a server error', async () => {
  const fastify = await app();
  const response = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: auth, payload: Buffer.from('not a zip at all, sorry') });
  assert.equal(response.statusCode, 200);
  assert.equal(response.json().verdict, 'unparseable');
  assert.match(response.json().error, /end-of-central-directory/);
});

test('uploads above the cap are refused with 413; empty, untyped and unauthenticated ones with 4xx', async () => {
  const fastify = await app(1_000);
  const big = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: auth, payload: Buffer.from(buildApk(BENIGN_NOTES)) });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error, 'too_large');
  // Without a Content-Length the body is streamed and cut off once it passes the cap.
  const streamed = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: auth, payload: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]) });
  assert.equal(streamed.statusCode, 413);
  assert.match(streamed.json().message, /passed the 1000-byte cap/);
  const empty = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: auth, payload: Buffer.alloc(0) });
  assert.equal(empty.statusCode, 400);
  const json = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: { authorization: 'Bearer k-read' }, payload: { a: 1 } });
  assert.equal(json.statusCode, 415);
  const anonymous = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: { 'content-type': auth['content-type'] }, payload: Buffer.from('x') });
  assert.equal(anonymous.statusCode, 401);
});

test('POST /v1/apk/scan parses in a worker thread, not on the event loop (issue 17.8)', async () => {
  const { ApkScanPool } = await import('../../src/modules/apk/scan-pool.ts');
  const { threadId } = await import('node:worker_threads');
  const pool = new ApkScanPool();
  const fastify = createFastify();
  await registerApkRoutes(fastify, { keys, pool });
  try {
    const response = await fastify.inject({ method: 'POST', url: '/v1/apk/scan', headers: auth, payload: Buffer.from(buildApk(VOICE_FIX_STEALER)) });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().verdict, 'contact_stealer');
    assert.notEqual(pool.lastThreadId, threadId, 'the report came from another thread');
    assert.ok(pool.lastThreadId > 0);
  } finally {
    await fastify.close();
    await pool.close();
  }
});
