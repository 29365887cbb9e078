// A victim-safe plan scheduled through the running service's console API fires its ring ban once, at its time,
// across restarts of the service: the first process protects at once and stops before the ban time; the restarted
// service (background jobs on, as `chainbreak serve` runs them) fires the missed ban on its first tick; a third
// start finds nothing left to fire. The audit trail holds each step once, and its hash chain verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { insertCase } from '../console/helpers.ts';
import { startTestService, tempDir } from '../helpers/service.ts';

const TENANT = 'acme';
const ACCOUNTS = ['crew-1', 'crew-2', 'crew-3', 'victim-1'];

async function statuses(cb: Awaited<ReturnType<typeof startTestService>>): Promise<Record<string, string>> {
  const rows = await cb.db.selectFrom('accounts').select(['id', 'status']).where('tenant', '=', TENANT).orderBy('id').execute();
  return Object.fromEntries(rows.map((r: { id: string; status: string }) => [r.id, r.status]));
}

/** Waits (bounded) until `check` holds; the scheduler's first tick runs right after start. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('a ring ban scheduled through the console fires once at its time across service restarts, with its audit entries', async () => {
  const dir = tempDir('cb-exchange-ban-');
  // The service that is running, closed in `finally` when an assertion fails (its background jobs would keep the
  // test process alive).
  let running: { close(): Promise<void> } | undefined;
  const stop = async () => {
    await running?.close();
    running = undefined;
  };
  try {
    // First process: a crew of three sharing a payment account, a case on one of them, a moderator's plan.
    let cb = await startTestService({ dataDir: dir });
    running = cb;
    const app = await buildHttpApp(cb);
    await app.ready();
    const rings = (await cb.keys.create('rings', ['rings:write', 'events:write'])).key;
    const created = await app.inject({ method: 'POST', url: '/v1/events/batch', headers: { authorization: `Bearer ${rings}` }, payload: { events: ACCOUNTS.map((account, i) => ({ id: `created-${i}`, tenant: TENANT, time: new Date().toISOString(), type: 'account.created', account: { id: account } })) } });
    assert.equal(created.statusCode, 200, created.body);
    for (const account of ['crew-1', 'crew-2', 'crew-3']) {
      const link = await app.inject({ method: 'POST', url: '/v1/rings/links', headers: { authorization: `Bearer ${rings}` }, payload: { tenant: TENANT, account, type: 'payment_account', value: 'GCash 0917 123 4567', source: 'report:r-1' } });
      assert.ok([200, 201].includes(link.statusCode), link.body);
    }
    await insertCase(cb.db, 'c1', { tenant: TENANT, suspect_account: 'crew-1', victim_account: 'victim-1' });
    await cb.console.users.seed([{ username: 'mod', password: 'correct horse battery', role: 'moderator' }]);
    const signIn = await app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'mod', password: 'correct horse battery' } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie } })).statusCode, 200);
    const banAt = Date.now() + 1_500;
    const planned = await app.inject({ method: 'POST', url: '/console/api/cases/c1/plans', headers: { cookie }, payload: { reason: 'active extortion; the victim is safe only once the graph is hidden', ban_at: new Date(banAt).toISOString() } });
    assert.equal(planned.statusCode, 201, planned.body);
    await cb.services.exchange!.scheduler.runDue();
    const protectedSteps = await cb.services.exchange!.scheduler.stepsForCase('c1');
    assert.deepEqual(protectedSteps.map((s) => [s.action, s.status]), [['preserve_evidence', 'done'], ['hide_social_graph', 'done'], ['warn_recipient', 'done'], ['ban_ring', 'pending']]);
    assert.deepEqual(await statuses(cb), { 'crew-1': 'active', 'crew-2': 'active', 'crew-3': 'active', 'victim-1': 'active' }, 'nobody is banned before the time');
    await app.close();
    await stop();

    // The service is down when the ban is due; it fires on the restarted service's first tick.
    await sleep(Math.max(0, banAt - Date.now()) + 100);
    cb = running = await startTestService({ dataDir: dir }, { background: true });
    const restarted = cb;
    await eventually(async () => (await restarted.services.exchange!.scheduler.stepsForCase('c1')).at(-1)!.status !== 'pending', 'the ban to fire');
    const fired = (await cb.services.exchange!.scheduler.stepsForCase('c1')).at(-1)!;
    assert.equal(fired.status, 'done', JSON.stringify(fired));
    assert.deepEqual(await statuses(cb), { 'crew-1': 'banned', 'crew-2': 'banned', 'crew-3': 'banned', 'victim-1': 'active' });
    await stop();

    // A third start fires nothing again.
    cb = running = await startTestService({ dataDir: dir }, { background: true });
    assert.deepEqual(await cb.services.exchange!.scheduler.runDue(), []);
    const audit = await cb.console.audit.list({ caseId: 'c1' });
    const actions = audit.map((e) => e.action).reverse();
    assert.deepEqual(actions.filter((a) => a !== 'claim_case'), ['schedule_plan', 'preserve_evidence', 'hide_social_graph', 'warn_recipient', 'ban_ring']);
    const ban = audit.find((e) => e.action === 'ban_ring')!;
    assert.equal(ban.details.planId, planned.json().planId);
    assert.equal((await cb.console.audit.verify()).ok, true);
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
