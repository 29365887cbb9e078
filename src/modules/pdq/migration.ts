// PDQ hash banks: named lists of photo hashes with per-entry provenance. Entries are disabled, never
// deleted, so a bank keeps the record of what it once matched and why.
import type { Kysely } from 'kysely';

export interface PdqBanksTable {
  name: string;
  description: string;
  created_at: number;
}

export interface PdqEntriesTable {
  bank: string;
  /** 64 lowercase hex digits. */
  hash: string;
  quality: number | null;
  /** Where the hash came from: `victim_submitted`, `moderator`, `threatexchange:<collab>`, a file name… */
  source: string;
  added_by: string;
  /** Epoch milliseconds. */
  added_at: number;
  note: string | null;
  enabled: number; // 0 | 1
  disabled_at: number | null;
  disabled_by: string | null;
}

export interface PdqTables {
  pdq_banks: PdqBanksTable;
  pdq_entries: PdqEntriesTable;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pdq_banks')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pdq_entries')
    .addColumn('bank', 'varchar(100)', (c) => c.notNull().references('pdq_banks.name'))
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .addColumn('quality', 'integer')
    .addColumn('source', 'varchar(200)', (c) => c.notNull())
    .addColumn('added_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled_at', 'bigint')
    .addColumn('disabled_by', 'varchar(200)')
    .addPrimaryKeyConstraint('pdq_entries_pk', ['bank', 'hash'])
    .execute();
  await db.schema.createIndex('pdq_entries_hash').on('pdq_entries').column('hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pdq_entries').ifExists().execute();
  await db.schema.dropTable('pdq_banks').ifExists().execute();
}

// The module's tables are part of the store's schema type, so its code is typed against the real database.
declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends PdqTables {}
}
