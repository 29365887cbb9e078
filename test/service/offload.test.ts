import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTextDetector } from '../../src/modules/text/index.ts';
import { offloadDetector } from '../../src/adapters/workers/offload.ts';
import { scamConversation } from '../helpers/fixtures.ts';

const context = { now: 0, stagesSeen: new Set<string>() };
const fixture = new URL('../fixtures/offload-detector.ts', import.meta.url).href;

test('an offloaded text detector gives exactly the in-process result, prepared or not', async () => {
  const offloaded = await offloadDetector({ module: new URL('../../src/modules/text/index.ts', import.meta.url).href, factory: 'createTextDetector', name: 'text', eventTypes: ['message.sent'], threads: 2 });
  try {
    const local = createTextDetector();
    const events = scamConversation('offload').map((s) => s.event);
    offloaded.prepare!(events.slice(0, 4));
    for (const event of events) assert.deepEqual(await offloaded.detect(event, context), await local.detect(event, context), event.id);
  } finally {
    await offloaded.close!();
  }
});

test('work really runs in the worker threads', async () => {
  const offloaded = await offloadDetector({ module: fixture, factory: 'createThreadReporter', name: 'thread-reporter', eventTypes: ['message.sent'], threads: 1 });
  try {
    const [event] = scamConversation('threads').map((s) => s.event);
    const detection = await offloaded.detect(event, context);
    assert.equal(detection.signals[0].kind, 'thread.worker');
  } finally {
    await offloaded.close!();
  }
});

test('a detector that cannot run in a worker falls back to the main thread instead of failing', async () => {
  const offloaded = await offloadDetector({ module: fixture, factory: 'createWorkerHostile', name: 'hostile', eventTypes: ['message.sent'], threads: 1 }).catch((error: Error) => error);
  if (offloaded instanceof Error) {
    // Starting the pool may already report the worker's failure; then no detector is handed out at all.
    assert.match(offloaded.message, /refuses to start in a worker/);
    return;
  }
  try {
    const [event] = scamConversation('hostile').map((s) => s.event);
    const detection = await offloaded.detect(event, context);
    assert.equal(detection.signals[0].kind, 'thread.main');
  } finally {
    await offloaded.close!();
  }
});
