// Golden output: the default rules' decisions for a fixed set of events. A rule change that alters
// any decision must update test/fixtures/golden/default-rules.expected.jsonl on purpose
// (`./chainbreak rules test --events … --expect … --update`, then review the diff).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createKeywordTextDetector } from '../../src/core/detectors/keyword-text.ts';
import { replay, summarise } from '../../src/core/engine/replay.ts';
import { parseEvent } from '../../src/core/events.ts';
import { parseRuleText } from '../../src/core/rules/evaluate.ts';

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('the default rules give the recorded decision for every golden event', async () => {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  assert.ok(parsed.ok);
  const events = lines('test/fixtures/golden/events.jsonl').map((raw) => {
    const result = parseEvent(raw);
    assert.ok(result.ok);
    return result.event;
  });
  const actual = (await replay(events, parsed.rules, [createKeywordTextDetector()])).map(summarise);
  assert.deepEqual(actual, lines('test/fixtures/golden/default-rules.expected.jsonl'));
});
