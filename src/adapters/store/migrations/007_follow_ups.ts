// Detector work left off the decision path (fetching a linked APK, a photo behind a URL): one row per task,
// written in the same transaction as the decision that asked for it, deleted once its follow-up event is
// stored. A row whose claim lapsed (the node died mid-fetch) is picked up again by any node.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('follow_ups')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('of_event', 'varchar(200)', (c) => c.notNull())
    .addColumn('detector', 'varchar(100)', (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_until', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('follow_ups_pk', ['tenant', 'event_id'])
    .execute();
  await db.schema.createIndex('follow_ups_due').on('follow_ups').columns(['claimed_until']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('follow_ups').ifExists().execute();
}
