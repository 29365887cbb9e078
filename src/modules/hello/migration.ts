import type { Kysely } from 'kysely';

export interface HelloTables {
  hello_seen: { tenant: string; event_id: string };
}

declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends HelloTables {}
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('hello_seen').addColumn('tenant', 'varchar(100)', (c) => c.notNull()).addColumn('event_id', 'varchar(200)', (c) => c.notNull()).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hello_seen').execute();
}
