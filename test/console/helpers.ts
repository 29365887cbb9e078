// Shared fixtures for the console tests: an in-memory store with every migration applied, and cases.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Insertable } from 'kysely';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import type { CasesTable, CoreTables } from '../../src/adapters/store/schema.ts';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../src/adapters/store/migrations/index.ts';

/** An in-memory SQLite store with every area's migration applied, as the server opens it. */
export async function memoryDb(_t?: unknown): Promise<CoreDb> {
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  return db;
}

export async function insertCase(db: CoreDb, id: string, fields: Partial<Insertable<CasesTable>> = {}): Promise<void> {
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
