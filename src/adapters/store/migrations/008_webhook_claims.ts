// Webhook deliveries claimed across nodes (issue 14.3): a node that takes a due delivery writes its id
// (`claimed_by`) and a lease (`claimed_until`) and counts the attempt before it sends anything. The attempt
// count is the fencing token: a node whose lease lapsed (it stalled or died) and was overtaken by another
// can no longer record its result, because the row now carries a later attempt. Both columns are nullable,
// so the outbox INSERT is unchanged; a NULL lease means nobody holds the row.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').addColumn('claimed_by', 'varchar(100)').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('claimed_until', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').dropColumn('claimed_until').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('claimed_by').execute();
}
