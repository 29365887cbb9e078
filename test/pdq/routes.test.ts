import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerPdqRoutes } from '../../src/modules/pdq/http.ts';
import { fixtureBytes, referenceHashes } from './fixtures.ts';
import { flipBits, HASH_A, HASH_B, loadedService } from './helpers.ts';

async function app(options: { maxImageBytes?: number; maxImagePixels?: number } = {}) {
  const { service } = await loadedService();
  const server = createFastify({ logger: false });
  await registerPdqRoutes(server, { banks: service, ...options });
  await server.ready();
  return { server, service };
}

test('POST /v1/pdq/hash hashes a raw or multipart image like the reference, with md5', async () => {
  const { server } = await app();
  const row = referenceHashes().find((r) => r.path === 'images/labelme/q2821.jpg');
  assert.ok(row);
  const bytes = fixtureBytes(row.path);
  const raw = await server.inject({ method: 'POST', url: '/v1/pdq/hash', headers: { 'content-type': 'image/jpeg' }, payload: Buffer.from(bytes) });
  assert.equal(raw.statusCode, 200, raw.body);
  assert.equal(raw.json().hash, row.hash);
  assert.equal(raw.json().quality, row.quality);
  assert.match(raw.json().md5, /^[0-9a-f]{32}$/);

  const boundary = '----pdqtest';
  const multipart = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="q.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const mp = await server.inject({ method: 'POST', url: '/v1/pdq/hash?dihedral=true', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
  assert.equal(mp.statusCode, 200, mp.body);
  assert.equal(mp.json().hash, row.hash);
  assert.equal(mp.json().dihedral.length, 8);
});

test('bad uploads get clear 4xx errors: not an image, too many bytes, too many pixels, empty', async () => {
  const { server } = await app({ maxImageBytes: 50_000, maxImagePixels: 10_000 });
  const junk = await server.inject({ method: 'POST', url: '/v1/pdq/hash', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('hello, not an image') });
  assert.equal(junk.statusCode, 422);
  assert.equal(junk.json().error, 'invalid_image');
  const big = await server.inject({ method: 'POST', url: '/v1/pdq/hash', headers: { 'content-type': 'image/jpeg' }, payload: Buffer.alloc(60_000, 1) });
  assert.equal(big.statusCode, 413);
  const pixels = await server.inject({ method: 'POST', url: '/v1/pdq/hash', headers: { 'content-type': 'image/jpeg' }, payload: Buffer.from(fixtureBytes('images/labelme/q0003.jpg')) });
  assert.equal(pixels.statusCode, 422);
  assert.match(pixels.json().message, /pixel limit/);
  const empty = await server.inject({ method: 'POST', url: '/v1/pdq/hash', headers: { 'content-type': 'image/png' }, payload: Buffer.alloc(0) });
  assert.equal(empty.statusCode, 400);
});

test('banks: create, add with provenance, lookup, disable, export and import over HTTP', async () => {
  const { server } = await app();
  const created = await server.inject({ method: 'POST', url: '/v1/pdq/banks', payload: { name: 'partner_b', description: 'test partner' } });
  assert.equal(created.statusCode, 201);
  assert.equal((await server.inject({ method: 'POST', url: '/v1/pdq/banks', payload: { name: 'partner_b' } })).statusCode, 409);
  const list = await server.inject({ method: 'GET', url: '/v1/pdq/banks' });
  assert.deepEqual(list.json().banks.map((b: { name: string }) => b.name).sort(), ['partner_b', 'partner_exchange', 'scam_profile_photos', 'victim_submitted']);

  const add = await server.inject({ method: 'POST', url: '/v1/pdq/banks/partner_b/hashes', payload: { hashes: [HASH_A, { hash: HASH_B, quality: 90 }], provenance: { source: 'partner_b_feed', added_by: 'importer' } } });
  assert.deepEqual(add.json(), { added: 2, duplicates: 0 });
  const bad = await server.inject({ method: 'POST', url: '/v1/pdq/banks/partner_b/hashes', payload: { hashes: ['nothex'], provenance: { source: 's' } } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /hashes\.0/);
  assert.equal((await server.inject({ method: 'POST', url: '/v1/pdq/banks/nope/hashes', payload: { hashes: [HASH_A], provenance: { source: 's' } } })).statusCode, 404);

  const near = flipBits(HASH_A, [4, 44]);
  const lookup = await server.inject({ method: 'GET', url: `/v1/pdq/lookup?hash=${near}&max_distance=31` });
  assert.equal(lookup.statusCode, 200);
  assert.equal(lookup.json().matches[0].distance, 2);
  assert.equal(lookup.json().matches[0].provenance.source, 'partner_b_feed');
  assert.equal((await server.inject({ method: 'GET', url: '/v1/pdq/lookup?hash=123' })).statusCode, 400);

  const disable = await server.inject({ method: 'POST', url: `/v1/pdq/banks/partner_b/hashes/${HASH_A}/disable` });
  assert.equal(disable.json().changed, true);
  assert.deepEqual((await server.inject({ method: 'GET', url: `/v1/pdq/lookup?hash=${HASH_A}&max_distance=0` })).json().matches, []);

  const plain = await server.inject({ method: 'GET', url: '/v1/pdq/banks/partner_b/export?format=plain' });
  assert.equal(plain.body, `${HASH_B}\n`);
  const csv = await server.inject({ method: 'GET', url: '/v1/pdq/banks/partner_b/export?format=te-csv' });
  assert.match(csv.headers['content-type'] as string, /text\/csv/);

  const imported = await server.inject({ method: 'POST', url: '/v1/pdq/banks/scam_profile_photos/import?format=te-csv&source=te_dump', headers: { 'content-type': 'text/csv' }, payload: csv.body });
  assert.equal(imported.statusCode, 200, imported.body);
  assert.equal(imported.json().added, 1);
  const badList = await server.inject({ method: 'POST', url: '/v1/pdq/banks/scam_profile_photos/import?source=x', headers: { 'content-type': 'text/plain' }, payload: `${HASH_A}\nnot-a-hash\n` });
  assert.equal(badList.statusCode, 400);
  assert.equal(badList.json().error, 'invalid_hash_list');
});
