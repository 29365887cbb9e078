import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvent, type MessageEvent } from '../../src/core/events.ts';
import { STAGES, type Stage } from '../../src/core/signals.ts';
import { fill } from '../../src/sim/context.ts';
import { keywordTextSignals } from '../../src/core/detectors/keyword-text.ts';
import { ordinaryConversation, scamConversation } from '../../src/sim/scenario.ts';
import { LANGUAGES, scriptFor } from '../../src/sim/scripts/index.ts';

const START = new Date('2026-05-10T18:00:00Z');

for (const lang of LANGUAGES) {
  test(`${lang}: one scam conversation runs every stage in chain order`, () => {
    for (const seed of [1, 2, 3]) {
      const scenario = scamConversation({ tenant: 't1', lang, seed, start: START });
      for (const event of scenario.events) assert.ok(parseEvent(event).ok, `${event.id} validates`);
      assert.ok(scenario.events.every((e) => Date.parse(e.time) >= START.getTime()), 'nothing happens before start');
      assert.deepEqual([...scenario.firstEventOfStage.keys()], [...STAGES]);
      const position = new Map(scenario.events.map((e, i) => [e.id, i]));
      const firsts = [...scenario.firstEventOfStage.values()].map((id) => position.get(id)!);
      assert.deepEqual(firsts, [...firsts].sort((a, b) => a - b), 'stages first appear in chain order');
      const times = [...scenario.firstEventOfStage.values()].map((id) => Date.parse(scenario.events[position.get(id)!].time));
      for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1], 'each stage comes later than the one before');
      // Realistic pacing: the chain takes more than an hour, less than a day, from first contact to payment demand.
      const span = times[STAGES.indexOf('payment')] - times[0];
      assert.ok(span > 60 * 60_000 && span < 24 * 60 * 60_000, `span ${span} ms`);
      for (const id of scenario.expectedStages.keys()) assert.ok(position.has(id), 'expected stages name events of the scenario');
    }
  });
}

test('the scam conversation stays inside one conversation and carries the lure, the handle and the payment', () => {
  const scenario = scamConversation({ tenant: 't1', lang: 'en', seed: 11, start: START });
  const messages = scenario.events.filter((e): e is MessageEvent => e.type === 'message.sent');
  assert.ok(messages.every((m) => m.conversation_id === scenario.conversationId));
  assert.ok(messages.every((m) => [scenario.scammer, scenario.victim].includes(m.sender)));
  const stageOf = (id: string) => scenario.expectedStages.get(id);
  const lure = messages.find((m) => stageOf(m.id) === 'app_lure')!;
  const lureUrls = scenario.crew.kit.lures.map((l) => l.url);
  assert.ok(lure.attachments.some((a) => a.kind === 'apk' && lureUrls.includes(a.url!)) || lureUrls.some((u) => lure.text.includes(u)));
  const handoff = messages.find((m) => stageOf(m.id) === 'offplatform')!;
  assert.ok(Object.values(scenario.crew.kit.handles).some((h) => handoff.text.includes(h.handle)));
  const demand = messages.find((m) => stageOf(m.id) === 'payment')!;
  assert.ok(Object.values(scenario.crew.kit.payments).some((p) => demand.text.includes(p.text)));
  const payment = scenario.events.find((e) => e.type === 'payment.reported');
  assert.ok(payment && payment.type === 'payment.reported' && payment.reporter === scenario.victim && payment.account === scenario.scammer);
  const report = scenario.events.find((e) => e.type === 'report.filed');
  assert.ok(report && report.type === 'report.filed' && report.category === 'sextortion' && report.reported === scenario.scammer);
  assert.equal(scenario.phases.get(messages[1].id), 'flirting', "the victim's first reply belongs to the flirting phase");
});

test('every English scam line is recognisable by the fallback keyword detector for its stage', () => {
  const values = { app: 'Skype', handle: 'live:.cid.0a1b2c3d4e5f', link: 'https://voicefix-update-1a2.top/voicefix.apk', amount: '$500', payment: 'Cash App $bella12' };
  const { scam } = scriptFor('en');
  const lines: [Stage, string[]][] = [
    ['escalation', scam.escalation],
    ['offplatform', scam.offplatform],
    ['app_lure', [...scam.appLureLink, ...scam.appLureAttachment]],
    ['threat', scam.threat],
    ['payment', scam.payment],
  ];
  for (const [stage, templates] of lines) {
    for (const template of templates) {
      const text = fill(template, values);
      assert.ok(keywordTextSignals(text).some((s) => s.stage === stage), `"${text}" should show ${stage}`);
    }
  }
});

test('scenarios are deterministic for a seed and differ across seeds', () => {
  const a = scamConversation({ tenant: 't1', lang: 'tl', seed: 5, start: START });
  const b = scamConversation({ tenant: 't1', lang: 'tl', seed: 5, start: START });
  assert.deepEqual(a.events, b.events);
  const c = scamConversation({ tenant: 't1', lang: 'tl', seed: 6, start: START });
  assert.notDeepEqual(a.events.map((e) => 'text' in e && e.text), c.events.map((e) => 'text' in e && e.text));
  assert.throws(() => scamConversation({ tenant: 't1', lang: 'xx', seed: 1, start: START }), /unknown simulator language "xx"/);
});

test('an ordinary conversation carries every hard-negative topic and shows no stage', () => {
  for (const lang of LANGUAGES) {
    const scenario = ordinaryConversation({ tenant: 't1', lang, seed: 3, start: START });
    for (const event of scenario.events) assert.ok(parseEvent(event).ok);
    assert.deepEqual(scenario.topics, ['videoCall', 'money', 'tech', 'news']);
    const texts = scenario.events.filter((e): e is MessageEvent => e.type === 'message.sent').map((m) => m.text);
    assert.ok(texts.length >= 10);
    assert.ok(scenario.events.every((e) => e.type !== 'report.filed' && e.type !== 'payment.reported'));
  }
  const english = ordinaryConversation({ tenant: 't1', lang: 'en', seed: 3, start: START, topics: ['money'] });
  assert.ok(english.events.some((e) => e.type === 'message.sent' && /(Venmo|Cash App|Zelle)/.test(e.text) && /\$\d+/.test(e.text)));
});
