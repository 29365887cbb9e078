// Test helpers for the exchange area: stores with every migration applied (in memory or on a file, for restarts).
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import type { CoreTables } from '../../src/adapters/store/schema.ts';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../src/adapters/store/migrations/index.ts';
import { PdqBankService } from '../../src/modules/pdq/banks.ts';
import { BankSettingsStore } from '../../src/modules/exchange/bank-settings.ts';
import { HashExchange } from '../../src/modules/exchange/hash-exchange.ts';

export async function migratedDb(file = ':memory:'): Promise<CoreDb> {
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: new Database(file) }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  return db;
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-12-01T12:00:00Z')) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) };
}

/** PDQ banks with the exchange's bank settings as their match policy, and the hash exchange over them. */
export async function instance(clock = manualClock()) {
  const db = await migratedDb();
  const banks = new PdqBankService(db, { now: clock.now });
  await banks.load();
  const settings = new BankSettingsStore(db, { now: clock.now });
  await settings.load();
  banks.setMatchPolicy(settings);
  return { db, banks, settings, exchange: new HashExchange({ db, banks, settings, now: clock.now }), clock };
}
