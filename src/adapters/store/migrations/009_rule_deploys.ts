// Rule deploys shared by every node on one store (issue 14.3): each deploy is a row; the highest `seq` is the
// live rule file everywhere. Nodes are told of a new row by LISTEN/NOTIFY and poll as a fallback
// (src/app/rule-sync.ts). Rows are kept, so the table is also the deploy history.
import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rule_deploys')
    .addColumn('seq', 'integer', (c) => (isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('node', 'varchar(100)', (c) => c.notNull())
    .addColumn('deployed_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rule_deploys').ifExists().execute();
}
