// Durable ingest commits without the fsync on the event loop. With `synchronous=FULL` SQLite fsyncs the WAL inside
// every commit, and better-sqlite3 is synchronous, so the event loop waits for the disk (2.5-4 ms here) and the next
// batch cannot be decided meanwhile. Ingest batches instead commit with `synchronous=NORMAL` (the commit only writes
// its frames to the WAL; in WAL mode NORMAL defers the WAL sync to the next checkpoint) and then fdatasync the WAL
// file on libuv's thread pool; the callers are answered only after that returns, so an acknowledged event is on
// disk exactly as with FULL. Meanwhile the queue goes on: the next batch is decided and stored while the disk
// syncs, and one fdatasync covers every commit written before it started (fsync works on the file, whichever
// descriptor wrote it). Ingestion takes this path only when calls wait behind the batch (src/app/ingest.ts): a lone
// commit has nothing to overlap and syncs inside the commit. Every other writer keeps FULL: the setting is changed only while ingestion holds the
// connection. If an fdatasync ever fails, the pages it covered may be lost from the page cache without a later
// fsync reporting it, so this store acknowledges no further ingest (each call fails with SQLITE_IOERR_FSYNC, which
// the API answers 503) until the process is restarted and SQLite recovers what reached the disk.
import { closeSync, fdatasync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { StoreLog } from './db.ts';

export class WalSync {
  readonly #walFile: string;
  #fd: number | null = null;
  #failed: Error | null = null;
  #closed = false;
  #inFlight: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  /** Test seam: how the WAL reaches the disk (node:fs fdatasync by default). */
  readonly #sync: (fd: number, done: (error: Error | null) => void) => void;

  readonly #log: StoreLog;

  constructor(databaseFile: string, sync: (fd: number, done: (error: Error | null) => void) => void = fdatasync, log: StoreLog = { error: (message) => console.error(message) }) {
    this.#walFile = `${databaseFile}-wal`;
    this.#sync = sync;
    this.#log = log;
  }

  /**
   * Runs `commit` (which commits on `database`) with the connection's commits not waiting for the disk, and
   * returns its value with a promise that settles once everything it committed is on disk. The caller must hold
   * the connection for the whole call (Kysely's `connection()`), so no other writer commits under NORMAL.
   */
  async deferred<T>(database: Database.Database, commit: () => Promise<T>): Promise<{ value: T; durable: Promise<void> }> {
    this.assertHealthy();
    database.pragma('synchronous = NORMAL');
    try {
      const value = await commit();
      return { value, durable: this.flush() };
    } finally {
      database.pragma('synchronous = FULL');
    }
  }

  /**
   * Throws once a sync has failed: a later commit, even one that syncs inside itself, may sit on top of pages the
   * kernel dropped, so nothing more is stored until a restart.
   */
  assertHealthy(): void {
    if (this.#failed) throw this.#failed;
  }

  /** Settles once every frame written to the WAL before this call is on disk. */
  flush(): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#closed) return this.#inFlight ?? Promise.resolve();
    if (!this.#inFlight) return this.#start();
    // The running fdatasync may have started before this caller's frames were written: one more after it, shared
    // by everyone who asks meanwhile.
    this.#queued ??= this.#inFlight
      .catch(() => undefined)
      .then(() => {
        this.#queued = null;
        return this.flush();
      });
    return this.#queued;
  }

  /**
   * Before the store closes. Closing the last connection checkpoints the WAL into the database and syncs it, so a
   * flush asked for afterwards has nothing left to wait for; a running fdatasync keeps its descriptor until done.
   */
  close(): void {
    this.#closed = true;
    const fd = this.#fd;
    this.#fd = null;
    if (fd === null) return;
    if (this.#inFlight) void this.#inFlight.catch(() => undefined).then(() => closeSync(fd));
    else closeSync(fd);
  }

  #start(): Promise<void> {
    const run = new Promise<void>((resolve, reject) => {
      let fd: number;
      try {
        // Opened on first use: SQLite creates the WAL with the first write and keeps it while the store is open.
        fd = this.#fd ??= openSync(this.#walFile, 'r');
      } catch (error) {
        reject(this.#fail(error));
        return;
      }
      this.#sync(fd, (error) => (error ? reject(this.#fail(error)) : resolve()));
    });
    this.#inFlight = run;
    const clear = () => {
      if (this.#inFlight === run) this.#inFlight = null;
    };
    run.then(clear, clear);
    return run;
  }

  #fail(cause: unknown): Error {
    const error = Object.assign(new Error(`the store's write-ahead log could not be synced to disk; restart the node (${(cause as Error).message})`, { cause }), { code: 'SQLITE_IOERR_FSYNC' });
    this.#log.error(`sqlite: ${error.message}`);
    this.#failed = error;
    return error;
  }
}

/** The WAL sync of each Kysely instance on a file-backed embedded store with `synchronous=FULL`. */
const syncs = new WeakMap<object, WalSync>();

export function registerWalSync(db: object, sync: WalSync): void {
  syncs.set(db, sync);
}

export function walSyncOf(db: object): WalSync | null {
  return syncs.get(db) ?? null;
}
