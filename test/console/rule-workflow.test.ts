import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsole } from '../../src/modules/console/index.ts';
import { backtestRules, lineDiff } from '../../src/modules/console/rule-workflow.ts';
import { validateRules } from '../../src/app/rule-preview.ts';
import { rulePrecision } from '../../src/modules/console/dashboards.ts';
import { insertCase, memoryDb } from './helpers.ts';

const rule = (id: string, kind: string) => `  - id: ${id}\n    description: ${id}\n    when: { signal: { kind: "${kind}", min_score: 0.5 } }\n    actions: [warn_recipient]\n`;
const file = (...rules: string[]) => `version: 1\nrules:\n${rules.join('')}`;
const admin = { id: 'a', username: 'lead', role: 'admin' as const, tenant: null };
const mod = { id: 'm', username: 'mod', role: 'moderator' as const, tenant: null };

async function withDecisions() {
  const db = await memoryDb();
  const input = (kind: string) => JSON.stringify({ event: { type: 'message.sent' }, signals: [{ detector: 'text', kind, score: 0.9, reasons: [] }], conversation: null, account: null });
  const rows = [
    ['e1', 'conv-a', 'text.threat', [{ type: 'warn_recipient', rule: 'threat' }]],
    ['e2', 'conv-b', 'text.app_lure', []],
    ['e3', 'conv-c', 'text.threat', [{ type: 'warn_recipient', rule: 'threat' }]],
  ] as const;
  for (const [id, conv, kind, actions] of rows) {
    await db.insertInto('decisions').values({ tenant: 't1', event_id: id, time: 1, conversation_id: conv, account: 's', verdict: 'act', actions: JSON.stringify(actions), shadow_actions: '[]', signals: '[]', reasons: '[]', rule_input: input(kind) }).execute();
  }
  return db;
}

test('misspelled keys are errors, by name', () => {
  const check = validateRules(file(rule('threat', 'text.threat')).replace('min_score', 'min_scor'));
  assert.equal(check.valid, false);
  assert.match(JSON.stringify(check), /min_scor/);
});

test('backtest per rule against stored decisions, with examples where the draft differs', async () => {
  const db = await withDecisions();
  const result = await backtestRules(db, file(rule('threat', 'text.threat'), rule('lure', 'text.app_lure')));
  assert.ok(result.valid);
  if (!result.valid) return;
  assert.deepEqual([result.events, result.changed], [3, 1]);
  const byRule = Object.fromEntries(result.rules.map((r) => [r.rule, r]));
  assert.deepEqual([byRule.threat.live, byRule.threat.candidate, byRule.threat.examples.length], [2, 2, 0]);
  assert.deepEqual([byRule.lure.live, byRule.lure.candidate], [0, 1]);
  assert.equal(byRule.lure.examples[0].eventId, 'e2');
  assert.equal((await backtestRules(db, 'version: 1\nrules: [ { id: x } ]')).valid, false);
});

test('drafts are saved, diffed, deployed only with rules:deploy, audited, and rolled back', async () => {
  const db = await withDecisions();
  let live = file(rule('threat', 'text.threat'));
  const svc = createConsole({ db, rulesSource: () => live, deployRules: (text) => (validateRules(text).valid ? ((live = text), null) : [{ path: '(file)', message: 'invalid' }]) });
  const draft = await svc.ruleWorkflow.saveDraft(mod, { name: 'add lure', source: file(rule('threat', 'text.threat'), rule('lure', 'text.app_lure')) });
  const edited = await svc.ruleWorkflow.saveDraft(mod, { id: draft.id, name: 'add lure rule', source: draft.source });
  assert.equal(edited.name, 'add lure rule');
  assert.deepEqual((await svc.ruleWorkflow.drafts()).map((d) => d.id), [draft.id]);
  const diff = await svc.ruleWorkflow.diff(draft.source);
  assert.ok(diff.some((l) => l.kind === 'add' && l.text.includes('id: lure')));
  assert.ok(!diff.some((l) => l.kind === 'del'));
  assert.deepEqual(lineDiff('a\nb\n', 'a\nc\n').filter((l) => l.kind !== 'same'), [{ kind: 'del', text: 'b' }, { kind: 'add', text: 'c' }]);

  await assert.rejects(svc.ruleWorkflow.deploy(mod, { source: draft.source, reason: 'ship it' }), /rules:deploy/);
  await assert.rejects(svc.ruleWorkflow.deploy(admin, { source: 'version: 2', reason: 'broken' }), /invalid/);
  const before = live;
  const deployed = await svc.ruleWorkflow.deploy(admin, { source: draft.source, reason: 'lure warnings backtested on 3 events', draftId: draft.id });
  assert.equal(live, draft.source);
  const rolled = await svc.ruleWorkflow.rollback(admin, deployed.id, 'too many warnings');
  assert.equal(live, before);
  assert.equal(rolled.rollbackOf, deployed.id);
  const audit = await svc.audit.list();
  assert.deepEqual(audit.map((e) => [e.action, e.actor]), [['rollback_rules', 'lead'], ['deploy_rules', 'lead']]);
  assert.equal(audit[1].details.draftId, draft.id);
  assert.deepEqual((await svc.ruleWorkflow.deploys()).map((d) => d.id).sort(), [deployed.id, rolled.id].sort());
});

test('per-rule precision from moderator verdicts on the cases each rule acted in', async () => {
  const db = await withDecisions();
  await insertCase(db, 'ca', { tenant: 't1', conversation_id: 'conv-a' });
  await insertCase(db, 'cc', { tenant: 't1', conversation_id: 'conv-c' });
  const queue = createConsole({ db }).queue;
  for (const [id, verdict] of [['ca', 'confirmed'], ['cc', 'false_positive']] as const) {
    await queue.claim(id, 'mod');
    await queue.close(id, 'mod', verdict);
  }
  assert.deepEqual(await rulePrecision(db, 't1'), [{ rule: 'threat', confirmed: 1, falsePositive: 1, inconclusive: 0, precision: 0.5 }]);
});
