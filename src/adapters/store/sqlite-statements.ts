// The embedded store's statements, prepared once. Kysely's SQLite driver calls better-sqlite3's `prepare` for every
// query, and preparing costs more than running: profiled on the single-call path, `prepare` took 0.68 ms of a call's
// ~2.4 ms CPU (12 statements, about 56 µs each). `cachingDatabase` hands Kysely the statement prepared for the same
// SQL text before; `sqliteHandle` gives the hand-written hot path (hot-writes.ts) the database itself.
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared: every query shape the service runs, with room for multi-row insert sizes. */
export const STATEMENT_CACHE_SIZE = 500;

/** The better-sqlite3 database behind each Kysely instance on the embedded store. */
const handles = new WeakMap<object, Database.Database>();

export function registerSqliteHandle(db: object, database: Database.Database): void {
  handles.set(db, database);
}

/** The embedded store's database, or null for PostgreSQL (which keeps Kysely for everything). */
export function sqliteHandle(db: object): Database.Database | null {
  return handles.get(db) ?? null;
}

/**
 * A `SqliteDatabase` for Kysely whose `prepare` reuses the statement of an earlier identical SQL text (least recently
 * used out). A statement still iterating (a streamed select) is busy and cannot run twice at once, so a query that
 * meets a busy statement gets a fresh one; the cache keeps the first.
 */
export function cachingDatabase(database: Database.Database, beforeClose?: () => void, capacity = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => {
      beforeClose?.();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      if (sql === 'rollback') return rollback(database);
      const cached = cache.get(sql);
      if (cached) {
        if (cached.busy) return database.prepare(sql);
        // Re-inserted so the Map's order is least recently used first.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/**
 * After SQLITE_FULL, IOERR, BUSY or NOMEM SQLite may already have rolled the transaction back itself; Kysely then
 * still sends `rollback`, whose "no transaction is active" error would replace the real cause (a full disk must be
 * answered 503 naming it). So a rollback with no transaction open does nothing.
 */
function rollback(database: Database.Database): SqliteStatement {
  const run = () => (database.inTransaction ? database.prepare('rollback').run() : { changes: 0, lastInsertRowid: 0 });
  return { reader: false, run, all: () => (run(), []), iterate: () => [][Symbol.iterator]() };
}
