import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { CoreTables } from '../../src/adapters/store/schema.ts';
import { up } from '../../src/modules/rings/migration.ts';
import { up as upRingsSync } from '../../src/modules/rings/migration-sync.ts';
import { RingService } from '../../src/modules/rings/service.ts';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerRingsRoutes } from '../../src/modules/rings/http.ts';

const T0 = Date.UTC(2026, 5, 1);

async function setup() {
  // Typed as the whole store (the services take CoreDb); only the rings tables are created here.
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await up(db);
  await upRingsSync(db);
  const rings = new RingService(db, { now: () => T0 });
  const app = createFastify();
  await registerRingsRoutes(app, { rings });
  await app.ready();
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const get = (url: string) => app.inject({ method: 'GET', url });
  return { app, rings, post, get };
}

test('links added over HTTP form a ring that lists, shows with its graph, explains and exports as a case package', async () => {
  const { post, get, app } = await setup();
  const add = (account: string, type: string, value: string, extra: object = {}) =>
    post('/v1/rings/links', { tenant: 't1', account, type, value, source: `report:${account}`, event_id: `ev-${account}`, ...extra });
  assert.equal((await add('a1', 'phone', '+44 7700 900333')).statusCode, 201);
  await add('a2', 'phone', '0044 7700 900333');
  await add('a2', 'crypto_wallet', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', { victim: 'v1' });
  await add('a3', 'crypto_wallet', 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', { victim: 'v2' });

  const list = (await get('/v1/rings?tenant=t1')).json();
  assert.equal(list.rings.length, 1);
  const ring = list.rings[0];
  assert.deepEqual(ring.accounts, ['a1', 'a2', 'a3']);
  assert.deepEqual(ring.muleAccounts.map((m: { value: string }) => m.value), ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']);

  const detail = (await get(`/v1/rings/${ring.id}?tenant=t1`)).json();
  assert.equal(detail.graph.nodes.filter((n: { data: { kind: string } }) => n.data.kind === 'account').length, 3);
  assert.equal(detail.graph.edges.length, 4);
  assert.ok(detail.graph.edges.every((e: { data: { evidence: { source?: string } } }) => e.data.evidence.source?.startsWith('report:')));

  const explained = (await get('/v1/rings/explain?tenant=t1&a=a1&b=a3')).json();
  assert.equal(explained.sameRing, true);
  assert.deepEqual(explained.accounts, ['a1', 'a2', 'a3']);

  const pkgResponse = await get(`/v1/rings/${ring.id}/case-package?tenant=t1`);
  assert.equal(pkgResponse.statusCode, 200);
  assert.match(String(pkgResponse.headers['content-disposition']), /attachment/);
  const pkg = pkgResponse.json();
  assert.equal(pkg.format, 'chainbreak.ring-case/1');
  const wallet = pkg.identifiers.find((i: { type: string }) => i.type === 'crypto_wallet');
  assert.deepEqual(wallet.sightings.map((s: { account: string; source: string; eventId: string }) => [s.account, s.source, s.eventId]), [
    ['a2', 'report:a2', 'ev-a2'],
    ['a3', 'report:a3', 'ev-a3'],
  ]);
  assert.equal(pkg.evidencePaths.length, 2);

  const removed = await post('/v1/rings/links/remove', { tenant: 't1', account: 'a3', type: 'crypto_wallet', value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', by: 'mod-7', reason: 'wallet belongs to an exchange' });
  assert.equal(removed.statusCode, 200);
  assert.equal(removed.json().ring, null, 'a3 left the ring');
  assert.deepEqual((await get('/v1/rings/accounts/a1?tenant=t1')).json().accounts, ['a1', 'a2']);
  assert.equal((await get(`/v1/rings/${ring.id}?tenant=t1`)).json().accounts.length, 2, 'the id of a ring named after a1 stays');
  assert.equal((await get('/v1/rings/accounts/a3?tenant=t1')).statusCode, 404);
  assert.equal((await get('/v1/rings?tenant=other')).json().rings.length, 0);
  await app.close();
});

test('bad input is a 4xx naming what is wrong', async () => {
  const { post, get, app } = await setup();
  const badIban = await post('/v1/rings/links', { tenant: 't1', account: 'a', type: 'payment_account', value: 'GB82 WEST 1234 5698 7654 33' });
  assert.equal(badIban.statusCode, 400);
  assert.match(badIban.json().message, /check digits/);
  const badType = await post('/v1/rings/links', { tenant: 't1', account: 'a', type: 'fax', value: '1' });
  assert.equal(badType.statusCode, 400);
  assert.match(badType.json().message, /body\.type/);
  const noReason = await post('/v1/rings/links/remove', { tenant: 't1', account: 'a', type: 'phone', value: '+447700900333', by: 'm' });
  assert.equal(noReason.statusCode, 400);
  const missing = await post('/v1/rings/links/remove', { tenant: 't1', account: 'a', type: 'phone', value: '+447700900333', by: 'm', reason: 'not linked' });
  assert.equal(missing.statusCode, 404);
  assert.equal((await get('/v1/rings/ring_0000?tenant=t1')).statusCode, 404);
  assert.equal((await get('/v1/rings')).statusCode, 400);
  await app.close();
});
