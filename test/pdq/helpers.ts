// Test helpers for the pdq area: an in-memory SQLite store with the pdq migration applied.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import type { CoreTables } from '../../src/adapters/store/schema.ts';
import { up } from '../../src/modules/pdq/migration.ts';
import { PdqBankService } from '../../src/modules/pdq/banks.ts';
import { hashToWords, wordsToHash } from '../../src/modules/pdq/hash256.ts';

export async function memoryDb(): Promise<CoreDb> {
  // Typed as the whole store (the services take CoreDb); only the pdq tables are created here.
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await up(db);
  return db;
}

export async function loadedService(now = () => 1_700_000_000_000): Promise<{ db: CoreDb; service: PdqBankService }> {
  const db = await memoryDb();
  const service = new PdqBankService(db, { now });
  await service.load();
  return { db, service };
}

/** Flips the given bit positions (0..255) of a hash. */
export function flipBits(hex: string, positions: number[]): string {
  const words = hashToWords(hex);
  for (const p of positions) words[p >> 5] ^= 1 << (p & 31);
  return wordsToHash(words);
}

export const HASH_A = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
export const HASH_B = '1f811b9d267fbc6613c0c7f30e041f9df49b836303e10f067fcffc12c02d01f9';
export const HASH_C = 'b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109';
