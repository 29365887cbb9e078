import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createKeywordTextDetector } from '../../src/core/detectors/keyword-text.ts';
import { Engine } from '../../src/core/engine/engine.ts';
import { MemoryWorkspace } from '../../src/core/engine/workspace.ts';
import { parseEvent, type ChainEvent } from '../../src/core/events.ts';
import { parseRuleText } from '../../src/core/rules/evaluate.ts';
import type { RuleFile } from '../../src/core/rules/schema.ts';
import { at, message, scamConversation } from '../helpers/fixtures.ts';

function defaultRules(): RuleFile {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  if (!parsed.ok) throw new Error('default rules invalid');
  return parsed.rules;
}

const workspaces = new WeakMap<Engine, MemoryWorkspace>();

/** Each engine of a test decides in one in-memory workspace, as one ingest stream would. */
async function run(engine: Engine, event: ChainEvent) {
  let workspace = workspaces.get(engine);
  if (!workspace) workspaces.set(engine, (workspace = new MemoryWorkspace()));
  return engine.process(event, workspace);
}

test('a whole scam conversation reaches every stage in order, with timings and spans', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const script = scamConversation();
  for (const { event, stage } of script) {
    const { decision } = await run(engine, event);
    const fresh = decision.stages.new.map((s) => s.stage);
    if (stage === 'none') assert.deepEqual(fresh, [], `${event.id} should show no new stage`);
    else assert.ok(fresh.includes(stage as never), `${event.id} should reach ${stage}, got ${fresh}`);
  }
  const last = await run(engine, message({ text: 'ok', minute: 80 }));
  assert.deepEqual(last.decision.stages.reached.sort(), ['app_lure', 'escalation', 'first_contact', 'offplatform', 'payment', 'threat']);
  assert.equal(last.conversation?.suspect, 'scammer');
  assert.equal(last.conversation?.flagged, true);
  assert.equal(last.conversation?.stages.threat?.first, Date.parse(at(70)));
});

test('each stage gets the decision the default rules promise', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const verdicts = new Map<string, { verdict: string; actions: string[] }>();
  for (const { event, stage } of scamConversation()) {
    const { decision } = await run(engine, event);
    verdicts.set(stage, { verdict: decision.verdict, actions: decision.actions.map((a) => `${a.type}:${a.target.id}`) });
  }
  assert.equal(verdicts.get('first_contact')!.verdict, 'allow');
  assert.ok(verdicts.get('app_lure')!.actions.includes('warn_recipient:victim'), 'the target is warned before installing');
  assert.ok(verdicts.get('app_lure')!.actions.some((a) => a.startsWith('hold_link:')));
  assert.equal(verdicts.get('app_lure')!.verdict, 'hold');
  assert.ok(verdicts.get('threat')!.actions.includes('restrict_account:scammer'));
  assert.ok(verdicts.get('threat')!.actions.includes('hide_social_graph:scammer'));
  assert.ok(verdicts.get('threat')!.actions.includes('queue_review:conv-1'));
  assert.equal(verdicts.get('threat')!.verdict, 'restrict');
  assert.equal(verdicts.get('payment')!.verdict, 'restrict');
});

test('decisions carry the spans of the words that triggered each stage', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const text = 'please install this app, my audio is broken';
  const { decision } = await run(engine, message({ text, minute: 1 }));
  const lure = decision.signals.find((s) => s.stage === 'app_lure');
  assert.ok(lure);
  const spans = lure.reasons.flatMap((r) => r.spans ?? []);
  assert.ok(spans.length > 0);
  for (const span of spans) assert.equal(text.slice(span.start, span.end), span.text);
});

test('ordinary video-call and money talk stays allowed', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const lines = ['want to facetime later tonight?', 'I owe you for dinner, sending it tomorrow', 'see you at the cafe at 7'];
  for (const [i, text] of lines.entries()) {
    const { decision } = await run(engine, message({ conversation: 'friends', sender: 'bob', to: 'amy', text, minute: i }));
    assert.equal(decision.verdict, 'allow', text);
  }
});

test('account risk reflects request bursts, repeated openers, reports and location mismatch, with reasons', async () => {
  const engine = new Engine({ detectors: [], rules: defaultRules });
  const e = (over: object, minute: number, id: string) => {
    const parsed = parseEvent({ id, tenant: 'acme', time: at(minute), ...over });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.event;
  };
  await run(engine, e({ type: 'account.created', account: { id: 'fake', declared_location: { country: 'US' }, observed_location: { country: 'NG' } } }, 0, 'acc'));
  for (let i = 0; i < 25; i++) await run(engine, e({ type: 'connection.requested', from: 'fake', to: `u${i}` }, 1 + i, `req${i}`));
  for (let i = 0; i < 6; i++) await run(engine, message({ conversation: `c${i}`, sender: 'fake', to: `u${i}`, text: `Hi dear ${i}, you look so handsome today!`, minute: 30 + i, id: `op${i}` }));
  await run(engine, e({ type: 'report.filed', reporter: 'u1', reported: 'fake', category: 'sextortion' }, 60, 'rep'));
  const { decision } = await run(engine, message({ conversation: 'c9', sender: 'fake', to: 'u9', text: 'hello', minute: 61, id: 'last' }));
  const codes = decision.risk!.reasons.map((r) => r.code).sort();
  // The sextortion report made the threat rule restrict the account, and the restriction is a risk factor too.
  assert.deepEqual(codes, ['account_restricted', 'location_mismatch', 'low_acceptance', 'new_account', 'repeated_opener', 'reported_for_sextortion', 'request_burst', 'thin_profile']);
  assert.ok(decision.risk!.score > 0.7, `score ${decision.risk!.score}`);
});

test('a failing detector is reported and the event is still decided', async () => {
  const broken = { name: 'broken', eventTypes: ['message.sent' as const], detect: () => { throw new Error('boom'); } };
  const engine = new Engine({ detectors: [broken, createKeywordTextDetector()], rules: defaultRules });
  const outcome = await run(engine, message({ text: 'hello', minute: 0 }));
  assert.deepEqual(outcome.detectorErrors, [{ detector: 'broken', message: 'boom' }]);
  assert.equal(outcome.decision.verdict, 'allow');
});

test('the engine keeps no state of its own: it reads and changes only the workspace it is given', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const first = message({ text: 'hi there friend', minute: 0, id: 'first' });
  const lure = message({ text: 'install this app, my audio is broken', minute: 5, id: 'lure' });
  const used = new MemoryWorkspace();
  await engine.process(first, used);
  const decided = await engine.process(lure, used);
  assert.equal(decided.conversation?.messageCount, 2);
  assert.ok(decided.conversation?.stages.app_lure);

  const untouched = new MemoryWorkspace();
  const fresh = await engine.process(message({ text: 'ok', minute: 6, id: 'after' }), untouched);
  assert.equal(fresh.conversation?.messageCount, 1, 'nothing leaked from the other workspace');
  assert.equal(fresh.conversation?.stages.app_lure, undefined);
  assert.equal(used.conversations.size, 1);
  assert.equal(untouched.conversations.size, 1);
});

test('an event stamped before its account was created reads as a brand-new account, never a negative age', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const created = parseEvent({ id: 'acc', tenant: 't1', type: 'account.created', time: '2026-11-01T10:00:00Z', account: { id: 'scammer', created_at: '2026-11-01T10:00:00Z', photos: [] } });
  assert.ok(created.ok);
  await run(engine, created.event);
  const early = parseEvent({ id: 'm-1971', tenant: 't1', type: 'message.sent', time: '1971-01-01T00:00:00Z', conversation_id: 'c', sender: 'scammer', recipients: ['v'], text: 'hi' });
  assert.ok(early.ok);
  const { decision } = await run(engine, early.event);
  const messages = JSON.stringify(decision);
  assert.doesNotMatch(messages, /-\d+(\.\d+)? days old/);
  assert.match(messages, /account is 0\.0 days old/);
});

test('a target who flirts back first is not the suspect: the restriction and the case fall on the one who threatens', async () => {
  const engine = new Engine({ detectors: [createKeywordTextDetector()], rules: defaultRules });
  const conversation = 'conv-reply-first';
  const m = (minute: number, text: string, from: string, to: string) => message({ conversation, sender: from, to, text, minute, id: `${conversation}-${minute}` });
  const script = [
    m(0, 'hi handsome, you look kind', 'scammer', 'victim'),
    // The target's reply in kind is the conversation's first attack stage, by the target.
    m(4, 'haha take off your shirt for me too', 'victim', 'scammer'),
    m(30, "let's continue on skype, add me live:anna.sweet22", 'scammer', 'victim'),
    m(55, 'my audio is not working, install this app to fix it http://voicefix.example/fix.apk', 'scammer', 'victim'),
    m(70, 'i recorded your video. i will send the video to all your contacts and family', 'scammer', 'victim'),
    m(72, 'ok ok I will pay 500 usd by western union, please stop', 'victim', 'scammer'),
  ];
  const outcomes = [];
  for (const event of script) outcomes.push(await run(engine, event));
  assert.equal(outcomes[1]!.conversation?.stages.escalation?.by, 'victim', 'the fixture must have the target reach escalation first');
  const targets = outcomes.flatMap((o) => o.decision.actions.map((a) => `${a.type}:${a.target.id}`));
  assert.ok(targets.includes('restrict_account:scammer'), targets.join(' '));
  assert.ok(!targets.includes('restrict_account:victim') && !targets.includes('hide_social_graph:victim'), targets.join(' '));
  assert.ok(!targets.includes('warn_recipient:scammer'), 'the target’s own message warns the target, never the extorter');
  assert.equal(outcomes.at(-1)!.conversation?.suspect, 'scammer');
  assert.equal(outcomes.at(-1)!.caseIntent?.suspect, 'scammer');
  assert.equal(outcomes.at(-1)!.caseIntent?.victim, 'victim');
});
