import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { InvalidBatchError } from '../../src/app/ingest.ts';
import { sweepText } from '../../src/app/retention.ts';
import { message, scamConversation } from '../helpers/fixtures.ts';
import { startTestService, tempDir } from '../helpers/service.ts';

test('re-delivered events are recognised by id and get the original decision', async () => {
  const cb = await startTestService();
  try {
    const lure = message({ id: 'lure-1', text: 'my audio is broken, install this app', minute: 1 });
    const [first] = await cb.ingest.ingest([lure]);
    const [again] = await cb.ingest.ingest([lure]);
    assert.equal(first.duplicate, false);
    assert.equal(again.duplicate, true);
    assert.deepEqual(again.decision.actions, first.decision.actions);
    const [inBatch, twice] = await cb.ingest.ingest([message({ id: 'x', text: 'hi', minute: 2 }), message({ id: 'x', text: 'hi', minute: 2 })]);
    assert.deepEqual([inBatch.duplicate, twice.duplicate], [false, true]);
    const rows = await cb.db.selectFrom('events').select('id').execute();
    assert.deepEqual(rows.map((r) => r.id).sort(), ['lure-1', 'x']);
    const conversation = await cb.queries.conversation('acme', 'conv-1');
    assert.equal(conversation?.message_count, 2, 'a duplicate never counts twice');
  } finally {
    await cb.cleanup();
  }
});

test('a batch with one bad event is rejected whole, naming the field, and stores nothing', async () => {
  const cb = await startTestService();
  try {
    const good = message({ text: 'hi', minute: 1 });
    assert.throws(() => cb.ingest.validate([good, { ...good, id: 'other', time: 'soon' }]), (error: unknown) => {
      assert.ok(error instanceof InvalidBatchError);
      assert.deepEqual(error.fields.map((f) => f.path), ['events.1.time']);
      return true;
    });
    await assert.rejects(cb.ingest.ingest([good, { type: 'nope' }]));
    assert.equal((await cb.db.selectFrom('events').select('id').execute()).length, 0);
  } finally {
    await cb.cleanup();
  }
});

test('a restart keeps every acknowledged event and the engine state built from them', async () => {
  const dir = tempDir();
  try {
    const first = await startTestService({ dataDir: dir, sqliteSync: 'full' });
    const script = scamConversation();
    await first.ingest.ingest(script.slice(0, 4).map((s) => s.event));
    await first.close();

    const second = await startTestService({ dataDir: dir, sqliteSync: 'full' });
    const ids = (await second.db.selectFrom('events').select('id').execute()).map((r) => r.id).sort();
    assert.deepEqual(ids, script.slice(0, 4).map((s) => s.event.id).sort());
    const [lure] = await second.ingest.ingest([script[4].event]);
    assert.deepEqual(lure.decision.stages.reached.sort(), ['app_lure', 'escalation', 'first_contact', 'offplatform']);
    assert.ok(lure.decision.stages.new.find((s) => s.stage === 'app_lure')!.since_previous_stage_ms! > 0);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed store write leaves neither rows nor engine state behind', async () => {
  const cb = await startTestService();
  try {
    await cb.ingest.ingest([message({ id: 'ok-1', text: 'hello there', minute: 0 })]);
    // Break the decisions table so the next transaction fails half-way.
    await cb.db.schema.dropTable('decisions').execute();
    await assert.rejects(cb.ingest.ingest([message({ id: 'lost', text: 'install this app, my audio is broken', minute: 1 })]));
    assert.deepEqual((await cb.db.selectFrom('events').select('id').execute()).map((r) => r.id), ['ok-1']);
    const state = await cb.ingest.accountState('acme', 'scammer');
    assert.equal(state?.conversationsStarted, 1);
    const conversation = await cb.queries.conversation('acme', 'conv-1');
    assert.equal(conversation?.message_count, 1);
  } finally {
    await cb.cleanup();
  }
});

test('text is kept only where it is evidence of a flagged conversation', async () => {
  const cb = await startTestService();
  try {
    await cb.ingest.ingest([
      message({ conversation: 'ordinary', sender: 'amy', to: 'bob', text: 'see you at 7 at the cafe', minute: 0 }),
      ...scamConversation('scam').map((s) => s.event),
    ]);
    const ordinary = await cb.queries.conversation('acme', 'ordinary');
    assert.equal(ordinary?.messages[0].text, null);
    const scam = await cb.queries.conversation('acme', 'scam');
    const lure = scam!.messages.find((m) => m.text?.includes('install'));
    assert.ok(lure, 'the lure message is kept as evidence');
    assert.ok(lure.signals.length > 0, 'features are kept with it');
  } finally {
    await cb.cleanup();
  }
});

test('with a grace period, unflagged text is dropped by the sweeper after it', async () => {
  const cb = await startTestService({ retention: { pendingTextHours: 1, sweepIntervalMs: 60_000 } });
  try {
    await cb.ingest.ingest([message({ conversation: 'o', sender: 'amy', to: 'bob', text: 'lunch tomorrow?', minute: 0 })]);
    const sent = Date.parse((await cb.queries.conversation('acme', 'o'))!.messages[0].time.toString() ? new Date((await cb.queries.conversation('acme', 'o'))!.messages[0].time).toISOString() : '');
    assert.equal(await sweepText(cb.db, 1, sent + 30 * 60_000), 0);
    assert.equal((await cb.queries.conversation('acme', 'o'))!.messages[0].text, 'lunch tomorrow?');
    assert.equal(await sweepText(cb.db, 1, sent + 61 * 60_000), 1);
    assert.equal((await cb.queries.conversation('acme', 'o'))!.messages[0].text, null);
  } finally {
    await cb.cleanup();
  }
});

test('queue_review opens one case per conversation that follows its furthest stage', async () => {
  const cb = await startTestService();
  try {
    await cb.ingest.ingest(scamConversation('c-case').map((s) => s.event));
    const cases = await cb.queries.cases({ limit: 10, offset: 0 });
    assert.equal(cases.length, 1);
    assert.equal(cases[0].conversation_id, 'c-case');
    assert.equal(cases[0].stage_max, 'payment');
    assert.equal(cases[0].suspect_account, 'scammer');
    assert.equal(cases[0].victim_account, 'victim');
    assert.equal(cases[0].priority, 0);
  } finally {
    await cb.cleanup();
  }
});
