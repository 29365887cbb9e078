// Webhook dead letters (issue 17.5): `retry_from` restarts the retry window when a dead delivery is
// replayed, `dead_at` records when it gave up. Both are nullable, so the outbox INSERT is unchanged.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').addColumn('retry_from', 'bigint').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('dead_at', 'bigint').execute();
  await db.schema.createIndex('webhook_dead').on('webhook_deliveries').columns(['status', 'tenant', 'dead_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_dead').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('dead_at').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('retry_from').execute();
}
