import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import type { ConsoleUser } from '../../src/modules/console/auth.ts';
import type { RingReader } from '../../src/modules/console/ports.ts';
import { checkPlan, PlanError, victimSafePlan } from '../../src/modules/exchange/enforcement-plan.ts';
import { ActionScheduler } from '../../src/modules/exchange/scheduler.ts';
import { insertCase } from '../console/helpers.ts';
import { manualClock, migratedDb } from './helpers.ts';

const HOUR = 3_600_000;
const moderator: ConsoleUser = { id: 'u1', username: 'mod', role: 'moderator', tenant: 't1' };

/** A ring of three accounts around the case's suspect. */
const rings: RingReader = {
  ringIdForAccount: (_t, account) => (account.startsWith('suspect-') || account.startsWith('crew-') ? 'ring-1' : undefined),
  graph: (_t, id) => ({ id, nodes: ['suspect-c1', 'crew-2', 'crew-3'].map((a) => ({ id: `a:${a}`, kind: 'account', label: a })), edges: [] }),
  topRings: () => [],
};

async function instance(file: string, now: () => number) {
  const db = await migratedDb(file);
  const notified: string[] = [];
  const console = createConsole({ db, rings, now, notify: (e) => void notified.push(`${e.action}:${e.account}`) });
  const scheduler = new ActionScheduler({ db, audit: console.audit, queue: console.queue, actions: console.actions, now });
  return { db, console, scheduler, notified };
}

async function seed(db: CoreDb) {
  await insertCase(db, 'c1');
  for (const id of ['suspect-c1', 'crew-2', 'crew-3', 'victim-c1']) {
    await db.insertInto('accounts').values({ tenant: 't1', id, first_seen: 0, last_seen: 0, risk: 0, status: 'active', state: '{}' }).execute();
  }
}

async function statuses(db: CoreDb): Promise<Record<string, string>> {
  const rows = await db.selectFrom('accounts').select(['id', 'status']).orderBy('id').execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

test('victim-safe plans: protect first, ban last; a ban without protection is refused', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const plan = victimSafePlan({ banAt: now + 2 * HOUR }, now);
  assert.deepEqual(plan.map((s) => s.action), ['preserve_evidence', 'hide_social_graph', 'warn_recipient', 'ban_ring']);
  assert.ok(plan.every((s) => s.why.length > 10));
  assert.throws(() => checkPlan([{ action: 'ban_ring', at: now, why: 'now' }], now), (e: Error) => e instanceof PlanError && /needs preserve_evidence/.test(e.message));
  assert.throws(() => checkPlan([{ action: 'preserve_evidence', at: now + HOUR, why: 'x' }, { action: 'hide_social_graph', at: now, why: 'x' }, { action: 'ban_ring', at: now + 30 * 60_000, why: 'x' }], now), /needs preserve_evidence at or before/);
  assert.throws(() => victimSafePlan({ banAt: now - 2 * HOUR }, now), /in the past/);
  assert.throws(() => checkPlan([{ action: 'export_case', at: now, why: 'x' }], now), /by hand/);
  // At the same instant the ban still runs after the protective steps.
  assert.deepEqual(victimSafePlan({ banAt: now }, now).map((s) => s.action).at(-1), 'ban_ring');
});

test('a scheduled ring ban fires once at its time across restarts, with its audit entries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-sched-'));
  const file = join(dir, 'chainbreak.sqlite');
  const clock = manualClock();
  const t0 = clock.now();
  try {
    // First process: the moderator claims the case and schedules the plan; the protective steps fire at once.
    let p = await instance(file, clock.now);
    await seed(p.db);
    assert.equal((await p.console.queue.claim('c1', 'mod', 't1')).ok, true);
    const { planId, auditSeq } = await p.scheduler.schedule(moderator, 'c1', victimSafePlan({ banAt: t0 + 2 * HOUR }, t0), 'active extortion of a minor; payment deadline tonight');
    const first = await p.scheduler.runDue();
    assert.deepEqual(first.map((f) => [f.action, f.ok]), [['preserve_evidence', true], ['hide_social_graph', true], ['warn_recipient', true]]);
    assert.equal((await statuses(p.db))['crew-2'], 'active', 'the ring is not touched before its time');
    const planEntry = (await p.console.audit.list({ caseId: 'c1' })).find((e) => e.seq === auditSeq)!;
    assert.equal(planEntry.action, 'schedule_plan');
    assert.equal((planEntry.details.steps as { action: string }[]).at(-1)!.action, 'ban_ring');
    await p.db.destroy();

    // Second process, one hour later: nothing is due.
    clock.set(t0 + HOUR);
    p = await instance(file, clock.now);
    assert.deepEqual(await p.scheduler.runDue(), []);
    await p.db.destroy();

    // Third process, after the ban time (the claim long expired): the ban fires once for the whole ring.
    clock.set(t0 + 2 * HOUR + 5 * 60_000);
    p = await instance(file, clock.now);
    const [a, b] = await Promise.all([p.scheduler.runDue(), p.scheduler.runDue()]);
    assert.equal(a, b, 'concurrent ticks share one run');
    assert.deepEqual(a.map((f) => [f.action, f.ok]), [['ban_ring', true]]);
    assert.deepEqual(a[0].result!.accounts, ['crew-2', 'crew-3', 'suspect-c1']);
    assert.deepEqual(await statuses(p.db), { 'crew-2': 'banned', 'crew-3': 'banned', 'suspect-c1': 'banned', 'victim-c1': 'active' });
    assert.deepEqual(p.notified.sort(), ['ban_ring:crew-2', 'ban_ring:crew-3', 'ban_ring:suspect-c1']);
    assert.deepEqual(await p.scheduler.runDue(), []);
    await p.db.destroy();

    // A second scheduler process on the same file at the same time finds nothing left to fire.
    p = await instance(file, clock.now);
    const other = await instance(file, clock.now);
    assert.deepEqual([...(await p.scheduler.runDue()), ...(await other.scheduler.runDue())], []);
    const audit = await p.console.audit.list({ caseId: 'c1' });
    const bans = audit.filter((e) => e.action === 'ban_ring');
    assert.equal(bans.length, 1, 'one ban entry in the audit trail');
    assert.equal(bans[0].details.planId, planId);
    assert.equal(bans[0].targetId, 'ring-1');
    assert.match(bans[0].reason, /payment deadline tonight — ban every account/);
    assert.deepEqual(audit.map((e) => e.action).reverse(), ['schedule_plan', 'preserve_evidence', 'hide_social_graph', 'warn_recipient', 'ban_ring']);
    assert.deepEqual(await p.console.audit.verify(), { ok: true, entries: 5 });
    const steps = await p.scheduler.stepsForCase('c1');
    assert.ok(steps.every((s) => s.status === 'done'));
    await p.db.destroy();
    await other.db.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scheduling needs the claim and the role; cancel stops pending steps; a failed step blocks the later ones', async () => {
  const clock = manualClock();
  const p = await instance(':memory:', clock.now);
  await seed(p.db);
  const plan = victimSafePlan({ banAt: clock.now() + HOUR }, clock.now());
  await assert.rejects(p.scheduler.schedule(moderator, 'c1', plan, 'x'), /claim case c1/);
  await p.console.queue.claim('c1', 'mod', 't1');
  await assert.rejects(p.scheduler.schedule({ ...moderator, role: 'investigator' }, 'c1', plan, 'x'), /may not schedule hide_social_graph/);
  await assert.rejects(p.scheduler.schedule(moderator, 'nope', plan, 'x'), /no case nope/);

  const { planId } = await p.scheduler.schedule(moderator, 'c1', plan, 'test plan');
  assert.equal(await p.scheduler.cancel(moderator, planId, 'victim asked to wait'), 4);
  clock.advance(2 * HOUR);
  assert.deepEqual(await p.scheduler.runDue(), []);

  // The case has no victim account: hiding its graph fails, and the ban after it must not fire.
  await p.db.updateTable('cases').set({ victim_account: null }).where('id', '=', 'c1').execute();
  await p.console.queue.claim('c1', 'mod', 't1');
  const again = await p.scheduler.schedule(moderator, 'c1', victimSafePlan({ banAt: clock.now() + HOUR, warnVictim: false }, clock.now()), 'second plan');
  const now = await p.scheduler.runDue();
  assert.deepEqual(now.map((f) => [f.action, f.ok]), [['preserve_evidence', true], ['hide_social_graph', false]]);
  assert.match(now[1].error!, /no victim account/);
  clock.advance(2 * HOUR);
  assert.deepEqual(await p.scheduler.runDue(), [], 'the ban stays blocked behind the failed step');
  assert.equal((await statuses(p.db))['suspect-c1'], 'active');
  assert.ok((await p.console.audit.list({ caseId: 'c1' })).some((e) => e.action === 'scheduled_action_failed' && e.details.planId === again.planId));
  await p.db.destroy();
});
