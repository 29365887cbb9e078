// Runs a context-free detector in worker threads so the second core does the message analysis while
// the main thread decides and stores. `prepare` hands a batch to the workers before the engine reaches
// it; `detect` then picks up the finished result (or computes it in a worker on the spot). A worker that
// fails is replaced by running the detector in-process: offloading is an optimisation, never a
// point of failure.
import { Worker } from 'node:worker_threads';
import type { Detector, DetectorContext } from '../../core/detector.ts';
import type { ChainEvent, EventType } from '../../core/events.ts';
import type { Detection } from '../../core/signals.ts';

export interface OffloadOptions {
  /** Module that exports the detector factory, as an absolute file URL or path. */
  module: string;
  /** Name of the exported factory (called without arguments in each worker and, as a fallback, here). */
  factory: string;
  name: string;
  eventTypes: readonly EventType[];
  threads: number;
  /** Results prepared but not yet picked up are dropped beyond this many (re-deliveries never pick theirs up). */
  maxPending?: number;
}

interface Pending {
  resolve(detection: Detection): void;
  reject(error: Error): void;
}

export async function offloadDetector(options: OffloadOptions): Promise<Detector> {
  const workers = Array.from({ length: options.threads }, () => new Worker(new URL('./offload-worker.ts', import.meta.url), { workerData: { module: options.module, factory: options.factory } }));
  const waiting = new Map<number, Pending>();
  const prepared = new Map<string, Promise<Detection>>();
  const maxPending = options.maxPending ?? 50_000;
  let broken = false;
  let nextId = 0;
  let turn = 0;
  let local: Detector | null = null;

  const fallback = async (): Promise<Detector> => (local ??= ((await import(options.module)) as Record<string, () => Detector>)[options.factory]());
  const fail = (error: Error) => {
    broken = true;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (answers: { id: number; detection?: Detection; error?: string }[]) => {
      for (const message of answers) {
        const pending = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(message.error));
        else pending?.resolve(message.detection!);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail(new Error(`detector worker exited with code ${code}`)));
  }
  await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
    worker.once('online', () => resolve());
    worker.once('error', reject);
  })));

  /** Sends the events to the workers, one message per worker, and returns a promise of each one's detection. */
  const inWorkers = (events: readonly ChainEvent[], context?: DetectorContext): Promise<Detection>[] => {
    const local = (event: ChainEvent) => fallback().then((detector) => detector.detect(event, context ?? { now: 0, stagesSeen: new Set() }));
    if (broken) return events.map(local);
    const shares = workers.map(() => [] as { id: number; event: ChainEvent }[]);
    const results = events.map((event) => {
      const id = nextId++;
      shares[turn++ % workers.length].push({ id, event });
      return new Promise<Detection>((resolve, reject) => waiting.set(id, { resolve, reject })).catch(() => local(event));
    });
    shares.forEach((share, i) => share.length && workers[i].postMessage(share));
    return results;
  };
  const keyOf = (event: ChainEvent) => `${event.tenant}\u0000${event.id}`;

  return {
    name: options.name,
    eventTypes: options.eventTypes,
    prepare(events) {
      const fresh = events.filter((event) => options.eventTypes.includes(event.type) && !prepared.has(keyOf(event)));
      inWorkers(fresh).forEach((detection, i) => {
        prepared.set(keyOf(fresh[i]), detection);
        if (prepared.size > maxPending) prepared.delete(prepared.keys().next().value!);
      });
    },
    detect(event, context) {
      const key = keyOf(event);
      const ready = prepared.get(key);
      prepared.delete(key);
      return ready ?? inWorkers([event], context)[0];
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
