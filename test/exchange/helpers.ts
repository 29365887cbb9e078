// Test helpers for the exchange area: stores with every migration applied (in memory or on a file, for restarts).
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../src/adapters/store/migrations/index.ts';

export async function migratedDb(file = ':memory:'): Promise<Kysely<any>> {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  return db;
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-12-01T12:00:00Z')) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) };
}
