// Crew linking under a lock per component (many nodes on PostgreSQL, docs/scale-out.md): every account with a link
// and every merging identifier maps to the component (ring, or a single account) it belongs to, and the component's
// row is the lock batches take before deciding on it; its `version` grows with every change to the component, so a
// node knows whether its in-memory view of that component is current. A component is named after one of its member
// accounts (`id`), which it always contains: a split or a new component can then name itself without a counter.
// The embedded store (one node) keeps these tables empty and keeps using the in-memory graph alone.
import type { Kysely } from 'kysely';

export type RingsComponentsTable = { tenant: string; id: string; version: number; changed_at: number };
export type RingsAccountComponentsTable = { tenant: string; account: string; component: string };
export type RingsIdentifierComponentsTable = { tenant: string; type: string; value: string; component: string };

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rings_components')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('id', 'varchar(200)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    // Epoch ms of the last change: an idle node looks only at components changed since it last looked.
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rings_components_pk', ['tenant', 'id'])
    .execute();
  await db.schema.createIndex('rings_components_changed').on('rings_components').column('changed_at').execute();
  await db.schema
    .createTable('rings_account_components')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .addColumn('component', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('rings_account_components_pk', ['tenant', 'account'])
    .execute();
  await db.schema.createIndex('rings_account_components_component').on('rings_account_components').columns(['tenant', 'component']).execute();
  await db.schema
    .createTable('rings_identifier_components')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(600)', (c) => c.notNull())
    .addColumn('component', 'varchar(200)', (c) => c.notNull())
    // The primary key also orders two batches that create the same new identifier at once (docs/scale-out.md).
    .addPrimaryKeyConstraint('rings_identifier_components_pk', ['tenant', 'type', 'value'])
    .execute();
  await db.schema.createIndex('rings_identifier_components_component').on('rings_identifier_components').columns(['tenant', 'component']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rings_identifier_components', 'rings_account_components', 'rings_components']) await db.schema.dropTable(table).execute();
}
