// Crew linking on one node: every change to the rings tables carries the sequence number of the batch that wrote it
// (`rings_clock` holds the last one), so the in-memory graph can be brought up to date by reading only the rows newer
// than the last sequence it applied. Many nodes order their ring writes per component instead (migration-components.ts).
import type { Kysely } from 'kysely';

export type RingsClockTable = { id: number; seq: number };

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['rings_links', 'rings_account_facts', 'rings_payment_victims']) {
    await db.schema.alterTable(table).addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.createIndex(`${table}_seq`).on(table).column('seq').execute();
  }
  await db.schema.createTable('rings_clock').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('seq', 'bigint', (c) => c.notNull()).execute();
  await db.insertInto('rings_clock').values({ id: 1, seq: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rings_clock').execute();
  for (const table of ['rings_links', 'rings_account_facts', 'rings_payment_victims']) {
    await db.schema.dropIndex(`${table}_seq`).execute();
    await db.schema.alterTable(table).dropColumn('seq').execute();
  }
}
