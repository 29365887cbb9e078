// Runs APK parsing in worker threads (issue 17.8): a large dex or a hostile archive keeps a worker busy,
// not the event loop that answers every other request. The upload's bytes are transferred, not copied.
// A worker that dies (a parser bug, the memory cap) is replaced; its scan answers with an error instead
// of taking the service down, and is never retried on the main thread.
import { Worker } from 'node:worker_threads';
import type { ApkReport } from './scan.ts';

export interface ApkScanPoolOptions {
  threads?: number;
  /** Heap cap per worker in MB: a scan that needs more kills its worker, not the service (default 512). */
  maxHeapMb?: number;
}

export class ApkScanError extends Error {}

interface Job {
  resolve(report: ApkReport): void;
  reject(error: Error): void;
}

export class ApkScanPool {
  readonly #maxHeapMb: number;
  readonly #threads: number;
  readonly #slots: { worker: Worker; jobs: Map<number, Job> }[] = [];
  #nextId = 0;
  #turn = 0;
  #closed = false;
  /** The thread that answered the last scan (0 is the main thread), for tests and metrics. */
  lastThreadId = 0;

  constructor(options: ApkScanPoolOptions = {}) {
    this.#maxHeapMb = options.maxHeapMb ?? 512;
    this.#threads = Math.max(1, options.threads ?? 1);
  }

  scan(bytes: Uint8Array): Promise<ApkReport> {
    if (this.#closed) return Promise.reject(new ApkScanError('the APK scanner is shut down'));
    // Workers start on the first scan: a service that never scans an upload never pays for them.
    if (this.#slots.length < this.#threads) this.#slots.push(this.#spawn());
    const slot = this.#slots[this.#turn++ % this.#slots.length];
    const id = this.#nextId++;
    // Copy into a buffer of our own so it can be transferred even when the caller's shares a pool.
    const owned = new Uint8Array(bytes);
    return new Promise<ApkReport>((resolve, reject) => {
      slot.jobs.set(id, { resolve, reject });
      slot.worker.ref(); // a scan in progress keeps the process alive; an idle worker does not
      slot.worker.postMessage({ id, bytes: owned }, [owned.buffer]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #spawn(): { worker: Worker; jobs: Map<number, Job> } {
    const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: this.#maxHeapMb } });
    const slot = { worker, jobs: new Map<number, Job>() };
    worker.on('message', (message: { id: number; report?: ApkReport; error?: string; threadId: number }) => {
      const job = slot.jobs.get(message.id);
      slot.jobs.delete(message.id);
      if (slot.jobs.size === 0) worker.unref();
      this.lastThreadId = message.threadId;
      if (message.error !== undefined) job?.reject(new ApkScanError(message.error));
      else job?.resolve(message.report!);
    });
    const failed = (error: Error) => {
      for (const job of slot.jobs.values()) job.reject(new ApkScanError(`the APK parser stopped: ${error.message}`));
      slot.jobs.clear();
      if (this.#closed) return;
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots[index] = this.#spawn();
    };
    worker.on('error', failed);
    worker.on('exit', (code) => {
      if (!this.#closed && this.#slots.includes(slot)) failed(new Error(`worker exited with code ${code}`));
    });
    // After the listeners: an idle scanner must not keep the process alive.
    worker.unref();
    return slot;
  }
}
