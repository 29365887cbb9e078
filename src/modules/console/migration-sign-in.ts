// Failed console sign-ins, counted in the store so every node of a cluster sees the same count: with counters in
// each process, an attacker spreading guesses over three nodes got three times the guesses before a lockout.
import type { Kysely } from 'kysely';

export interface ConsoleSignInFailuresTable {
  /** `u:<lower-case user name>` or `a:<address>`. */
  key: string;
  failures: number;
  first_at: number;
  /** 0 while not locked. */
  locked_until: number;
}

export interface ConsoleSignInTables {
  console_sign_in_failures: ConsoleSignInFailuresTable;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_sign_in_failures')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('console_sign_in_failures').ifExists().execute();
}

declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends ConsoleSignInTables {}
}
