// The conversation chain (src/core/engine/chain.ts) and the default rules that read it: weak acts
// from a new account become decisive in a chain; the same acts between old friends stay quiet; the
// order, the pace and who said what all change the outcome.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Detector } from '../../src/core/detector.ts';
import { chainSignals } from '../../src/core/engine/chain.ts';
import type { Decision } from '../../src/core/engine/decision.ts';
import { Engine } from '../../src/core/engine/engine.ts';
import { MemoryWorkspace } from '../../src/core/engine/workspace.ts';
import { newAccount, newConversation } from '../../src/core/engine/state.ts';
import type { ChainEvent } from '../../src/core/events.ts';
import { parseRuleText } from '../../src/core/rules/evaluate.ts';
import type { RuleFile } from '../../src/core/rules/schema.ts';
import type { Signal, TextLabel } from '../../src/core/signals.ts';

const BASE = Date.parse('2026-11-01T10:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

function defaultRules(): RuleFile {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  if (!parsed.ok) throw new Error('default rules invalid');
  return parsed.rules;
}

/** Acts by tag: a message whose text starts with `[escalation]` carries a weak escalation act, and so on. */
function taggedActs(score = 0.55): Detector {
  return {
    name: 'text',
    eventTypes: ['message.sent'],
    detect(event) {
      const text = event.type === 'message.sent' ? event.text : '';
      const tags = [...text.matchAll(/\[(\w+)\]/g)].map((m) => m[1] as TextLabel);
      const signals: Signal[] = tags.map((label) => ({ detector: 'text', kind: `text.${label}`, stage: label, score, reasons: [{ code: 'test', message: label }] }));
      return { signals, identifiers: [] };
    },
  };
}

let counter = 0;
function msg(conversation: string, from: string, to: string, atMs: number, text: string): ChainEvent {
  return { id: `c${++counter}`, tenant: 't', type: 'message.sent', time: new Date(atMs).toISOString(), conversation_id: conversation, sender: from, recipients: [to], text, attachments: [] };
}

function profile(id: string, createdMs: number, atMs: number): ChainEvent {
  return {
    id: `p${++counter}`,
    tenant: 't',
    type: createdMs === atMs ? 'account.created' : 'account.updated',
    time: new Date(atMs).toISOString(),
    account: { id, created_at: new Date(createdMs).toISOString(), display_name: id, bio: 'hi', age: 30, photos: [{ pdq: 'a'.repeat(64) }, { pdq: 'b'.repeat(64) }], declared_location: { country: 'US' }, observed_location: { country: 'US' }, device_ids: [], links: [] },
  };
}

async function run(events: ChainEvent[], detector = taggedActs()): Promise<Map<string, Decision>> {
  const engine = new Engine({ detectors: [detector], rules: defaultRules });
  const out = new Map<string, Decision>();
  const workspace = new MemoryWorkspace();
  for (const event of events) {
    const outcome = await engine.process(event, workspace);
    out.set(event.id, outcome.decision);
  }
  return out;
}

const actions = (d: Decision | undefined) => (d?.actions ?? []).map((a) => `${a.type}:${a.target.id}`);

test('weak acts from a new account become decisive in a chain: warned before the app, case by the threat', async () => {
  const start = BASE;
  const events = [
    profile('crew', start - 3 * 3_600_000, start - 3 * 3_600_000),
    profile('target', start - 800 * DAY, start - DAY),
    msg('k1', 'crew', 'target', start, 'hey there, you look nice'),
    msg('k1', 'target', 'crew', start + 4 * MIN, 'thanks :) who are you?'),
    msg('k1', 'crew', 'target', start + 20 * MIN, '[escalation] show me more of you'),
    msg('k1', 'target', 'crew', start + 25 * MIN, 'haha maybe'),
    msg('k1', 'crew', 'target', start + 35 * MIN, '[offplatform] let us talk on video elsewhere'),
    msg('k1', 'crew', 'target', start + 70 * MIN, '[app_lure] no sound, get this app: voicefix.example/get'),
    msg('k1', 'crew', 'target', start + 120 * MIN, '[threat] I will send it to everyone'),
    msg('k1', 'crew', 'target', start + 125 * MIN, '[payment] pay 500 now or else'),
    msg('k1', 'crew', 'target', start + 130 * MIN, '[payment] pay here: paynow.example/k1'),
  ];
  const [escalation, offplatform, lure, threat, demand, payLink] = [events[4], events[6], events[7], events[8], events[9], events[10]].map((e) => e.id);
  const decisions = await run(events);
  // Each act alone is weak (0.55): the escalation alone does nothing for the target yet.
  assert.ok(!actions(decisions.get(escalation)).some((a) => a.startsWith('warn_recipient')));
  const move = decisions.get(offplatform)!;
  assert.ok(actions(move).includes('warn_recipient:target'), `warned at the move: ${actions(move)}`);
  assert.ok(move.rules_matched.includes('chain-move-after-intimacy'));
  const chain = move.signals.find((s) => s.kind === 'chain.offplatform_escalation')!;
  const codes = chain.reasons.map((r) => r.code);
  for (const code of ['act_escalation', 'act_offplatform', 'fast_chain', 'new_account', 'cold_opener']) assert.ok(codes.includes(code), `reason ${code} in ${codes}`);
  assert.match(chain.reasons[0].message, /chain score/);
  assert.ok(actions(decisions.get(lure)).includes('warn_recipient:target'));
  assert.ok(actions(decisions.get(lure)).some((a) => a.startsWith('hold_link:')));
  assert.ok(actions(decisions.get(threat)).includes('queue_review:k1'));
  assert.ok(actions(decisions.get(threat)).includes('restrict_account:crew'));
  // The payment rule holds links; a demand without one has nothing to hold (QA F5), a payment link is held.
  assert.ok(decisions.get(demand)!.rules_matched.includes('payment-demand'));
  assert.ok(!actions(decisions.get(demand)).some((a) => a.startsWith('hold_link')), `${actions(decisions.get(demand))}`);
  assert.ok(actions(decisions.get(payLink)).includes(`hold_link:${payLink}`));
  // The suspect's risk rises with what it did (QA F1): the threat and the app push are risk factors.
  const risk = decisions.get(payLink)!.risk!;
  assert.ok(['chain_threat', 'chain_app_lure'].every((code) => risk.reasons.some((r) => r.code === code)), JSON.stringify(risk.reasons.map((r) => r.code)));
  assert.ok(risk.score >= 0.8, `risk ${risk.score}`);
});

test('the same acts between established accounts with normal replies stay quiet, a video-call invite included', async () => {
  const start = BASE;
  const events = [profile('ann', start - 900 * DAY, start - 30 * DAY), profile('ben', start - 700 * DAY, start - 30 * DAY)];
  // Three weeks of ordinary chat, both writing, before anything that looks like an act.
  for (let day = 0; day < 21; day++) {
    events.push(msg('k2', 'ann', 'ben', start - (21 - day) * DAY, `day ${day}: how was work?`));
    events.push(msg('k2', 'ben', 'ann', start - (21 - day) * DAY + 5 * MIN, 'fine, tired, you?'));
  }
  const acts = [
    msg('k2', 'ann', 'ben', start, '[escalation] you looked so good last night'),
    msg('k2', 'ben', 'ann', start + 3 * MIN, 'stop it :)'),
    msg('k2', 'ann', 'ben', start + 10 * MIN, "[offplatform] let's video call tonight"),
    msg('k2', 'ann', 'ben', start + 40 * MIN, '[app_lure] install the concert app for the tickets'),
    msg('k2', 'ann', 'ben', start + 60 * MIN, '[payment] send me the 20 for the tickets'),
  ];
  const decisions = await run([...events, ...acts]);
  for (const event of [...events, ...acts]) assert.deepEqual(actions(decisions.get(event.id)), [], `no action on ${event.id}`);
  const invite = decisions.get(acts[2].id)!.signals.find((s) => s.kind === 'chain.offplatform_escalation');
  assert.ok(invite && invite.score < 0.55, 'scored, but low');
  assert.ok(invite.reasons.some((r) => r.code === 'familiar_established_conversation'), 'the reason says why it is low');
});

test('order matters: an install push after the move scores above the same push before it', () => {
  const conversation = newConversation('t', 'k3', BASE);
  const account = newAccount('t', 'someone', BASE - 60 * DAY);
  account.createdAt = BASE - 60 * DAY;
  const score = (order: TextLabel[]) => {
    const conv = structuredClone(conversation);
    const acc = structuredClone(account);
    let last: Signal[] = [];
    order.forEach((label, i) => {
      const event = msg('k3', 'someone', 'other', BASE + i * 10 * MIN, label);
      const signals: Signal[] = [{ detector: 'text', kind: `text.${label}`, stage: label, score: 0.6, reasons: [] }];
      last = chainSignals({ event, time: BASE + i * 10 * MIN, subject: 'someone', conversation: conv, account: acc, signals });
    });
    return last;
  };
  const lureAfterMove = score(['escalation', 'offplatform', 'app_lure']).find((s) => s.kind === 'chain.app_lure')!;
  const lureFirst = score(['app_lure']).find((s) => s.kind === 'chain.app_lure')!;
  assert.ok(lureAfterMove.score > lureFirst.score + 0.2, `${lureAfterMove.score} vs ${lureFirst.score}`);
  assert.ok(lureAfterMove.reasons.some((r) => r.code === 'typical_order'));
  assert.ok(!lureFirst.reasons.some((r) => r.code === 'typical_order'));
});

test('timing matters: the same chain within an hour warns, spread over two weeks of replies it does not', async () => {
  const build = (conversation: string, gapMs: number) => {
    const start = BASE;
    const events = [profile(`${conversation}-s`, start - 60 * DAY, start - 50 * DAY)];
    events.push(msg(conversation, `${conversation}-s`, `${conversation}-r`, start, 'hello'));
    for (let i = 1; i <= 6; i++) events.push(msg(conversation, `${conversation}-r`, `${conversation}-s`, start + i * (gapMs / 6), 'reply'));
    events.push(msg(conversation, `${conversation}-s`, `${conversation}-r`, start + gapMs + MIN, '[escalation] show me'));
    events.push(msg(conversation, `${conversation}-s`, `${conversation}-r`, start + gapMs + 10 * MIN, '[offplatform] video on another app'));
    return events;
  };
  const fast = build('fast', 30 * MIN);
  const slow = build('slow', 14 * DAY);
  const decisions = await run([...fast, ...slow], taggedActs(0.8));
  const fastMove = decisions.get(fast.at(-1)!.id)!;
  const slowMove = decisions.get(slow.at(-1)!.id)!;
  assert.ok(actions(fastMove).includes('warn_recipient:fast-r'), `fast: ${actions(fastMove)}`);
  assert.deepEqual(actions(slowMove), []);
  const fastScore = fastMove.signals.find((s) => s.kind === 'chain.offplatform_escalation')!.score;
  const slowScore = slowMove.signals.find((s) => s.kind === 'chain.offplatform_escalation')!.score;
  assert.ok(fastScore > slowScore);
});

test('pace matters: a stranger an hour old who opens and asks to move minutes in is warned; at the same act later, or from an old account, not', async () => {
  const build = (conversation: string, ageMs: number, moveAfterMs: number) => {
    const sender = `${conversation}-s`;
    return [
      profile(sender, BASE - ageMs, BASE - Math.min(ageMs, MIN)),
      msg(conversation, sender, `${conversation}-r`, BASE, 'hi there'),
      msg(conversation, `${conversation}-r`, sender, BASE + 2 * MIN, 'hey'),
      msg(conversation, sender, `${conversation}-r`, BASE + moveAfterMs, '[offplatform] add me on skype'),
    ];
  };
  const quick = build('q1', 3_600_000, 12 * MIN);
  const later = build('q2', 3_600_000, 3 * 3_600_000);
  const veteran = build('q3', 900 * DAY, 12 * MIN);
  const decisions = await run([...quick, ...later, ...veteran], taggedActs(0.95));
  const move = (events: ChainEvent[]) => decisions.get(events.at(-1)!.id)!;
  assert.ok(actions(move(quick)).includes('warn_recipient:q1-r'), `quick: ${actions(move(quick))}`);
  const quickSignal = move(quick).signals.find((s) => s.kind === 'chain.offplatform')!;
  assert.ok(quickSignal.reasons.some((r) => r.code === 'quick_move' && /12 min/.test(r.message)), 'the reason names the pace');
  assert.deepEqual(actions(move(later)), []);
  assert.ok(!move(later).signals.find((s) => s.kind === 'chain.offplatform')!.reasons.some((r) => r.code === 'quick_move'));
  assert.deepEqual(actions(move(veteran)), []);
});

test('money after a move is how friends split a bill; money after a threat is a demand', async () => {
  // A month-old account, a move to another app, then money: the move lifts the lone-payment discount only in part.
  const build = (conversation: string, earlier: string) => {
    const sender = `${conversation}-s`;
    return [
      profile(sender, BASE - 30 * DAY, BASE - 30 * DAY),
      msg(conversation, sender, `${conversation}-r`, BASE, 'hi there'),
      msg(conversation, `${conversation}-r`, sender, BASE + 2 * MIN, 'hey'),
      msg(conversation, sender, `${conversation}-r`, BASE + 3 * 3_600_000, earlier),
      msg(conversation, `${conversation}-r`, sender, BASE + 3 * 3_600_000 + 5 * MIN, 'ok'),
      msg(conversation, sender, `${conversation}-r`, BASE + 4 * 3_600_000, '[payment] send the money here'),
    ];
  };
  const afterMove = build('m1', '[offplatform] lets talk on line');
  const afterThreat = build('m2', '[threat] everyone will see it');
  const decisions = await run([...afterMove, ...afterThreat], taggedActs(0.7));
  const pay = (events: ChainEvent[]) => decisions.get(events.at(-1)!.id)!;
  const score = (events: ChainEvent[]) => pay(events).signals.find((s) => s.kind === 'chain.payment')!.score;
  assert.ok(!pay(afterMove).rules_matched.includes('payment-demand'), `after a move: ${score(afterMove)}`);
  assert.ok(pay(afterThreat).rules_matched.includes('payment-demand'), `after a threat: ${score(afterThreat)}`);
  assert.ok(score(afterThreat) > score(afterMove) + 0.1, `${score(afterThreat)} vs ${score(afterMove)}`);
});

/** A day-old account opens a conversation and, half an hour in, sends `text` (its tags are the acts). */
function newAccountSays(conversation: string, text: string): ChainEvent[] {
  const sender = `${conversation}-s`;
  return [
    profile(sender, BASE - DAY, BASE - DAY),
    msg(conversation, sender, `${conversation}-r`, BASE, 'hi there'),
    msg(conversation, `${conversation}-r`, sender, BASE + 2 * MIN, 'hey'),
    msg(conversation, sender, `${conversation}-r`, BASE + 30 * MIN, text),
  ];
}

/** The last message's decision when it is read at `weakScore` and at 0.8, and the weak reading's chain signal. */
async function borderlineAndClear(stage: string, weakText: string, clearText: string, weakScore: number) {
  const borderline = newAccountSays(`${stage}-1`, weakText);
  const clear = newAccountSays(`${stage}-2`, clearText);
  const weak = (await run(borderline, taggedActs(weakScore))).get(borderline.at(-1)!.id)!;
  const strong = (await run(clear, taggedActs(0.8))).get(clear.at(-1)!.id)!;
  return { weak, strong, weakChain: weak.signals.find((s) => s.kind === `chain.${stage}`)!.score };
}

test('a borderline threat reading from a new account opens no case; a clear one does', async () => {
  // E-mail English such as "we now return you to your regularly scheduled programming" reads as a threat at 0.46:
  // with a day-old account that opened the conversation, the chain reaches 0.6, which alone restricted the account.
  const text = '[threat] we now return you to your regularly scheduled programming';
  const { weak, strong, weakChain } = await borderlineAndClear('threat', text, text, 0.4);
  assert.ok(weakChain >= 0.5 && weakChain < 0.7, `borderline chain ${weakChain}`);
  assert.ok(!weak.rules_matched.includes('threat'), `${weak.rules_matched}`);
  assert.ok(strong.rules_matched.includes('threat'), `${strong.rules_matched}`);
  assert.ok(actions(strong).includes('restrict_account:threat-2-s'));
});

test('a borderline install-pretext reading warns nobody; a clear install push warns the target', async () => {
  // "hello? I can't hear you well" is the no-sound pretext's wording in a genuine call: read at 0.45 from a
  // day-old account that opened the conversation, the chain reached the app-lure rule's 0.5 and warned.
  const { weak, strong, weakChain } = await borderlineAndClear('app_lure', "[app_lure] hello? i can't hear you well", '[app_lure] install this app so the sound works', 0.45);
  assert.ok(weakChain >= 0.5 && weakChain < 0.7, `borderline chain ${weakChain}`);
  assert.ok(!weak.rules_matched.includes('app-lure'), `${weak.rules_matched}`);
  assert.ok(strong.rules_matched.includes('app-lure'), `${strong.rules_matched}`);
  assert.ok(actions(strong).includes('warn_recipient:app_lure-2-r'), `${actions(strong)}`);
});

test('who said it matters: the target answering in kind does not build the other side a chain', async () => {
  const start = BASE;
  const events = [
    profile('newbie', start - 3_600_000, start - 3_600_000),
    msg('k4', 'newbie', 'friend', start, 'hi'),
    msg('k4', 'friend', 'newbie', start + 5 * MIN, '[escalation] send me a pic ;)'),
    msg('k4', 'newbie', 'friend', start + 10 * MIN, "[offplatform] let's video call"),
  ];
  const decisions = await run(events);
  const move = decisions.get(events[3].id)!;
  assert.ok(!move.signals.some((s) => s.kind === 'chain.offplatform_escalation'), 'the escalation was the other person’s');
  assert.ok(!move.rules_matched.includes('chain-move-after-intimacy'));
});

test('a ring link counts less for an old account in a long conversation than for a brand-new one', () => {
  const ring: Signal = { detector: 'rings', kind: 'ring.member', score: 0.9, reasons: [{ code: 'linked_to_ring', message: 'x', evidence: { via: { type: 'messenger_handle', value: 'snapchat:abc' } } }] };
  const score = (ageDays: number) => {
    const account = newAccount('t', 'a', BASE - ageDays * DAY);
    account.createdAt = BASE - ageDays * DAY;
    const event = profile('a', account.createdAt, BASE);
    return chainSignals({ event, time: BASE, subject: 'a', conversation: null, account, signals: [ring] }).find((s) => s.kind === 'chain.ring')!.score;
  };
  assert.ok(score(0.1) >= 0.5, `new: ${score(0.1)}`);
  assert.ok(score(600) < 0.5, `old: ${score(600)}`);
});

test('bad input to the chain is harmless: no conversation, no subject, acts without a stage', () => {
  const event = msg('k5', 'a', 'b', BASE, 'hi');
  assert.deepEqual(chainSignals({ event, time: BASE, subject: null, conversation: null, account: null, signals: [] }), []);
  const conversation = newConversation('t', 'k5', BASE);
  const noisy: Signal[] = [{ detector: 'x', kind: 'x.y', score: Number.NaN, reasons: [] }];
  assert.deepEqual(chainSignals({ event, time: BASE, subject: 'a', conversation, account: null, signals: noisy }), []);
  assert.equal(conversation.chain?.messagesBy.a.count, 1);
});
