import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsole } from '../../src/modules/console/index.ts';
import { NO_ACTIVITY_OUTCOME } from '../../src/modules/console/inactive-cases.ts';
import { insertCase, memoryDb } from './helpers.ts';

const HOUR = 3_600_000;

async function setup(now: number) {
  const db = await memoryDb();
  let clock = now;
  const svc = createConsole({ db, now: () => clock });
  return { db, svc, setClock: (t: number) => (clock = t) };
}

test('open cases with no evidence for the quiet period are closed by system, one audited close each; newer and claimed cases stay', async () => {
  const { db, svc } = await setup(100 * HOUR);
  await insertCase(db, 'quiet', { updated_at: 40 * HOUR });
  await insertCase(db, 'quiet-other-tenant', { tenant: 't2', updated_at: 40 * HOUR });
  await insertCase(db, 'recent', { updated_at: 90 * HOUR });
  await insertCase(db, 'claimed', { status: 'claimed', claimed_by: 'mod', claimed_at: 40 * HOUR, updated_at: 40 * HOUR });
  await insertCase(db, 'closed', { status: 'closed', outcome: 'confirmed', updated_at: 10 * HOUR });

  assert.deepEqual(await svc.inactive.close({ tenant: 't1', quietForMs: 48 * HOUR }), ['quiet']);
  const rows = await db.selectFrom('cases').select(['id', 'status', 'outcome']).orderBy('id').execute();
  assert.deepEqual(rows.map((r) => [r.id, r.status, r.outcome]), [
    ['claimed', 'claimed', null],
    ['closed', 'closed', 'confirmed'],
    ['quiet', 'closed', NO_ACTIVITY_OUTCOME],
    ['quiet-other-tenant', 'open', null],
    ['recent', 'open', null],
  ]);
  const trail = await svc.audit.list({ caseId: 'quiet' });
  assert.deepEqual(trail.map((e) => [e.action, e.actor, e.reason]), [['close_case', 'system', 'no activity: no new evidence for 48 h']]);
  assert.deepEqual(await svc.inactive.close({ tenant: 't1', quietForMs: 48 * HOUR }), [], 'a closed case is not closed twice');
  assert.equal((await svc.audit.list({ caseId: 'quiet' })).length, 1);
});

test('a quiet period that is not a positive number is refused before anything changes', async () => {
  const { db, svc } = await setup(100 * HOUR);
  await insertCase(db, 'quiet', { updated_at: 0 });
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    await assert.rejects(svc.inactive.close({ quietForMs: bad }), /quietForMs must be a positive number/);
  }
  assert.equal((await db.selectFrom('cases').select('status').executeTakeFirstOrThrow()).status, 'open');
});
