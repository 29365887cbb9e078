import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RulesHolder } from '../../src/app/rules-holder.ts';
import { tempDir } from '../helpers/service.ts';

const ONE_RULE = `version: 1
rules:
  - { id: only, description: only rule, when: { new_stage: threat }, actions: [restrict_account] }
`;

test('the rule file hot-reloads when it changes on disk; an invalid edit keeps the old rules', async () => {
  const path = join(tempDir(), 'rules.yaml');
  copyFileSync('rules/default.yaml', path);
  const holder = new RulesHolder(path);
  const before = holder.rules.rules.length;
  holder.watch(50);
  try {
    writeFileSync(path, ONE_RULE);
    for (let i = 0; i < 60 && holder.rules.rules.length === before; i++) await sleep(50);
    assert.deepEqual(holder.rules.rules.map((r) => r.id), ['only']);
    assert.equal(holder.status().version, 2);

    writeFileSync(path, 'version: 1\nrules: [ { id: broken } ]\n');
    for (let i = 0; i < 60 && !holder.status().lastError; i++) await sleep(50);
    assert.deepEqual(holder.rules.rules.map((r) => r.id), ['only'], 'still the last valid rules');
    assert.ok(holder.status().lastError!.errors.some((e) => e.path.startsWith('rules.0')));
  } finally {
    holder.close();
  }
});

test('replace validates before writing, so an invalid file is never written or applied', () => {
  const path = join(tempDir(), 'rules.yaml');
  copyFileSync('rules/default.yaml', path);
  const holder = new RulesHolder(path);
  const errors = holder.replace('version: 1\nrules: 5\n');
  assert.ok(errors && errors[0].path === 'rules');
  assert.equal(holder.text.includes('app-lure'), true);
  assert.equal(holder.replace(ONE_RULE), null);
  assert.deepEqual(holder.rules.rules.map((r) => r.id), ['only']);
});
