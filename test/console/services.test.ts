import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { UserService, hashPassword, verifyPassword } from '../../src/modules/console/auth.ts';
import { AuditLog } from '../../src/modules/console/audit.ts';
import { CaseQueue } from '../../src/modules/console/queue.ts';
import { insertCase, memoryDb } from './helpers.ts';

test('passwords are stored as scrypt hashes and verified', async () => {
  const stored = await hashPassword('correct horse');
  assert.match(stored, /^scrypt\$/);
  assert.ok(!stored.includes('correct horse'));
  assert.equal(await verifyPassword('correct horse', stored), true);
  assert.equal(await verifyPassword('wrong horse', stored), false);
});

test('sign-in gives a session token that resolves to the user until sign-out', async (t) => {
  const db = await memoryDb(t);
  const users = new UserService(db);
  await users.seed([{ username: 'mod', password: 'password-1', role: 'moderator' }]);
  assert.equal(await users.signIn('mod', 'nope-nope'), undefined);
  assert.equal(await users.signIn('nobody', 'password-1'), undefined);
  const session = await users.signIn('mod', 'password-1');
  assert.ok(session);
  assert.equal((await users.userForToken(session.token))?.role, 'moderator');
  const stored = await db.selectFrom('console_sessions').selectAll().execute();
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0].token_hash, session.token, 'the raw token is never stored');
  await users.signOut(session.token);
  assert.equal(await users.userForToken(session.token), undefined);
});

test('sessions expire', async (t) => {
  const db = await memoryDb(t);
  let now = 0;
  const users = new UserService(db, { now: () => now });
  await users.seed([{ username: 'inv', password: 'password-2', role: 'investigator' }]);
  const session = (await users.signIn('inv', 'password-2'))!;
  now += 13 * 60 * 60 * 1000;
  assert.equal(await users.userForToken(session.token), undefined);
});

test('two moderators never hold the same case, even when claiming at once', async (t) => {
  const db = await memoryDb(t);
  await insertCase(db, 'c1');
  const queue = new CaseQueue(db);
  const results = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((u) => queue.claim('c1', u)));
  const winners = results.filter((r) => r.ok);
  assert.equal(winners.length, 1);
  const holder = (await queue.get('c1'))!.claimed_by;
  for (const r of results) if (!r.ok) assert.deepEqual([r.reason, r.claimedBy], ['claimed_by_other', holder]);
});

test('a stale claim can be taken over; a live one cannot; released cases reopen', async (t) => {
  const db = await memoryDb(t);
  await insertCase(db, 'c2');
  let now = 10_000_000;
  const queue = new CaseQueue(db, { now: () => now, claimTtlMs: 60_000 });
  assert.equal((await queue.claim('c2', 'alice')).ok, true);
  now += 30_000;
  assert.equal((await queue.claim('c2', 'bob')).ok, false);
  now += 31_000;
  assert.equal((await queue.claim('c2', 'bob')).ok, true);
  assert.equal(await queue.holds('c2', 'alice'), false);
  assert.equal(await queue.release('c2', 'alice'), false, 'alice no longer holds it');
  assert.equal(await queue.release('c2', 'bob'), true);
  assert.equal((await queue.get('c2'))!.status, 'open');
  assert.deepEqual(await queue.claim('missing', 'bob'), { ok: false, reason: 'not_found' });
});

test('closing records the verdict and closed cases cannot be claimed', async (t) => {
  const db = await memoryDb(t);
  await insertCase(db, 'c3');
  const queue = new CaseQueue(db);
  assert.equal(await queue.close('c3', 'alice', 'false_positive'), false, 'must hold the claim to close');
  await queue.claim('c3', 'alice');
  assert.equal(await queue.close('c3', 'alice', 'false_positive'), true);
  assert.equal((await queue.get('c3'))!.outcome, 'false_positive');
  assert.deepEqual(await queue.claim('c3', 'bob'), { ok: false, reason: 'closed' });
  const verdicts = await db.selectFrom('console_case_verdicts').selectAll().execute();
  assert.deepEqual(verdicts.map((v) => [v.case_id, v.verdict, v.actor]), [['c3', 'false_positive', 'alice']]);
});

test('the audit log chains entries and the database refuses changes to them', async (t) => {
  const db = await memoryDb(t);
  const audit = new AuditLog(db);
  await Promise.all([1, 2, 3].map((i) => audit.append({ actor: 'alice', role: 'moderator', action: 'warn', targetType: 'account', targetId: `a${i}`, reason: `reason ${i}` })));
  await assert.rejects(audit.append({ actor: 'alice', role: 'moderator', action: 'warn', targetType: 'account', targetId: 'x', reason: '  ' }), /reason/);
  const entries = await audit.list();
  assert.deepEqual(entries.map((e) => e.seq), [3, 2, 1]);
  assert.equal(entries[0].prevHash, entries[1].hash);
  assert.deepEqual(await audit.verify(), { ok: true, entries: 3 });
  assert.equal('update' in audit || 'delete' in audit || 'remove' in audit, false, 'no method changes the log');
  await assert.rejects(db.updateTable('console_audit_log').set({ reason: 'edited' }).where('seq', '=', 2).execute(), /append-only/);
  await assert.rejects(db.deleteFrom('console_audit_log').where('seq', '=', 2).execute(), /append-only/);
});

test('tampering that bypasses the trigger is detected by the hash chain', async (t) => {
  const db = await memoryDb(t);
  const audit = new AuditLog(db);
  for (const i of [1, 2, 3]) await audit.append({ actor: 'a', role: 'admin', action: 'ban_ring', targetType: 'ring', targetId: `r${i}`, reason: 'ring confirmed' });
  await sql`DROP TRIGGER console_audit_no_update`.execute(db);
  await db.updateTable('console_audit_log').set({ reason: 'nothing to see' }).where('seq', '=', 2).execute();
  assert.deepEqual(await audit.verify(), { ok: false, brokenAt: 2, problem: 'entry content does not match its hash' });
});
