// `text eval-conversations --split dev --cv K`: each dev line must be read by a model that never trained on its
// source family, or the dev proxy flatters the per-message detector as the shipped model does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { textModel } from '../../src/modules/text/default-model.ts';
import type { TextModel } from '../../src/modules/text/model.ts';
import { outOfFoldTextDetector } from '../../tools/text/conversation-cv.ts';
import type { LinePools, PoolLine } from '../../tools/text/conversation-lines.ts';

function pools(split: 'dev' | 'test'): LinePools {
  const line = (text: string, family: string, labels: TextLabel[] = []): PoolLine => ({ text, lang: 'en', labels, source: `${family}-doc`, family });
  const scam = Object.fromEntries(TEXT_LABELS.map((l) => [l, [] as PoolLine[]])) as unknown as Record<TextLabel, PoolLine[]>;
  for (let i = 0; i < 12; i++) scam.threat.push(line(`i will send your video to all your contacts ${i}`, `family-${i}`, ['threat']));
  // One text in two families: the second family's fold may differ, and the report must count it.
  scam.payment.push(line('pay me now', 'family-a', ['payment']), line('pay me now', 'family-b', ['payment']));
  return { split, scam, scamChatter: [line('hi there', 'family-3')], victim: [line('please stop', 'family-5')], ordinary: [line('see you at 7', 'family-friends')], ham: [], written: [], notes: [] };
}

test('every dev line is read by the model of the fold that left its family out of training', () => {
  const excluded: ReadonlySet<string>[] = [];
  const build = (exclude: ReadonlySet<string>): TextModel => (excluded.push(exclude), textModel());
  const oof = outOfFoldTextDetector(pools('dev'), 5, build);
  assert.equal(excluded.length, 5);
  const all = pools('dev');
  const lines = [...Object.values(all.scam).flat(), ...all.scamChatter, ...all.victim, ...all.ordinary];
  for (const l of lines.filter((x) => x.text !== 'pay me now')) assert.ok(oof.heldOut(oof.foldOf(l.text)).has(l.family), `${l.text} read by a model trained on ${l.family}`);
  // The folds partition the families: each is left out exactly once.
  const families = new Set(lines.map((l) => l.family));
  assert.equal(oof.info.families, families.size);
  for (const family of families) assert.equal(excluded.filter((set) => set.has(family)).length, 1, family);
  assert.deepEqual(excluded, [0, 1, 2, 3, 4].map((f) => oof.heldOut(f)));
});

test('the out-of-fold detector reads with its models and refuses the test split', async () => {
  const oof = outOfFoldTextDetector(pools('dev'), 3, () => textModel());
  const event = { id: 'e1', tenant: 't', type: 'message.sent', time: '2026-11-01T10:00:00Z', conversation_id: 'c', sender: 'a', recipients: ['b'], text: 'i will send your video to all your contacts 1', attachments: [] };
  const detection = await oof.detector.detect(event as never, {} as never);
  assert.ok(detection.signals.some((s) => s.kind === 'text.threat'));
  assert.throws(() => outOfFoldTextDetector(pools('test'), 5, () => textModel()), /dev lines only/);
});
