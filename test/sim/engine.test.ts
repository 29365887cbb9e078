// The simulator's promise to the integration tests: replaying an English scenario through the engine with
// the fallback keyword detector, each stage is first recorded at the event the script meant to show it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createKeywordTextDetector } from '../../src/core/detectors/keyword-text.ts';
import { Engine } from '../../src/core/engine/engine.ts';
import { MemoryWorkspace } from '../../src/core/engine/workspace.ts';
import { parseRuleText } from '../../src/core/rules/evaluate.ts';
import { STAGES } from '../../src/core/signals.ts';
import { scamConversation } from '../../src/sim/scenario.ts';

function rules() {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  if (!parsed.ok) throw new Error('rules/default.yaml does not parse');
  return parsed.rules;
}

test('the engine records each stage of an English scam scenario at the event the script wrote for it', async () => {
  for (const seed of [1, 2, 3, 4]) {
    const scenario = scamConversation({ tenant: 't1', lang: 'en', seed, start: new Date('2026-05-10T18:00:00Z') });
    const engine = new Engine({ detectors: [createKeywordTextDetector()], rules });
    const workspace = new MemoryWorkspace();
    let conversation = null;
    for (const event of scenario.events) {
      const outcome = await engine.process(event, workspace);
      if (outcome.conversation?.id === scenario.conversationId) conversation = outcome.conversation;
    }
    assert.ok(conversation, 'the engine saw the conversation');
    for (const stage of STAGES) {
      assert.equal(conversation.stages[stage]?.eventId, scenario.firstEventOfStage.get(stage), `seed ${seed}: ${stage}`);
    }
    assert.equal(conversation.suspect, scenario.scammer);
  }
});
