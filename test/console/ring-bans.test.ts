import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsole, bannedRingOf, type RingGraph } from '../../src/modules/console/index.ts';
import { insertCase, memoryDb } from './helpers.ts';

function ringWorld() {
  const members = new Map<string, string>([['scam-a', 'R1'], ['scam-b', 'R1']]);
  const graph = (): RingGraph => ({ id: 'R1', nodes: [...members].filter(([, r]) => r === 'R1').map(([a]) => ({ id: `acc:${a}`, kind: 'account', label: a })), edges: [] });
  return {
    members,
    rings: { ringIdForAccount: (_t: string, a: string) => members.get(a), graph: (_t: string, id: string) => (id === 'R1' ? graph() : undefined), topRings: () => [] },
  };
}

async function setup() {
  const db = await memoryDb();
  const world = ringWorld();
  const notified: string[] = [];
  const svc = createConsole({ db, rings: world.rings, notify: (e) => void notified.push(`${e.action}:${e.account}`) });
  for (const [id, status] of [['scam-a', 'active'], ['scam-b', 'restricted'], ['late', 'active']]) {
    await db.insertInto('accounts').values({ tenant: 't1', id, first_seen: 0, last_seen: 0, risk: 0.5, status, state: '{}' }).execute();
  }
  await insertCase(db, 'worked', { suspect_account: 'scam-a' });
  await insertCase(db, 'other-a', { suspect_account: 'scam-a' });
  await insertCase(db, 'other-b', { suspect_account: 'scam-b' });
  await insertCase(db, 'unrelated', { suspect_account: 'someone-else' });
  return { db, svc, world, notified };
}

const mod = { id: 'u1', username: 'mod', role: 'moderator' as const, tenant: null };

test('banning a ring bans every member and closes their other open cases, each with an audit entry', async () => {
  const { db, svc, notified } = await setup();
  await svc.queue.claim('worked', 'mod');
  const result = await svc.actions.apply(mod, 'worked', 'ban_ring', 'ring confirmed: shared phone and threats');
  assert.deepEqual(result.accounts, ['scam-a', 'scam-b']);
  assert.deepEqual(result.closedCases, ['other-a', 'other-b']);
  const cases = await db.selectFrom('cases').select(['id', 'status', 'outcome']).orderBy('id').execute();
  assert.deepEqual(cases.map((c) => [c.id, c.status, c.outcome]), [['other-a', 'closed', 'ring_banned'], ['other-b', 'closed', 'ring_banned'], ['unrelated', 'open', null], ['worked', 'claimed', null]]);
  const closedTrail = await svc.audit.list({ caseId: 'other-b' });
  assert.deepEqual(closedTrail.map((e) => [e.action, e.reason, e.details.by]), [['close_case', 'ring confirmed: shared phone and threats', 'ban_ring']]);
  const statuses = await db.selectFrom('accounts').select(['id', 'status']).orderBy('id').execute();
  assert.deepEqual(statuses.map((a) => a.status), ['active', 'banned', 'banned']);
  assert.deepEqual(notified.sort(), ['ban_ring:scam-a', 'ban_ring:scam-b']);
  await assert.rejects(svc.actions.apply(mod, 'other-a', 'restrict_account', 'closed already'), /not_claimed|closed|claim/);
});

test('an account that links to a banned ring later is banned on its first event, by system, in the audit log', async () => {
  const { db, svc, world } = await setup();
  await svc.queue.claim('worked', 'mod');
  const { banId } = await svc.actions.apply(mod, 'worked', 'ban_ring', 'ring confirmed');
  assert.equal(await svc.ringBans.flagIfBanned('t1', 'late'), undefined, 'not in the ring yet');
  world.members.set('late', 'R1');
  await svc.ringBans.load();
  assert.deepEqual(bannedRingOf('R1', svc.ringBans.banned('t1')), { ringId: 'R1', banId });
  assert.equal(bannedRingOf('R2', svc.ringBans.banned('t1')), undefined);
  assert.deepEqual(await svc.ringBans.sweep(), ['late']);
  assert.deepEqual(await svc.ringBans.sweep(), [], 'flagged once');
  assert.equal((await db.selectFrom('accounts').select('status').where('id', '=', 'late').executeTakeFirstOrThrow()).status, 'banned');
  const [entry] = await svc.audit.list({ limit: 1 });
  assert.deepEqual([entry.action, entry.actor, entry.targetId], ['ban_ring_joiner', 'system', 'late']);
  assert.ok('late' in (await svc.ringBans.get(banId!))!.accounts);
});

test('a ring ban is undone with its own audit entry: earlier statuses back, closed cases reopened', async () => {
  const { db, svc, world } = await setup();
  await svc.queue.claim('worked', 'mod');
  const { banId } = await svc.actions.apply(mod, 'worked', 'ban_ring', 'ring confirmed');
  world.members.set('late', 'R1');
  await svc.ringBans.sweep();
  const undone = await svc.ringBans.undo(mod, banId!, 'wrong ring: shared number was a carrier gateway');
  assert.equal(undone.undoneBy, 'mod');
  const statuses = Object.fromEntries((await db.selectFrom('accounts').select(['id', 'status']).execute()).map((a) => [a.id, a.status]));
  assert.deepEqual(statuses, { 'scam-a': 'active', 'scam-b': 'restricted', late: 'active' });
  const reopened = await db.selectFrom('cases').select(['id', 'status']).where('id', 'in', ['other-a', 'other-b']).execute();
  assert.ok(reopened.every((c) => c.status === 'open'));
  const [entry] = await svc.audit.list({ limit: 1 });
  assert.equal(entry.action, 'undo_ban_ring');
  assert.deepEqual(entry.details.reopenedCases, ['other-a', 'other-b']);
  assert.equal(bannedRingOf('R1', svc.ringBans.banned('t1')), undefined, 'no longer banned');
  await assert.rejects(svc.ringBans.undo(mod, banId!, 'again'), /was undone/);
  await assert.rejects(svc.ringBans.undo(mod, 'nope', 'again'), /no ring ban/);
  assert.deepEqual(await svc.audit.verify(), { ok: true, entries: (await svc.audit.list({ limit: 1000 })).length });
});

test('the first-event hook bans an account of a committed batch that now belongs to a banned ring, once', async () => {
  const { db, svc, world, notified } = await setup();
  await svc.queue.claim('worked', 'mod');
  await svc.actions.apply(mod, 'worked', 'ban_ring', 'ring confirmed');
  svc.ringBans.watch([{ tenant: 't1', account: 'late' }]);
  await svc.ringBans.settled();
  assert.equal((await db.selectFrom('accounts').select('status').where('id', '=', 'late').executeTakeFirstOrThrow()).status, 'active', 'not in the ring yet');
  world.members.set('late', 'R1');
  svc.ringBans.watch([{ tenant: 't1', account: 'late' }, { tenant: 't2', account: 'late' }]);
  svc.ringBans.watch([{ tenant: 't1', account: 'late' }]);
  await svc.ringBans.settled();
  assert.equal((await db.selectFrom('accounts').select('status').where('id', '=', 'late').executeTakeFirstOrThrow()).status, 'banned');
  const joins = (await svc.audit.list({ limit: 10 })).filter((e) => e.action === 'ban_ring_joiner');
  assert.deepEqual(joins.map((e) => [e.actor, e.targetId]), [['system', 'late']]);
  assert.equal(notified.filter((n) => n === 'ban_ring:late').length, 1);
});
