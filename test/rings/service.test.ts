import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import type { CoreTables } from '../../src/adapters/store/schema.ts';
import { up } from '../../src/modules/rings/migration.ts';
import { up as upRingsSync } from '../../src/modules/rings/migration-sync.ts';
import { RingService } from '../../src/modules/rings/service.ts';
import { ringReader } from '../../src/modules/rings/reader.ts';
import { RingStore } from '../../src/modules/rings/store.ts';
import type { Identifier } from '../../src/core/signals.ts';

const T0 = Date.UTC(2026, 5, 1);

async function freshDb(): Promise<CoreDb> {
  // Typed as the whole store (the services take CoreDb); only the rings tables are created here.
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await up(db);
  await upRingsSync(db);
  return db;
}

const id = (type: Identifier['type'], value: string, source = 'test'): Identifier => ({ type, value, source });

async function observeCrew(service: RingService, tenant = 't1'): Promise<void> {
  await service.link({ tenant, account: 'op1', eventId: 'e1', time: T0, identifiers: [id('messenger_handle', 'Skype:Live:BossCrew'), id('phone', '+44 7700 900111')] });
  await service.link({ tenant, account: 'op2', eventId: 'e2', time: T0, identifiers: [id('phone', '+447700900111'), id('payment_account', 'GB82 WEST 1234 5698 7654 32')], counterparts: ['victim1'] });
  await service.link({ tenant, account: 'op3', eventId: 'e3', time: T0, identifiers: [id('payment_account', 'GB82WEST12345698765432')], counterparts: ['victim2'] });
}

test('a new account linking to a ring with a confirmed scammer is flagged on its first event, with the evidence path', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  await observeCrew(service);
  assert.deepEqual(service.ringOf('t1', 'op1')?.accounts, ['op1', 'op2', 'op3']);
  await service.markBad('t1', 'op1', 'moderator ban: confirmed extortion');
  const signals = await service.link({ tenant: 't1', account: 'newbie', eventId: 'e9', time: T0, identifiers: [id('messenger_handle', 'skype:live:BossCrew')] });
  assert.equal(signals.length, 1);
  const [signal] = signals;
  assert.equal(signal.kind, 'ring.member');
  assert.equal(signal.detector, 'rings');
  assert.ok(signal.score >= 0.7);
  const evidence = signal.reasons[0].evidence as { ring: string; via: { type: string; value: string }; path: { from: string; to: string }[] };
  assert.equal(signal.reasons[0].code, 'linked_to_ring');
  assert.equal(evidence.ring, service.ringOf('t1', 'op1')?.id);
  assert.deepEqual(evidence.via, { type: 'messenger_handle', value: 'skype:live:bosscrew' });
  assert.deepEqual(evidence.path.map((h) => [h.from, h.to]), [['newbie', 'op1']]);
});

test('without a bad member or a late stage, joining a ring gives only a shared-identifier signal; stages escalate it', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  await service.link({ tenant: 't1', account: 'a', eventId: 'e1', time: T0, identifiers: [id('device', 'dev-1')] });
  const first = await service.link({ tenant: 't1', account: 'b', eventId: 'e2', time: T0, identifiers: [id('device', 'dev-1')] });
  assert.deepEqual(first.map((s) => s.kind), ['ring.shared_identifier']);
  assert.ok(first[0].score <= 0.5);
  await service.storeFacts([{ kind: 'stage', tenant: 't1', account: 'a', stage: 'threat', time: T0 }]);
  const next = await service.link({ tenant: 't1', account: 'c', eventId: 'e3', time: T0, identifiers: [id('device', 'dev-1')] });
  assert.deepEqual(next.map((s) => s.kind), ['ring.member']);
  assert.match(next[0].reasons[0].message, /threat stage/);
  assert.deepEqual(await service.link({ tenant: 't1', account: 'loner', eventId: 'e4', time: T0, identifiers: [id('ip', '198.51.100.7')] }), []);
});

test('victims touched, money asked and mule accounts are aggregated per ring', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  await observeCrew(service);
  await service.storeFacts([{ kind: 'money', tenant: 't1', account: 'op2', amount: 500, currency: 'eur', time: T0 }]);
  await service.storeFacts([{ kind: 'money', tenant: 't1', account: 'op3', amount: 300, currency: 'EUR', time: T0 }]);
  await service.storeFacts([{ kind: 'stage', tenant: 't1', account: 'op3', stage: 'payment', time: T0 }]);
  const ring = service.ringOf('t1', 'op3')!;
  assert.equal(ring.victimsTouched, 2);
  assert.deepEqual(ring.moneyAsked, [{ currency: 'EUR', amount: 800 }]);
  assert.deepEqual(ring.stagesReached, ['payment']);
  assert.deepEqual(ring.muleAccounts, [{ type: 'payment_account', value: 'GB82WEST12345698765432', victims: 2 }]);
  assert.deepEqual(service.muleAccounts('t1').map((m) => [m.value, m.victims, m.ring]), [['GB82WEST12345698765432', 2, ring.id]]);
  assert.ok(ring.reasons.some((r) => r.code === 'mule_accounts'));
});

test('rings never cross tenants', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  await service.link({ tenant: 't1', account: 'a', eventId: 'e1', time: T0, identifiers: [id('phone', '+447700900222')] });
  await service.link({ tenant: 't2', account: 'b', eventId: 'e2', time: T0, identifiers: [id('phone', '+447700900222')] });
  assert.equal(service.ringOf('t1', 'a'), null);
  assert.equal(service.ringOf('t2', 'b'), null);
});

test('every link, removal and fact is persisted and load() rebuilds the same rings', async () => {
  const db = await freshDb();
  const first = new RingService(db, { now: () => T0 });
  await observeCrew(first);
  await first.markBad('t1', 'op2', 'ban');
  await first.storeFacts([{ kind: 'stage', tenant: 't1', account: 'op1', stage: 'threat', time: T0 }]);
  assert.equal(await first.removeLink('t1', 'op3', 'payment_account', 'GB82 WEST 1234 5698 7654 32', 'mod-1', 'shared family account'), true);
  await first.close();
  const second = new RingService(db, { now: () => T0 });
  await second.load();
  assert.deepEqual(second.ringOf('t1', 'op1')?.accounts, ['op1', 'op2']);
  assert.equal(second.ringOf('t1', 'op3'), null);
  assert.deepEqual(second.ringOf('t1', 'op1')?.badMembers, [{ account: 'op2', reason: 'ban' }]);
  assert.deepEqual(second.ringOf('t1', 'op1')?.stagesReached, ['threat']);
  // The moderator's removal survives a reload: a later sighting does not bring the link back.
  await second.link({ tenant: 't1', account: 'op3', eventId: 'e10', time: T0, identifiers: [id('payment_account', 'GB82WEST12345698765432')] });
  assert.equal(second.ringOf('t1', 'op3'), null);
  const rows = await db.selectFrom('rings_links').selectAll().where('account', '=', 'op3').execute();
  assert.equal(rows[0].removed, 1);
  assert.equal(rows[0].removed_by, 'mod-1');
  assert.equal(rows[0].removed_reason, 'shared family account');
});

test('malformed identifiers from a detector are skipped, never linked', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  await service.link({ tenant: 't1', account: 'a', eventId: 'e1', time: T0, identifiers: [id('crypto_wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')] });
  await service.link({ tenant: 't1', account: 'b', eventId: 'e2', time: T0, identifiers: [id('crypto_wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')] });
  assert.equal(service.ringOf('t1', 'a'), null);
  await assert.rejects(() => service.addLink({ tenant: 't1', account: 'a', type: 'phone', value: '12' }), /phone "12"/);
});

test('the console reader exposes ring ids, graphs with bad members marked, and top rings', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  await observeCrew(service, 't1');
  await service.link({ tenant: 't2', account: 'x', eventId: 'e1', time: T0, identifiers: [id('device', 'dev-x')] });
  await service.link({ tenant: 't2', account: 'y', eventId: 'e2', time: T0, identifiers: [id('device', 'dev-x')] });
  await service.markBad('t1', 'op1', 'ban');
  const reader = ringReader(service);
  const ringId = reader.ringIdForAccount('t1', 'op2') as string;
  assert.equal(ringId, service.ringOf('t1', 'op1')?.id);
  const graph = (await reader.graph('t1', ringId))!;
  assert.deepEqual(graph.nodes.filter((n) => n.status === 'bad').map((n) => n.label), ['op1']);
  assert.ok(graph.edges.every((e) => graph.nodes.some((n) => n.id === e.source) && graph.nodes.some((n) => n.id === e.target)));
  const top = (await reader.topRings(null, 10)) as { id: string; accounts: number }[];
  assert.deepEqual(top.map((r) => r.accounts), [3, 2], 'the ring with a banned member ranks first, across tenants');
});

test('load() pages through many stored links', async () => {
  const db = await freshDb();
  const first = new RingService(db, { now: () => T0 });
  for (let k = 0; k < 120; k++) await first.link({ tenant: 't1', account: `acc${k}`, eventId: `e${k}`, time: T0, identifiers: [id('device', `dev-${Math.floor(k / 3)}`)] });
  await first.close();
  const rows: unknown[] = [];
  for await (const row of new RingStore(db).loadLinks(7)) rows.push(row);
  assert.equal(rows.length, 120);
  const second = new RingService(db, { now: () => T0 });
  await second.load();
  assert.equal(second.rings('t1').length, 40);
  assert.deepEqual(second.ringOf('t1', 'acc4')?.accounts, ['acc3', 'acc4', 'acc5']);
});

test('an identifier marked weak (a near photo match) is evidence only', async () => {
  const service = new RingService(await freshDb(), { now: () => T0 });
  const near = { type: 'photo_pdq' as const, value: 'c'.repeat(64), source: 'pdq:near distance=12', strength: 'weak' as const };
  await service.link({ tenant: 't1', account: 'a', eventId: 'e1', time: T0, identifiers: [id('photo_pdq', 'c'.repeat(64))] });
  await service.link({ tenant: 't1', account: 'b', eventId: 'e2', time: T0, identifiers: [near] });
  assert.equal(service.ringOf('t1', 'a'), null);
  await service.link({ tenant: 't1', account: 'c', eventId: 'e3', time: T0, identifiers: [id('photo_pdq', 'c'.repeat(64))] });
  assert.deepEqual(service.ringOf('t1', 'a')?.accounts, ['a', 'c']);
});

test('a node catching up on another node\'s writes gets its payment victims too, so both see the same mule accounts', async () => {
  const db = await freshDb();
  const writer = new RingService(db, { now: () => T0 });
  const reader = new RingService(db, { now: () => T0 });
  await writer.load();
  await reader.load();
  await observeCrew(writer);
  // What a node does before deciding a batch on a shared store: apply the rows stored since it last looked.
  await db.transaction().execute((trx) => reader.beginBatch(trx));
  assert.deepEqual(reader.ringOf('t1', 'op3')?.accounts, ['op1', 'op2', 'op3']);
  assert.deepEqual(reader.ringOf('t1', 'op3')?.muleAccounts, writer.ringOf('t1', 'op3')?.muleAccounts);
  assert.equal(reader.ringOf('t1', 'op3')?.muleAccounts.length, 1);
});
