// WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that makes the WAL pass 1,000
// pages: that commit also copies those pages into the database file and fsyncs both files, all on the event loop,
// so one call in every few dozen single calls waits several milliseconds more (the single-call p99). Here the
// writer's automatic checkpoints are off and a worker thread with its own connection checkpoints every 200 ms.
// Durability is unchanged: each commit still fsyncs the WAL (synchronous=FULL), and a WAL not yet checkpointed is
// replayed at the next open. If the worker fails, the writer checkpoints itself again, as before.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { StoreLog } from './db.ts';
import { CHECKPOINTER_CLOSED, CHECKPOINTER_OPEN, CHECKPOINTER_STARTING, CHECKPOINTER_STOPPING } from './checkpoint-state.ts';

export const CHECKPOINT_EVERY_MS = 200;
/** SQLite's default: a checkpoint once the WAL holds this many pages. */
const INLINE_PAGES = 1000;
/** How long closing the store waits for the worker to close its connection. */
const STOP_WAIT_MS = 5000;

export interface Checkpointer {
  /** Returns once the worker's connection is closed (or never opened), so the files are the writer's alone. */
  stop(): void;
}

export function startCheckpointer(database: Database.Database, file: string, sync: 'FULL' | 'NORMAL', log: StoreLog): Checkpointer {
  // Shared with the worker: closing the store must not return while the worker still holds (or is about to open)
  // its connection, or the worker would touch the files after their owner closed them (and, in tests, after the
  // directory was removed).
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: { file, sync, everyMs: CHECKPOINT_EVERY_MS, state } });
  database.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const fallBack = () => {
    if (stopped || !database.open) return;
    stopped = true;
    database.pragma(`wal_autocheckpoint = ${INLINE_PAGES}`);
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) {
      log.error(`sqlite checkpointer: ${message.error}; checkpointing in the writer again`);
      fallBack();
      void worker.terminate();
    }
  });
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  // After the listeners: adding a 'message' listener refs the worker again, and it must never keep the process alive.
  worker.unref();
  return {
    stop() {
      stopped = true;
      // A worker that has not opened its connection yet never will.
      if (Atomics.compareExchange(state, 0, CHECKPOINTER_STARTING, CHECKPOINTER_CLOSED) === CHECKPOINTER_STARTING) return;
      if (Atomics.compareExchange(state, 0, CHECKPOINTER_OPEN, CHECKPOINTER_STOPPING) !== CHECKPOINTER_OPEN) return;
      worker.postMessage('stop');
      Atomics.wait(state, 0, CHECKPOINTER_STOPPING, STOP_WAIT_MS);
    },
  };
}
