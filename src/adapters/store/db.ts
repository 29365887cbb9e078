// Opens the store: SQLite through better-sqlite3 by default (WAL, synchronous commits), PostgreSQL when a
// postgres:// URL is configured. Runs every migration before anything else touches the database.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { migrations } from './migrations/index.ts';
import type { CoreTables } from './schema.ts';
import { cachingDatabase, registerSqliteHandle } from './sqlite-statements.ts';
import { startCheckpointer } from './checkpointer.ts';
import { registerWalSync, WalSync } from './wal-sync.ts';

export type CoreDb = Kysely<CoreTables>;

export interface StoreOptions {
  /** Directory for the embedded database; `:memory:` keeps it in memory (tests). */
  dataDir: string;
  /** A postgres:// URL selects PostgreSQL instead of the embedded store. */
  postgresUrl?: string;
  /** `full` fsyncs every commit (default, acknowledged means durable); `normal` is faster. */
  sqliteSync?: 'full' | 'normal';
  /** WAL checkpoints in a worker thread (default) instead of inside commits on the event loop (checkpointer.ts). */
  backgroundCheckpoints?: boolean;
  /**
   * With `full`: ingest batches commit without waiting for the disk and fdatasync the WAL off the event loop before
   * they are answered (wal-sync.ts; same durability). Default true; false fsyncs inside every commit, as before.
   */
  deferredSync?: boolean;
  /** Where the store reports trouble it survives (a failed WAL sync, a checkpointer that fell back); stderr by default. */
  log?: StoreLog;
}

/** The store's own error channel: the service passes its pino logger, so these lines reach the same log as requests. */
export interface StoreLog {
  error(message: string): void;
}

const stderrLog: StoreLog = { error: (message) => console.error(message) };

export async function openStore(options: StoreOptions): Promise<CoreDb> {
  const db = options.postgresUrl ? openPostgres(options.postgresUrl) : openSqlite(options);
  await migrate(db);
  return db;
}

function openSqlite(options: StoreOptions): CoreDb {
  let file = ':memory:';
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    file = join(options.dataDir, 'chainbreak.sqlite');
    restrictToOwner(file);
  }
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  const sync = options.sqliteSync === 'normal' ? 'NORMAL' : 'FULL';
  database.pragma(`synchronous = ${sync}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  const checkpointer = file !== ':memory:' && options.backgroundCheckpoints !== false ? startCheckpointer(database, file, sync, options.log ?? stderrLog) : null;
  const walSync = file !== ':memory:' && sync === 'FULL' && options.deferredSync !== false ? new WalSync(file, undefined, options.log ?? stderrLog) : null;
  const beforeClose = () => {
    checkpointer?.stop();
    walSync?.close();
  };
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: cachingDatabase(database, beforeClose) }) });
  registerSqliteHandle(db, database);
  if (walSync) registerWalSync(db, walSync);
  return db;
}

/**
 * The store holds chat evidence and victims' reports: only the service's user may read it (issue 17.7).
 * SQLite creates -wal, -shm and -journal files with the database file's own mode, so creating the
 * database 0600 covers them; existing files from older versions are tightened too.
 */
function restrictToOwner(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

function openPostgres(url: string): CoreDb {
  // Times are epoch milliseconds in bigint columns: read them back as numbers, not strings.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client whose server went away emits 'error'; unhandled, that would end the process. The pool drops
  // the client and opens a new connection for the next query, so a restarted database is picked up again.
  pool.on('error', () => undefined);
  // A client in use when the server goes away emits 'error' too (its query, if any, fails on its own).
  pool.on('connect', (client) => client.on('error', () => undefined));
  // The cursor lets large tables (hash banks, links) be streamed at start-up instead of loaded whole.
  return new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrate(db: CoreDb): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
