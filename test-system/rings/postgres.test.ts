// Needs Debian packages postgresql-15 and postgresql-15-pgrouting. Starts its own cluster under /tmp on loopback.
// 1. The rings migration and RingService work unchanged on PostgreSQL (persist, reload, moderator removal).
// 2. The engine's rings equal pgRouting's connected components on the same generated links.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import type { CoreTables } from '../../src/adapters/store/schema.ts';
import pg from 'pg';
import { up } from '../../src/modules/rings/migration.ts';
import { up as upRingsSync } from '../../src/modules/rings/migration-sync.ts';
import { RingService } from '../../src/modules/rings/service.ts';
import { RingGraph, DEFAULT_SHARED_CAP } from '../../src/modules/rings/graph.ts';
import { accountName, generateLinks, identValue } from '../../bench/rings/generate.ts';
import type { IdentifierType } from '../../src/core/signals.ts';

const script = join(import.meta.dirname, '..', '..', 'bench', 'rings', 'pg-cluster.sh');
const env = { ...process.env, RINGS_PG_DIR: '/tmp/rings-system-test-pg', RINGS_PG_PORT: '55433' };
let url = '';
let db: CoreDb;

before(() => {
  url = execFileSync(script, ['start'], { env, encoding: 'utf8' }).trim();
  execFileSync('psql', [url, '-q', '-c', 'DROP DATABASE IF EXISTS rings_test', '-c', 'CREATE DATABASE rings_test']);
  // Typed as the whole store (the services take CoreDb); only the rings tables are created here.
  db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.replace(/\/postgres$/, '/rings_test') }) }) });
});

after(async () => {
  await db?.destroy();
  execFileSync(script, ['stop'], { env });
});

test('rings persist and reload on PostgreSQL', async () => {
  await up(db);
  await upRingsSync(db);
  const T0 = Date.UTC(2026, 5, 1);
  const first = new RingService(db, { now: () => T0 });
  const ids = (type: 'phone' | 'payment_account', value: string) => [{ type, value, source: 'system-test' }];
  await first.link({ tenant: 't', account: 'a', eventId: 'e1', time: T0, identifiers: ids('phone', '+447700900444') });
  await first.link({ tenant: 't', account: 'b', eventId: 'e2', time: T0, identifiers: [...ids('phone', '+447700900444'), ...ids('payment_account', 'GB82WEST12345698765432')], counterparts: ['v1'] });
  await first.link({ tenant: 't', account: 'c', eventId: 'e3', time: T0, identifiers: ids('payment_account', 'GB82WEST12345698765432'), counterparts: ['v2'] });
  await first.storeFacts([{ kind: 'money', tenant: 't', account: 'c', amount: 250.5, currency: 'EUR', time: T0 }]);
  assert.equal(await first.removeLink('t', 'a', 'phone', '+447700900444', 'mod', 'number recycled by the carrier'), true);
  await first.close();
  const second = new RingService(db, { now: () => T0 });
  await second.load();
  const ring = second.ringOf('t', 'b')!;
  assert.deepEqual(ring.accounts, ['b', 'c']);
  assert.deepEqual(ring.moneyAsked, [{ currency: 'EUR', amount: 250.5 }]);
  assert.deepEqual(ring.muleAccounts.map((m) => m.victims), [2]);
  assert.equal(second.ringOf('t', 'a'), null);
  const sightings = await second.sightingsOf('t', ['b']);
  assert.equal(sightings.length, 2);
});

test("the engine's rings equal pgr_connectedComponents on the same links", async () => {
  const accounts = 20_000;
  const links: { account: number; ident: number; type: IdentifierType; strong: boolean }[] = [];
  generateLinks(accounts, 40_000, 7, (account, ident, type, strong) => links.push({ account, ident, type, strong }));
  const graph = new RingGraph();
  for (const l of links) graph.addLink(accountName(l.account), l.type, identValue(l.ident), { strength: l.strong ? 'strong' : 'weak' });
  const engineRings = graph.partition().map((ring) => ring.map((a) => Number(a.slice(3))).sort((x, y) => x - y).join(','));

  await db.schema.createTable('bench_links').addColumn('account', 'integer').addColumn('ident', 'integer').addColumn('strong', 'boolean').execute();
  for (let k = 0; k < links.length; k += 1000) {
    await db.withTables<{ bench_links: { account: number; ident: number; strong: boolean } }>().insertInto('bench_links').values(links.slice(k, k + 1000).map((l) => ({ account: l.account, ident: l.ident, strong: l.strong }))).execute();
  }
  const client = new pg.Client({ connectionString: url.replace(/\/postgres$/, '/rings_test') });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE');
    // Same semantics as the engine: strong links only, identifiers over the shared cap (counting all links) left out.
    const edges = `SELECT row_number() OVER () AS id, l.account::bigint AS source, l.ident::bigint + ${accounts} AS target, 1.0::float8 AS cost
      FROM bench_links l JOIN (SELECT ident FROM bench_links GROUP BY ident HAVING count(*) <= ${DEFAULT_SHARED_CAP}) m USING (ident)
      WHERE l.strong`;
    const { rows } = await client.query(
      `SELECT string_agg(node::text, ',' ORDER BY node) AS members FROM pgr_connectedComponents($1)
       WHERE node < ${accounts} GROUP BY component HAVING count(*) >= 2`,
      [edges],
    );
    const pgRings = rows.map((r) => r.members as string);
    assert.ok(engineRings.length > 100, 'the generated data has many rings');
    assert.deepEqual([...pgRings].sort(), [...engineRings].sort());
  } finally {
    await client.end();
  }
});
