// Worker side of src/adapters/workers/offload.ts: builds the detector once, then answers detection requests.
import { parentPort, workerData } from 'node:worker_threads';
import type { Detector } from '../../core/detector.ts';
import type { ChainEvent } from '../../core/events.ts';

const { module, factory } = workerData as { module: string; factory: string };
const detector = ((await import(module)) as Record<string, () => Detector>)[factory]();
const context = { now: 0, stagesSeen: new Set<string>() };

parentPort!.on('message', async ({ id, event }: { id: number; event: ChainEvent }) => {
  try {
    parentPort!.postMessage({ id, detection: await detector.detect(event, context) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
