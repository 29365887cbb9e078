import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDashboard } from '../../src/modules/console/dashboards.ts';
import { insertCase, memoryDb } from './helpers.ts';

test('interception counts attacks warned no later than the app lure or threat; first-contact-only cases are apart', async () => {
  const db = await memoryDb();
  const conversation = async (id: string, stages: Record<string, number>) =>
    db.insertInto('conversations').values({ tenant: 't1', id, first_seen: 0, last_seen: 0, flagged: 1, stage_max: null, suspect: 's', state: JSON.stringify({ stages: Object.fromEntries(Object.entries(stages).map(([s, first]) => [s, { first }])) }) }).execute();
  const warning = async (conv: string, time: number) =>
    db.insertInto('decisions').values({ tenant: 't1', event_id: `w-${conv}-${time}`, time, conversation_id: conv, account: 's', verdict: 'act', actions: JSON.stringify([{ type: 'warn_recipient', rule: 'r' }]), shadow_actions: '[]', signals: '[]', reasons: '[]', rule_input: '{}' }).execute();
  await conversation('early', { first_contact: 1, escalation: 2, app_lure: 10 });
  await warning('early', 5);
  await conversation('late', { first_contact: 1, escalation: 2, threat: 10 });
  await warning('late', 11);
  await conversation('never', { first_contact: 1, escalation: 2 });
  await conversation('hello', { first_contact: 1 });
  await insertCase(db, 'early', { conversation_id: 'early', stage_max: 'app_lure' });
  await insertCase(db, 'late', { conversation_id: 'late', stage_max: 'threat' });
  await insertCase(db, 'never', { conversation_id: 'never', stage_max: 'escalation' });
  await insertCase(db, 'hello', { conversation_id: 'hello', stage_max: 'first_contact' });
  const dashboard = await buildDashboard(db, undefined, 't1');
  assert.deepEqual(dashboard.interception, { intercepted: 1, total: 3, share: 1 / 3 });
  assert.deepEqual(dashboard.firstContactOnly, { open: 1, total: 1 });
});
