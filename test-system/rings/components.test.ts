// Crew linking under a lock per component (many nodes on one PostgreSQL, docs/scale-out.md): two nodes linking into
// the same component at once end with one component; batches on unrelated rings do not wait for each other while
// a batch on the same ring does; a moderator's removal splits the stored component exactly as the in-memory graph
// re-derives it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChainbreak, type Chainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ChainEvent } from '../../src/core/events.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

let server: TempPostgres;
before(() => {
  server = startTempPostgres();
});
after(() => server.stop());

const TENANT = 'acme';
let created = 0;

/** Each test gets its own database (partition drops and ring components are database-wide). */
const database = (name: string): Promise<string> => server.createDatabase(name);

async function node(url: string): Promise<Chainbreak> {
  return createChainbreak(loadConfig(undefined, { dataDir: tempDir(), postgresUrl: url, logLevel: 'silent', detectorThreads: 0 }), { background: false });
}

function account(id: string, fields: { phone?: string; email?: string; device?: string }): ChainEvent {
  created++;
  return ChainEvent.parse({
    id: `created-${id}-${created}`,
    tenant: TENANT,
    type: 'account.created',
    time: new Date(Date.UTC(2026, 10, 1, 10) + created * 1_000).toISOString(),
    account: { id, phone: fields.phone, email: fields.email, device_ids: fields.device ? [fields.device] : [], photos: [] },
  });
}

/** The stored components of two or more accounts, each as sorted members, after checking the tables agree. */
async function storedRings(cb: Chainbreak): Promise<string[][]> {
  const rows = await cb.db.selectFrom('rings_account_components').select(['account', 'component']).where('tenant', '=', TENANT).execute();
  const byComponent = new Map<string, string[]>();
  for (const r of rows) byComponent.set(r.component, [...(byComponent.get(r.component) ?? []), r.account]);
  const components = await cb.db.selectFrom('rings_components').select('id').where('tenant', '=', TENANT).execute();
  assert.deepEqual(components.map((c) => c.id).sort(), [...byComponent.keys()].sort(), 'one component row per component that has accounts');
  for (const [id, members] of byComponent) assert.ok(members.includes(id), `component ${id} contains the account it is named after`);
  // Every mapped identifier sits in the component of the accounts that link it strongly.
  const idents = await cb.db.selectFrom('rings_identifier_components').select(['type', 'value', 'component']).where('tenant', '=', TENANT).execute();
  const of = new Map(rows.map((r) => [r.account, r.component]));
  for (const i of idents) {
    const links = await cb.db.selectFrom('rings_links').select('account').where('tenant', '=', TENANT).where('type', '=', i.type).where('value', '=', i.value).where('removed', '=', 0).where('strength', '=', 'strong').execute();
    for (const l of links) assert.equal(of.get(l.account), i.component, `${i.type} ${i.value}: ${l.account} in its component`);
  }
  return [...byComponent.values()].filter((m) => m.length >= 2).map((m) => m.sort()).sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

function memoryRings(cb: Chainbreak): string[][] {
  return cb.services
    .rings!.rings(TENANT)
    .map((p) => [...p.accounts].sort())
    .sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

test('two nodes linking into the same component at once end with one component, seen alike by both', async () => {
  const url = await database('same_component');
  const a = await node(url);
  const b = await node(url);
  try {
    // Three rounds: a brand-new phone on both nodes at once (the race for a new identifier), then accounts of both
    // nodes joining it at once, then two existing rings bridged from both sides at once.
    const phone = '+447700900001';
    await Promise.all([a.ingest.ingestValid([account('x1', { phone })]), b.ingest.ingestValid([account('x2', { phone })])]);
    await Promise.all([a.ingest.ingestValid([account('x3', { phone }), account('x4', { phone })]), b.ingest.ingestValid([account('x5', { phone }), account('x6', { phone })])]);
    await a.ingest.ingestValid([account('y1', { email: 'crew-y@example.org' }), account('y2', { email: 'crew-y@example.org' })]);
    await Promise.all([a.ingest.ingestValid([account('y1', { phone })]), b.ingest.ingestValid([account('x6', { email: 'crew-y@example.org' })])]);

    const expected = [['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'y1', 'y2']];
    assert.deepEqual(await storedRings(a), expected);
    for (const cb of [a, b]) {
      await cb.ingest.catchUp();
      assert.deepEqual(memoryRings(cb), expected);
    }
    const fresh = await node(url); // a node that loads everything agrees with the stored components
    try {
      assert.deepEqual(memoryRings(fresh), expected);
    } finally {
      await fresh.close();
    }
    const conflicts = (a.services.rings!.syncStats?.conflicts ?? 0) + (b.services.rings!.syncStats?.conflicts ?? 0);
    console.log(`# conflicts retried: ${conflicts}`);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('a batch on one ring does not wait for an open batch on another ring, and one on the same ring does', async () => {
  const url = await database('unrelated_rings');
  const a = await node(url);
  const b = await node(url);
  try {
    await a.ingest.ingestValid([account('r1a', { phone: '+447700900101' }), account('r1b', { phone: '+447700900101' })]);
    await b.ingest.ingestValid([account('r2a', { phone: '+447700900202' }), account('r2b', { phone: '+447700900202' })]);
    const rings = a.services.rings!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // Node A's batch on ring 1, held open after it locked and wrote (the component row stays locked until commit).
    const open = a.db.transaction().execute(async (trx) => {
      const phone = { type: 'phone' as const, value: '+447700900101' };
      await rings.beginBatch(trx, [{ tenant: TENANT, accounts: ['r1c'], identifiers: [phone] }]);
      const { changes } = rings.observe({ tenant: TENANT, account: 'r1c', identifiers: [{ ...phone, source: 'test' }], eventId: 'held', time: Date.now() });
      await rings.write(trx, changes);
      holding();
      await gate;
    });
    await held;
    const started = performance.now();
    const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
    const other = await Promise.race([b.ingest.ingestValid([account('r2c', { phone: '+447700900202' })]), timeout(10_000)]);
    assert.notEqual(other, 'timeout', 'the batch on the other ring committed while ring 1 was held');
    console.log(`# the other ring's batch took ${(performance.now() - started).toFixed(0)} ms while ring 1 was held`);

    const same = b.ingest.ingestValid([account('r1d', { phone: '+447700900101' })]);
    assert.equal(await Promise.race([same.then(() => 'done'), timeout(700)]), 'timeout', 'the batch on ring 1 waits for the held batch');
    release();
    await open;
    await same;
    // B decided after A's held link: its view of ring 1 includes it.
    assert.deepEqual(b.services.rings!.ringOf(TENANT, 'r1d')?.accounts.sort(), ['r1a', 'r1b', 'r1c', 'r1d']);
    assert.deepEqual(await storedRings(b), [['r1a', 'r1b', 'r1c', 'r1d'], ['r2a', 'r2b', 'r2c']]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('a removal splits the stored component exactly as the in-memory graph re-derives it', async () => {
  const url = await database('removal_split');
  const a = await node(url);
  const b = await node(url);
  try {
    // s1–s2 share a phone, s2–s3 a device, s3–s4 an e-mail, s4–s5 a second device: one ring of five.
    await a.ingest.ingestValid([
      account('s1', { phone: '+447700900301' }),
      account('s2', { phone: '+447700900301', device: 'dev-s23' }),
      account('s3', { device: 'dev-s23', email: 'crew-s@example.org' }),
      account('s4', { email: 'crew-s@example.org', device: 'dev-s45' }),
      account('s5', { device: 'dev-s45' }),
    ]);
    assert.deepEqual(await storedRings(a), [['s1', 's2', 's3', 's4', 's5']]);
    // The removal runs on B, which learns the ring from the store under the component's lock.
    assert.equal(await b.services.rings!.removeLink(TENANT, 's3', 'device', 'dev-s23', 'moderator-1', 'wrong link'), true);
    assert.deepEqual(memoryRings(b), [['s1', 's2'], ['s3', 's4', 's5']]);
    assert.deepEqual(await storedRings(b), memoryRings(b));
    // Splitting again, then a moderator re-adding the first link, merges the parts back into one stored component.
    assert.equal(await a.services.rings!.removeLink(TENANT, 's5', 'device', 'dev-s45', 'moderator-1', 'wrong link'), true);
    assert.deepEqual(memoryRings(a), [['s1', 's2'], ['s3', 's4']]);
    assert.deepEqual(await storedRings(a), memoryRings(a));
    await b.services.rings!.addLink({ tenant: TENANT, account: 's3', type: 'device', value: 'dev-s23', by: 'moderator-2' });
    assert.deepEqual(await storedRings(b), [['s1', 's2', 's3', 's4']]);
    const fresh = await node(url);
    try {
      assert.deepEqual(memoryRings(fresh), [['s1', 's2', 's3', 's4']]);
    } finally {
      await fresh.close();
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
