// Rules on signal kinds nothing emits validate with a warning (they would never match), and every kind the
// engine and the installed detectors really emit on a scam conversation is one the validator knows.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { parseRuleText } from '../../src/core/rules/evaluate.ts';
import { knownSignals, ruleWarnings } from '../../src/core/rules/signal-kinds.ts';
import { scamConversation } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

function rulesOn(...conditions: string[]) {
  const text = ['version: 1', 'rules:', ...conditions.flatMap((when, i) => [`  - id: r${i}`, '    description: d', `    when: ${when}`, '    actions: [warn_recipient]'])].join('\n');
  const parsed = parseRuleText(text);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.rules;
}

const known = knownSignals([{ name: 'text' }, { name: 'pdq', signalKinds: ['photo.reused', 'photo.bank_match'] }]);

test('kinds and detectors nothing emits are warned about, with the path of the condition', () => {
  const warnings = ruleWarnings(rulesOn('{ signal: { kind: "text.app_lure" } }', '{ all: [{ new_stage: threat }, { signal: { kind: "txt.threat" } }] }', '{ signal: { detector: "apk" } }'), known);
  assert.deepEqual(warnings.map((w) => w.path), ['rules.1.when.all.1.signal.kind', 'rules.2.when.signal.detector']);
  assert.match(warnings[0].message, /"txt\.threat".*rule "r1".*text\.\*/);
});

test('a file with no enabled rule is warned about: deploying it stops every intervention', () => {
  const none = parseRuleText('version: 1\nrules: []\n');
  assert.ok(none.ok);
  assert.deepEqual(ruleWarnings(none.rules, known).map((w) => w.path), ['rules']);
  const disabled = rulesOn('{ new_stage: threat }');
  disabled.rules[0].enabled = false;
  assert.deepEqual(ruleWarnings(disabled, known).map((w) => w.path), ['rules']);
});

test('families match exact kinds and other families both ways; a detector declaring kinds is taken at its word', () => {
  assert.deepEqual(ruleWarnings(rulesOn('{ signal: { kind: "photo.*" } }', '{ signal: { kind: "text.*" } }', '{ signal: { kind: "chain.offplatform" } }', '{ signal: { kind: "report.sextortion" } }'), known), []);
  assert.equal(ruleWarnings(rulesOn('{ signal: { kind: "photo.not_fetched" } }'), known).length, 1, 'pdq declared its kinds, not photo.not_fetched');
  assert.equal(ruleWarnings(rulesOn('{ signal: { kind: "pdq.reused" } }'), known).length, 1, 'no <name>.* is assumed for a detector that declares kinds');
});

test('the default rule file has no warnings, and every kind a scam conversation produces is known', async (t) => {
  const cb = await startTestService();
  t.after(() => cb.cleanup());
  const signals = knownSignals(cb.engine.detectors);
  assert.deepEqual(ruleWarnings(cb.rules.rules, signals), []);
  const emitted = new Set<string>();
  for (const { event } of scamConversation('kinds-conv')) {
    const [result] = await cb.ingest.ingestValid([event]);
    for (const signal of result.decision.signals) emitted.add(signal.kind);
  }
  assert.ok(emitted.size >= 3, [...emitted].join(', '));
  const everyKind = rulesOn(...[...emitted].map((kind) => `{ signal: { kind: "${kind}" } }`));
  assert.deepEqual(ruleWarnings(everyKind, signals), [], `emitted: ${[...emitted].join(', ')}`);
});

test('`chainbreak rules validate` prints the same warnings on stderr and still exits 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'apiqa-rules-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'rules.yaml');
  writeFileSync(file, 'version: 1\nrules:\n  - id: r1\n    description: d\n    when: { signal: { kind: "photo.resued" } }\n    actions: [warn_recipient]\n');
  const cli = join(import.meta.dirname, '..', '..', 'chainbreak');
  const { stdout, stderr } = await promisify(execFile)(cli, ['rules', 'validate', file]);
  assert.match(stdout, /1 rule\(s\), mode enforce, valid/);
  assert.match(stderr, /warning: rules\.0\.when\.signal\.kind: no installed detector emits "photo\.resued"/);
  const clean = await promisify(execFile)(cli, ['rules', 'validate']);
  assert.equal(clean.stderr, '', 'the default rule file has no warnings');
});
