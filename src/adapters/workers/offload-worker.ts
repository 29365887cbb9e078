// Worker side of src/adapters/workers/offload.ts: builds the detector once, then answers detection requests.
import { parentPort, workerData } from 'node:worker_threads';
import type { Detector } from '../../core/detector.ts';
import type { ChainEvent } from '../../core/events.ts';

const { module, factory } = workerData as { module: string; factory: string };
const detector = ((await import(module)) as Record<string, () => Detector>)[factory]();
const context = { now: 0, stagesSeen: new Set<string>() };

async function answer({ id, event }: { id: number; event: ChainEvent }) {
  try {
    return { id, detection: await detector.detect(event, context) };
  } catch (error) {
    return { id, error: (error as Error).message };
  }
}

/** Answers go back this many at a time, so the main thread can decide the first events while the rest are analysed. */
const ANSWER_CHUNK = 25;

// A batch's events come in one message and go back in a few (a message per event cost the main thread ~15 µs each).
parentPort!.on('message', async (requests: { id: number; event: ChainEvent }[]) => {
  let answers = [];
  for (const request of requests) {
    answers.push(await answer(request));
    if (answers.length === ANSWER_CHUNK) {
      parentPort!.postMessage(answers);
      answers = [];
    }
  }
  if (answers.length) parentPort!.postMessage(answers);
});
