// Work shared by the nodes of one store (issue 14.3).
// - `rule_deploys`: each deploy is a row; the highest `seq` is the live rule file everywhere. Nodes are told of a
//   new row by LISTEN/NOTIFY and poll as a fallback (src/app/rule-sync.ts). Rows are kept: the deploy history.
// - `job_leases`: a periodic job (the retention sweep) runs on the one node that takes its lease for the
//   interval (src/app/job-lease.ts), instead of on every node.
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
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('claimed_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_leases').ifExists().execute();
  await db.schema.dropTable('rule_deploys').ifExists().execute();
}
