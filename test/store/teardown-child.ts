// Child process for teardown.test.ts: churns prepared statements in SQLite so that collections triggered by
// allocation finalise them, forces full collections, and exits with statements and databases still open, on the
// main thread or in worker threads. Run with `node --expose-gc teardown-child.ts <main|store|worker> <dir>`.
// With better-sqlite3 12 compiled against the Node 24.21 headers every mode aborted (`Assertion failed: (env) !=
// nullptr` from Statement::~Statement during a collection triggered by allocation; an explicit gc() alone did not).
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openStore } from '../../src/adapters/store/db.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// Kept referenced until exit, never closed: finalised only at teardown.
const keep: unknown[] = [];

function churn(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table if not exists t (id integer primary key, v text)');
  const insert = db.prepare('insert into t (v) values (?)');
  db.transaction(() => {
    for (let i = 0; i < 200; i++) insert.run(`v${i}`);
  })();
  // Statements dropped at once, enough of them that allocation triggers collections on its own (a few thousand
  // aborted better-sqlite3 12), then an explicit full collection.
  for (let i = 0; i < 25_000; i++) db.prepare(`select v, ${i % 1000} as n from t where id = ?`).get((i % 200) + 1);
  gc!();
  const iterator = db.prepare('select * from t').iterate();
  iterator.next();
  keep.push(db, insert, iterator, db.prepare('select count(*) as n from t'));
  // Garbage left for the teardown to finalise.
  for (let i = 0; i < 500; i++) db.prepare(`select ${i} as n`);
}

async function churnThroughStore(dir: string): Promise<void> {
  const store = await openStore({ dataDir: dir });
  for (let i = 0; i < 30_000; i++) await sql`select ${i} as n`.execute(store);
  gc!();
  keep.push(store);
}

function runWorker(file: string, terminate: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    // A small young generation makes the worker collect as often as the main thread does; with the default
    // limits the abort did not show in workers reliably.
    const worker = new Worker(new URL(import.meta.url), { workerData: { file, terminate }, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
    worker.once('error', reject);
    worker.once('exit', resolve);
    if (terminate) worker.once('message', () => void worker.terminate());
  });
}

if (!isMainThread) {
  const { file, terminate } = workerData as { file: string; terminate: boolean };
  churn(file);
  gc();
  if (terminate) {
    // Stay busy so that terminate() stops the thread mid-work.
    parentPort!.postMessage('ready');
    setInterval(() => churn(':memory:'), 1);
  }
} else {
  const [mode, dir] = process.argv.slice(2);
  if (!dir) throw new Error('usage: teardown-child.ts <main|store|worker> <dir>');
  if (mode === 'main') {
    churn(join(dir, 'main.sqlite'));
    churn(':memory:');
  } else if (mode === 'store') {
    await churnThroughStore(dir);
  } else if (mode === 'worker') {
    const codes = await Promise.all([
      runWorker(join(dir, 'worker-a.sqlite'), false),
      runWorker(':memory:', false),
      runWorker(join(dir, 'worker-b.sqlite'), true),
    ]);
    gc();
    for (const code of codes.slice(0, 2)) if (code !== 0) throw new Error(`worker exited with ${code}`);
    // The main thread opens its own database after the workers are gone, and exits with it open.
    churn(join(dir, 'after-workers.sqlite'));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  gc();
  console.log(`teardown-child ${mode} done on Node ${process.version}`);
}
