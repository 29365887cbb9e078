// Properties of the engine over generated event sequences (test/helpers/event-arbitraries.ts, every event type):
// it never throws on valid input, it is a function of state and event (two fresh workspaces give the same
// outcomes), and the ingest path (validation, batch workspace, SQLite store) decides exactly as the in-memory
// replay does. Runs: 50 per property here, CHAINBREAK_FUZZ_RUNS in CI's larger run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { createKeywordTextDetector } from '../../src/core/detectors/keyword-text.ts';
import { Engine, type Outcome } from '../../src/core/engine/engine.ts';
import { MemoryWorkspace } from '../../src/core/engine/workspace.ts';
import { ChainEvent, EVENT_TYPES, type EventType } from '../../src/core/events.ts';
import type { Linker } from '../../src/core/linker.ts';
import { parseRuleText } from '../../src/core/rules/evaluate.ts';
import type { RuleFile } from '../../src/core/rules/schema.ts';
import { PROPERTY_RUNS, parseAll, rawEventArbitrary, rawSequenceArbitrary } from '../helpers/event-arbitraries.ts';
import { startTestService } from '../helpers/service.ts';

const RULES: RuleFile = (() => {
  const parsed = parseRuleText(readFileSync('rules/default.yaml', 'utf8'));
  if (!parsed.ok) throw new Error('rules/default.yaml is invalid');
  return parsed.rules;
})();

/** The engine as `chainbreak rules test` builds it: the stable keyword detector and the default rules. */
function engine(): Engine {
  return new Engine({ detectors: [createKeywordTextDetector()], rules: () => RULES });
}

async function replay(events: readonly ChainEvent[], workspace = new MemoryWorkspace()): Promise<Outcome[]> {
  const e = engine();
  const outcomes: Outcome[] = [];
  for (const event of events) outcomes.push(await e.process(event, workspace));
  return outcomes;
}

test('the generators make valid events of every type, and only valid ones', () => {
  for (const type of EVENT_TYPES) {
    for (const raw of fc.sample(rawEventArbitrary(type), { numRuns: 200, seed: 11 })) {
      const parsed = ChainEvent.safeParse({ id: 'evt-x', ...raw });
      assert.ok(parsed.success, `${type}: ${JSON.stringify(raw)} → ${parsed.success ? '' : parsed.error.message}`);
      assert.equal(parsed.data.type, type);
    }
  }
  const seen = new Set<EventType>();
  for (const sequence of fc.sample(rawSequenceArbitrary(), { numRuns: 100, seed: 12 })) for (const e of sequence) seen.add(e.type as EventType);
  assert.deepEqual([...seen].sort(), [...EVENT_TYPES].sort(), 'sequences hold every event type');
});

test('Engine.process never throws on any valid event sequence', async () => {
  await fc.assert(
    fc.asyncProperty(rawSequenceArbitrary({ maxLength: 30 }), async (raw) => {
      const outcomes = await replay(parseAll(raw));
      for (const [i, outcome] of outcomes.entries()) {
        assert.equal(outcome.decision.event_id, raw[i].id);
        assert.deepEqual(outcome.detectorErrors, [], 'no detector failed');
      }
    }),
    { numRuns: PROPERTY_RUNS, seed: 2026_12_02 },
  );
});

test('replaying the same events into two fresh workspaces gives identical outcomes', async () => {
  await fc.assert(
    fc.asyncProperty(rawSequenceArbitrary(), async (raw) => {
      const events = parseAll(raw);
      const first = await replay(events);
      const second = await replay(events);
      assert.deepEqual(second, first);
    }),
    { numRuns: PROPERTY_RUNS, seed: 2026_12_03 },
  );
});

test('ingest through IngestService on a fresh SQLite store decides as the in-memory replay', async () => {
  // Crew linking is off on both sides (the in-memory workspace has no rings); the rings' own property tests
  // cover linking. A linker that links nothing keeps the ingest path's ring plumbing in the loop.
  const noLinking: Linker = { observe: () => ({ signals: [], changes: [] }), recordFacts: () => [] };
  await fc.assert(
    fc.asyncProperty(rawSequenceArbitrary({ maxLength: 20 }), fc.integer({ min: 1, max: 20 }), async (raw, batchSize) => {
      const expected = (await replay(parseAll(raw))).map((o) => o.decision);
      const cb = await startTestService({}, { detectors: [createKeywordTextDetector()], linker: noLinking });
      try {
        const decided = [];
        for (let i = 0; i < raw.length; i += batchSize) decided.push(...(await cb.ingest.ingest(raw.slice(i, i + batchSize))));
        assert.deepEqual(decided.map((r) => r.duplicate), raw.map(() => false));
        assert.deepEqual(decided.map((r) => r.decision), expected);
      } finally {
        await cb.cleanup();
      }
    }),
    { numRuns: Math.max(1, Math.round(PROPERTY_RUNS / 5)), seed: 2026_12_04 },
  );
});

test('with crew linking on, ingest decides as the in-memory replay over the same rings service', async () => {
  // The in-memory side links through a RingService of its own (on a second fresh store it never writes to), so
  // both sides run the same linking code: ingest stores the ring changes in each batch's transaction, the replay
  // only keeps them in memory. Ring signals must not depend on which of the two happened.
  await fc.assert(
    fc.asyncProperty(rawSequenceArbitrary({ maxLength: 20 }), fc.integer({ min: 1, max: 20 }), async (raw, batchSize) => {
      const memory = await startTestService({}, { detectors: [createKeywordTextDetector()] });
      const cb = await startTestService({}, { detectors: [createKeywordTextDetector()] });
      try {
        const expected = (await replay(parseAll(raw), new MemoryWorkspace(memory.services.rings!))).map((o) => o.decision);
        const decided = [];
        for (let i = 0; i < raw.length; i += batchSize) decided.push(...(await cb.ingest.ingest(raw.slice(i, i + batchSize))));
        assert.deepEqual(decided.map((r) => r.decision), expected);
      } finally {
        await cb.cleanup();
        await memory.cleanup();
      }
    }),
    { numRuns: Math.max(1, Math.round(PROPERTY_RUNS / 5)), seed: 2026_12_05 },
  );
});
