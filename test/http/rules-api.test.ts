// Rule management as an integrator meets it: the documented example is valid as it stands, mistakes are named
// precisely, and rules that can never match are flagged on validate, preview and deploy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceOverHttp } from '../helpers/service.ts';

const http = serviceOverHttp('admin', ['admin']);

const send = (method: 'POST' | 'PUT', url: string, text: string) =>
  http.app.inject({ method, url, payload: { text }, headers: { authorization: `Bearer ${http.key}` } });
const file = (when: string, actions = '[warn_recipient]') =>
  `version: 1\nrules:\n  - id: r1\n    description: a rule\n    when: ${when}\n    actions: ${actions}\n`;

test('the example in the OpenAPI document validates as it is, with no warnings', async () => {
  await http.app.ready();
  const doc = http.app.swagger() as unknown as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { example?: { text: string } }> } }>> };
  for (const [path, method] of [['/v1/rules/validate', 'post'], ['/v1/rules/preview', 'post'], ['/v1/rules', 'put']]) {
    const example = doc.paths[path][method].requestBody.content['application/json'].example;
    assert.ok(example, `${method} ${path} documents an example`);
    const response = await send('POST', '/v1/rules/validate', example.text);
    assert.deepEqual(response.json(), { valid: true, rules: 1, warnings: [] });
  }
});

test('a rule on a kind nothing emits is valid but warned about on validate, preview and deploy', async () => {
  // The PDQ detector declares its kinds; "resued" is a typo of "reused".
  const text = file('{ signal: { kind: "photo.resued", min_score: 0.7 } }');
  const validated = (await send('POST', '/v1/rules/validate', text)).json();
  assert.equal(validated.valid, true);
  assert.deepEqual(validated.warnings.map((w: { path: string }) => w.path), ['rules.0.when.signal.kind']);
  assert.match(validated.warnings[0].message, /photo\.resued/);

  const preview = (await send('POST', '/v1/rules/preview', text)).json();
  assert.equal(preview.warnings.length, 1);

  const before = http.cb.rules.text;
  const deployed = await send('PUT', '/v1/rules', text);
  assert.equal(deployed.statusCode, 200);
  assert.equal(deployed.json().warnings.length, 1, 'deploying says the active rule cannot match');
  const active = await http.app.inject({ method: 'GET', url: '/v1/rules', headers: { authorization: `Bearer ${http.key}` } });
  assert.equal(active.json().warnings.length, 1, 'and so does reading the active rules');
  assert.equal(http.cb.rules.replace(before), null, 'restored');
});

test('a misspelt action or condition is named, not "Invalid input"', async () => {
  const action = (await send('POST', '/v1/rules/validate', file('{ new_stage: threat }', '[warn_recipent]'))).json();
  assert.equal(action.valid, false);
  assert.deepEqual(action.errors, [{ path: 'rules.0.actions.0', message: action.errors[0].message }]);
  assert.match(action.errors[0].message, /unknown action "warn_recipent"; actions are warn_recipient,/);

  const condition = (await send('POST', '/v1/rules/validate', file('{ all: [{ new_stage: threat }, { stage: payment }] }'))).json();
  assert.equal(condition.errors[0].path, 'rules.0.when');
  assert.match(condition.errors[0].message, /^all\.1: unknown condition "stage"; conditions are all, any, not, signal, stage_reached/);
});
