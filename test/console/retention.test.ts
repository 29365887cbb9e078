import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepText } from '../../src/app/retention.ts';
import { pastTraffic } from '../../src/demo.ts';
import { streamTraffic } from '../../src/sim/stream.ts';
import { insertCase, memoryDb } from './helpers.ts';

test('retention never drops the text of a conversation with an open or claimed case', async () => {
  const db = await memoryDb();
  const message = (id: string, conversation: string) => ({ tenant: 't1', event_id: id, conversation_id: conversation, sender: 's', recipients: '[]', time: 1_000, text: `text ${id}`, features: '[]', evidence: 0 });
  await db.insertInto('messages').values([message('m1', 'conv-open'), message('m2', 'conv-claimed'), message('m3', 'conv-closed'), message('m4', 'conv-none')]).execute();
  await insertCase(db, 'open');
  await insertCase(db, 'claimed', { status: 'claimed', claimed_by: 'mod', claimed_at: 1 });
  await insertCase(db, 'closed', { status: 'closed' });
  assert.equal(await sweepText(db, 1, 10 * 3_600_000), 2);
  const kept = await db.selectFrom('messages').select(['event_id', 'text']).orderBy('event_id').execute();
  assert.deepEqual(kept.map((m) => m.text === null), [false, false, true, true]);
});

test('the simulator never dates an event in the future, whatever the speed-up', async () => {
  const now = Date.now();
  const traffic = pastTraffic({ tenant: 'demo', ordinaryUsers: 10, crews: 2, victimsPerCrew: 2, seed: 3, idPrefix: 'p' }, now);
  assert.ok(traffic.events.length > 0);
  assert.ok(traffic.events.every((e) => Date.parse(e.time) < now), 'the backfill ends before now');
  const ahead = traffic.events.slice(0, 5).map((e, i) => ({ ...e, time: new Date(now + (i + 1) * 3_600_000).toISOString() }));
  const seen: number[] = [];
  await streamTraffic(ahead, { speed: 1e9, onEvent: (e) => void seen.push(Date.parse(e.time)) }).done;
  assert.equal(seen.length, 5);
  assert.ok(seen.every((t) => t <= Date.now()), 'future-dated events are stamped with the time they are sent');
});
