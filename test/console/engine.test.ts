// The console over the real engine: demo traffic in, then what the case page, the dashboard and the rule
// editor show. Uses createChainbreak on an in-memory store, like the server does on disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createChainbreak, type Chainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createKeywordTextDetector } from '../../src/core/detectors/keyword-text.ts';
import { buildCaseView } from '../../src/modules/console/case-view.ts';
import { buildDashboard } from '../../src/modules/console/dashboards.ts';
import { CaseQueue } from '../../src/modules/console/queue.ts';
import { previewRules, validateRules } from '../../src/app/rule-preview.ts';
import type { Signal } from '../../src/core/signals.ts';
import { demoEvents } from './scam-fixture.ts';

let cb: Chainbreak;
before(async () => {
  // The core's keyword detector keeps the stages of the scripted chat fixed while the text module evolves.
  const config = loadConfig(undefined, { dataDir: ':memory:', logLevel: 'silent', bootstrapKey: false });
  cb = await createChainbreak(config, { background: false, detectors: [createKeywordTextDetector()] });
  await cb.ingest.ingest(demoEvents({ scams: 2, ordinary: 3 }));
});
after(() => cb.close());

test('the case page shows the kill chain in order with timings and the exact triggering words', async () => {
  const queue = new CaseQueue(cb.db);
  const { cases, total } = await queue.list({});
  assert.equal(total, 2, 'one case per scam conversation, none for ordinary chats');
  const view = await buildCaseView({ db: cb.db }, cases[0]);
  assert.deepEqual(view.stages.map((s) => s.stage), ['first_contact', 'offplatform', 'app_lure', 'threat', 'payment']);
  assert.deepEqual(view.stages.map((s) => s.sincePreviousMs), [null, 7 * 60_000, 22 * 60_000, 27 * 60_000, 3 * 60_000]);
  // The marks sit exactly on the spans the detectors gave as reasons for the threat stage.
  const threat = view.messages.find((m) => m.text?.startsWith('I have your video'))!;
  const decision = await cb.db.selectFrom('decisions').select('signals').where('event_id', '=', threat.eventId).executeTakeFirstOrThrow();
  const spans = (JSON.parse(decision.signals) as Signal[])
    .filter((sig) => sig.stage === 'threat')
    .flatMap((sig) => sig.reasons.flatMap((r) => r.spans ?? []))
    .filter((sp) => sp.field === 'text')
    .map((sp) => `${sp.start}-${sp.end}`);
  const marked = threat.marks.filter((m) => m.stage === 'threat').map((m) => `${m.start}-${m.end}`);
  assert.ok(marked.length > 0);
  assert.deepEqual([...new Set(marked)].sort(), [...new Set(spans)].sort());
  assert.ok(threat.marks.every((m) => m.end <= threat.text!.length && m.start < m.end));
  assert.ok(view.messages.find((m) => m.text?.startsWith('hello'))!.marks.length === 0, 'the victim reply carries no marks');
  assert.ok(view.suspect && view.suspect.reasons.length > 0, 'risk reasons are shown');
});

test('the dashboard counts stages and interception from the cases', async () => {
  const dashboard = await buildDashboard(cb.db, undefined, null);
  assert.deepEqual(dashboard.byStage, [{ stage: 'payment', open: 2, total: 2 }]);
  // The default rules warn the target no later than the app-lure message, so both scripted attacks count.
  assert.deepEqual(dashboard.interception, { intercepted: 2, total: 2, share: 1 });
  assert.deepEqual(dashboard.firstContactOnly, { open: 0, total: 0 });
});

test('rule preview: the live rules replay to the live decisions; a shadow-mode file acts on nothing', async () => {
  const live = cb.rules.text;
  const same = await previewRules(cb.db, live);
  assert.ok(same.valid);
  assert.ok(same.events > 10 && same.wouldAct > 0);
  assert.equal(same.changed, 0);
  const shadow = await previewRules(cb.db, live.replace(/^mode: enforce$/m, 'mode: shadow'));
  assert.ok(shadow.valid);
  assert.equal(shadow.wouldAct, 0);
  assert.equal(shadow.changed, same.wouldAct);
  const bad = validateRules('version: 1\nrules:\n  - id: x\n    when: { stage_reached: nowhere }\n    actions: [queue_review]\n');
  assert.equal(bad.valid, false);
  assert.ok(!bad.valid && bad.errors.some((e) => e.path.includes('when')), JSON.stringify(bad));
});
