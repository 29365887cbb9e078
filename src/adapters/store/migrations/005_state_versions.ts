// Versions on engine state rows: every stored account and conversation state carries a version that grows with
// each write, so a node can tell whether the state it has cached is still the one in the store (many nodes on one
// PostgreSQL; see docs/scale-out.md).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('conversations').addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('version').execute();
  await db.schema.alterTable('conversations').dropColumn('version').execute();
}
