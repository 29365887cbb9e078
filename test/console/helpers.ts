// Shared fixtures for the console tests: an in-memory store with every migration applied, and cases.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../src/adapters/store/migrations/index.ts';

// better-sqlite3 12 on Node 24 aborts the process when the garbage collector finalises a prepared
// statement outside a JavaScript context (WiseLibs/better-sqlite3, "RemoveEnvironmentCleanupHook env != nullptr").
// Tests therefore cache every prepared statement and keep each database referenced until the process ends.
const keepAlive: unknown[] = [];

function statementCachingDatabase(): Database.Database {
  const database = new Database(':memory:');
  const cache = new Map<string, Database.Statement>();
  const prepare = database.prepare.bind(database);
  (database as { prepare: unknown }).prepare = (source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  };
  keepAlive.push(database, cache);
  return database;
}

/** An in-memory SQLite store with every area's migration applied, as the server opens it. */
export async function memoryDb(_t?: unknown): Promise<Kysely<any>> {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: statementCachingDatabase() }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  return db;
}

export async function insertCase(db: Kysely<any>, id: string, fields: Record<string, unknown> = {}): Promise<void> {
  await db
    .insertInto('cases')
    .values({
      id,
      tenant: 't1',
      conversation_id: `conv-${id}`,
      suspect_account: `suspect-${id}`,
      victim_account: `victim-${id}`,
      status: 'open',
      queue: 'sextortion',
      priority: 50,
      claimed_by: null,
      claimed_at: null,
      stage_max: 'threat',
      created_at: 1_000,
      updated_at: 1_000,
      outcome: null,
      ...fields,
    })
    .execute();
}
