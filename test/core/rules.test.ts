import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { evaluateRules, parseRuleText, type RuleInput } from '../../src/core/rules/evaluate.ts';

const input = (over: Partial<RuleInput> = {}): RuleInput => ({
  eventType: 'message.sent',
  signals: [],
  stagesReached: ['first_contact'],
  newStages: [],
  attackStages: 0,
  accountRisk: 0,
  minutesSinceFirstContact: 5,
  ...over,
});

test('the default rule file is valid', () => {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  assert.equal(parsed.ok, true);
});

test("the default rules warn a risky account's move to another app only when the move is said clearly", () => {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  assert.ok(parsed.ok);
  // Acts are read from a low score for recall (docs/detection.md); a warning on the account's risk alone needs more.
  const move = (score: number) => input({ signals: [{ detector: 'text', kind: 'text.offplatform', stage: 'offplatform', score }], newStages: ['offplatform'], stagesReached: ['first_contact', 'offplatform'], accountRisk: 0.6 });
  assert.ok(evaluateRules(parsed.rules, move(0.9)).matchedRules.includes('offplatform-from-risky-account'));
  assert.ok(!evaluateRules(parsed.rules, move(0.12)).matchedRules.includes('offplatform-from-risky-account'));
});

test('invalid rule files are rejected with the path of each problem', () => {
  const cases: [string, string][] = [
    ['version: 2\nrules: []', 'version'],
    ['version: 1\nrules:\n  - id: A B\n    description: x\n    when: { stage_reached: threat }\n    actions: [warn_recipient]', 'rules.0.id'],
    ['version: 1\nrules:\n  - id: a\n    description: x\n    when: { stage_reached: dancing }\n    actions: [warn_recipient]', 'rules.0.when'],
    ['version: 1\nrules:\n  - id: a\n    description: x\n    when: { stage_reached: threat }\n    actions: [explode]', 'rules.0.actions.0'],
    ['version: 1\nrules:\n  - id: a\n    description: x\n    when: { stage_reached: threat }\n    actions: []', 'rules.0.actions'],
    ['version: 1\nrules:\n  - { id: a, description: x, when: { stage_reached: threat }, actions: [warn_recipient] }\n  - { id: a, description: y, when: { stage_reached: threat }, actions: [warn_recipient] }', 'rules.1.id'],
    ['version: 1\nrules: [\n', '(file)'],
  ];
  for (const [text, path] of cases) {
    const parsed = parseRuleText(text);
    assert.equal(parsed.ok, false, text);
    if (!parsed.ok) assert.ok(parsed.errors.some((e) => e.path === path), `${path} in ${JSON.stringify(parsed.errors)}`);
  }
});

const file = (yaml: string) => {
  const parsed = parseRuleText(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.rules;
};

test('conditions combine signals, stages, risk and timing', () => {
  const rules = file(`
version: 1
rules:
  - id: lure
    description: app lure by a risky account soon after first contact
    when:
      all:
        - signal: { kind: "text.*", stage: app_lure, min_score: 0.6 }
        - account_risk_at_least: 0.3
        - minutes_since_first_contact_at_most: 60
        - not: { event_type: report.filed }
    actions: [warn_recipient, { type: queue_review, queue: urgent, priority: 0 }]
`);
  const lure = { detector: 'text', kind: 'text.app_lure', stage: 'app_lure' as const, score: 0.8 };
  assert.deepEqual(evaluateRules(rules, input({ signals: [lure], accountRisk: 0.5 })).matchedRules, ['lure']);
  assert.deepEqual(evaluateRules(rules, input({ signals: [{ ...lure, score: 0.5 }], accountRisk: 0.5 })).matchedRules, []);
  assert.deepEqual(evaluateRules(rules, input({ signals: [lure], accountRisk: 0.1 })).matchedRules, []);
  assert.deepEqual(evaluateRules(rules, input({ signals: [lure], accountRisk: 0.5, minutesSinceFirstContact: 90 })).matchedRules, []);
  const actions = evaluateRules(rules, input({ signals: [lure], accountRisk: 0.5 })).actions;
  assert.deepEqual(actions.map((a) => [a.type, a.queue ?? null]), [['warn_recipient', null], ['queue_review', 'urgent']]);
});

test('shadow rules and shadow files record actions without enforcing them', () => {
  const yaml = (mode: string, shadow: boolean) => `
version: 1
mode: ${mode}
rules:
  - { id: t, description: threat, shadow: ${shadow}, when: { new_stage: threat }, actions: [restrict_account] }
`;
  const hit = input({ newStages: ['threat'] });
  const enforced = evaluateRules(file(yaml('enforce', false)), hit);
  assert.deepEqual([enforced.actions.length, enforced.shadowActions.length], [1, 0]);
  for (const shadowed of [evaluateRules(file(yaml('enforce', true)), hit), evaluateRules(file(yaml('shadow', false)), hit)]) {
    assert.deepEqual([shadowed.actions.length, shadowed.shadowActions.length], [0, 1]);
    assert.equal(shadowed.shadowActions[0].shadow, true);
  }
});

test('disabled rules never match and duplicate actions collapse to the most urgent', () => {
  const rules = file(`
version: 1
rules:
  - { id: a, description: a, when: { attack_stages_at_least: 1 }, actions: [{ type: queue_review, priority: 5 }] }
  - { id: b, description: b, when: { attack_stages_at_least: 2 }, actions: [{ type: queue_review, priority: 1 }] }
  - { id: c, description: c, enabled: false, when: { attack_stages_at_least: 1 }, actions: [restrict_account] }
`);
  const result = evaluateRules(rules, input({ attackStages: 2 }));
  assert.deepEqual(result.matchedRules, ['a', 'b']);
  assert.equal(result.actions.length, 1);
  assert.equal(result.actions[0].priority, 1);
});

test('a rule file parsed again after an edit is evaluated with its new conditions, the old one with its own', () => {
  const file = (stage: string) => {
    const parsed = parseRuleText(`version: 1\nrules:\n  - { id: r, description: x, when: { all: [ { stage_reached: ${stage} }, { not: { event_type: report.filed } } ] }, actions: [warn_recipient] }`);
    assert.ok(parsed.ok);
    return parsed.rules;
  };
  const before = file('threat');
  const after = file('payment');
  const threat = input({ stagesReached: ['first_contact', 'threat'] });
  const payment = input({ stagesReached: ['first_contact', 'payment'] });
  // Each evaluated twice: a compiled condition must give the same answer on every call.
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(evaluateRules(before, threat).matchedRules, ['r']);
    assert.deepEqual(evaluateRules(before, payment).matchedRules, []);
    assert.deepEqual(evaluateRules(after, threat).matchedRules, []);
    assert.deepEqual(evaluateRules(after, payment).matchedRules, ['r']);
    assert.deepEqual(evaluateRules(after, { ...payment, eventType: 'report.filed' }).matchedRules, []);
  }
});
