// Worker side of checkpointer.ts: its own connection to the embedded store copies committed WAL pages into the
// database file (PASSIVE: never waits for, nor blocks, the writer), with the same synchronous setting, so the
// fsyncs of a checkpoint happen on this thread instead of inside a commit on the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CHECKPOINTER_CLOSED, CHECKPOINTER_OPEN, CHECKPOINTER_STARTING } from './checkpoint-state.ts';

const { file, sync, everyMs, state } = workerData as { file: string; sync: 'FULL' | 'NORMAL'; everyMs: number; state: Int32Array };

// The store may have been closed while this thread was starting: then never open the file.
if (Atomics.compareExchange(state, 0, CHECKPOINTER_STARTING, CHECKPOINTER_OPEN) === CHECKPOINTER_STARTING) run();
else parentPort!.close();

function run(): void {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`synchronous = ${sync}`);

  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // SQLITE_BUSY (another checkpoint or a schema change) is retried at the next tick; anything else is reported.
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') parentPort!.postMessage({ error: (error as Error).message });
    }
  }, everyMs);

  parentPort!.on('message', (message: string) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    try {
      db.close();
    } finally {
      Atomics.store(state, 0, CHECKPOINTER_CLOSED);
      Atomics.notify(state, 0);
      parentPort!.close();
    }
  });
}
