// QA F2/F3: a case opened early moves to the urgent queue when the chain reaches the threat (and a closed case
// reopens), and the conversation's stage timeline is in the order things happened, never a negative interval.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Detector } from '../../src/core/detector.ts';
import type { Signal, TextLabel } from '../../src/core/signals.ts';
import { startTestService } from '../helpers/service.ts';

/** `[stage]` tags in a message are acts of that stage, strong enough to decide on. */
const taggedActs: Detector = {
  name: 'text',
  eventTypes: ['message.sent'],
  detect(event) {
    const text = event.type === 'message.sent' ? event.text : '';
    const signals: Signal[] = [...text.matchAll(/\[(\w+)\]/g)].map((m) => ({ detector: 'text', kind: `text.${m[1]}`, stage: m[1] as TextLabel, score: 0.95, reasons: [{ code: 'test', message: m[1] }] }));
    return { signals, identifiers: [] };
  },
};

const T0 = Date.parse('2026-11-20T10:00:00Z');
let n = 0;
const msg = (conversation: string, from: string, to: string, minute: number, text: string) => ({
  id: `e${++n}`, tenant: 't', type: 'message.sent', time: new Date(T0 + minute * 60_000).toISOString(), conversation_id: conversation, sender: from, recipients: [to], text,
});

test('the case follows the chain to the urgent queue, and a threat reopens a closed case', async () => {
  const cb = await startTestService({}, { detectors: [taggedActs] });
  try {
    await cb.ingest.ingest([
      { id: 'acc', tenant: 't', type: 'account.created', time: new Date(T0 - 3_600_000).toISOString(), account: { id: 'crew' } },
      msg('k', 'crew', 'vic', 0, 'hey'),
      msg('k', 'crew', 'vic', 5, '[escalation] show me'),
      msg('k', 'crew', 'vic', 8, '[offplatform] video call on skype'),
      msg('k', 'crew', 'vic', 12, '[app_lure] no sound, install voicefix.example/app'),
    ]);
    const early = await cb.db.selectFrom('cases').selectAll().where('conversation_id', '=', 'k').execute();
    assert.equal(early.length, 1);
    assert.notEqual(early[0].queue, 'urgent', 'opened before the threat');
    await cb.ingest.ingest([msg('k', 'crew', 'vic', 20, '[threat] I will send the video to all your friends')]);
    const urgent = await cb.db.selectFrom('cases').selectAll().where('conversation_id', '=', 'k').execute();
    assert.equal(urgent.length, 1, 'the same case, not a second one');
    assert.equal(urgent[0].queue, 'urgent');
    assert.equal(urgent[0].priority, 0);
    assert.equal(urgent[0].stage_max, 'threat');

    await cb.db.updateTable('cases').set({ status: 'closed', outcome: 'no_action' }).where('id', '=', urgent[0].id).execute();
    await cb.ingest.ingest([msg('k', 'crew', 'vic', 30, '[payment] pay 500 now')]);
    const reopened = await cb.db.selectFrom('cases').selectAll().where('id', '=', urgent[0].id).executeTakeFirstOrThrow();
    assert.equal(reopened.status, 'open');
    assert.equal(reopened.stage_max, 'payment');
  } finally {
    await cb.cleanup();
  }
});

test('stages are listed in the order they happened, with non-negative intervals', async () => {
  const cb = await startTestService({}, { detectors: [taggedActs] });
  try {
    // The move to another app comes before the sexual escalation here: chain order is not time order.
    await cb.ingest.ingest([msg('q', 'a', 'b', 0, 'hi'), msg('q', 'a', 'b', 7, '[offplatform] add me on line'), msg('q', 'a', 'b', 9, '[escalation] show me')]);
    const view = await cb.queries.conversation('t', 'q');
    const stages = (view as { stages: { stage: string; since_previous_ms: number | null }[] }).stages;
    assert.deepEqual(stages.map((s) => s.stage), ['first_contact', 'offplatform', 'escalation']);
    assert.deepEqual(stages.map((s) => s.since_previous_ms), [null, 7 * 60_000, 2 * 60_000]);
  } finally {
    await cb.cleanup();
  }
});
