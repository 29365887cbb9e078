// Worker side of checkpointer.ts: its own connection to the embedded store copies committed WAL pages into the
// database file (PASSIVE: never waits for, nor blocks, the writer), with the same synchronous setting, so the
// fsyncs of a checkpoint happen on this thread instead of inside a commit on the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, sync, everyMs } = workerData as { file: string; sync: 'FULL' | 'NORMAL'; everyMs: number };
const db = new Database(file);
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
  db.close();
  parentPort!.close();
});
