// Rings: every account–identifier link (the log the in-memory ring graph is rebuilt from), every sighting of a link
// (its provenance, for case packages), facts about accounts (stages, money asked, bans, victims) and the victims of
// payment identifiers (mule accounts). Times are epoch milliseconds.
import type { Kysely } from 'kysely';

export type RingsLinksTable = {
  tenant: string;
  account: string;
  type: string;
  value: string;
  strength: string;
  source: string | null;
  event_id: string | null;
  first_seen: number;
  last_seen: number;
  /** Weak links only: when they stop counting unless seen again. */
  expires_at: number | null;
  removed: number;
  removed_by: string | null;
  removed_reason: string | null;
  removed_at: number | null;
  /** The batch that last wrote the row (see migration-sync.ts); 0 before that migration. */
  seq: number;
};

export type RingsSightingsTable = {
  tenant: string;
  account: string;
  type: string;
  value: string;
  strength: string;
  source: string | null;
  event_id: string | null;
  time: number;
};

export type RingsAccountFactsTable = {
  tenant: string;
  account: string;
  /** `stage`, `money`, `bad` or `victim`. */
  kind: string;
  stage: string | null;
  amount: number | null;
  currency: string | null;
  reason: string | null;
  victim: string | null;
  time: number;
  /** The batch that last wrote the row (see migration-sync.ts); 0 before that migration. */
  seq: number;
};

export type RingsPaymentVictimsTable = {
  tenant: string;
  type: string;
  value: string;
  victim: string;
  event_id: string | null;
  time: number;
  /** The batch that last wrote the row (see migration-sync.ts); 0 before that migration. */
  seq: number;
};

export type RingsTables = {
  rings_links: RingsLinksTable;
  rings_sightings: RingsSightingsTable;
  rings_account_facts: RingsAccountFactsTable;
  rings_payment_victims: RingsPaymentVictimsTable;
  rings_clock: import('./migration-sync.ts').RingsClockTable;
  rings_components: import('./migration-components.ts').RingsComponentsTable;
  rings_account_components: import('./migration-components.ts').RingsAccountComponentsTable;
  rings_identifier_components: import('./migration-components.ts').RingsIdentifierComponentsTable;
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rings_links')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(600)', (c) => c.notNull())
    .addColumn('strength', 'varchar(10)', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('event_id', 'varchar(200)')
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_by', 'varchar(200)')
    .addColumn('removed_reason', 'text')
    .addColumn('removed_at', 'bigint')
    .addPrimaryKeyConstraint('rings_links_pk', ['tenant', 'account', 'type', 'value'])
    .execute();
  await db.schema.createIndex('rings_links_identifier').on('rings_links').columns(['tenant', 'type', 'value']).execute();

  await db.schema
    .createTable('rings_sightings')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(600)', (c) => c.notNull())
    .addColumn('strength', 'varchar(10)', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('event_id', 'varchar(200)')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rings_sightings_account').on('rings_sightings').columns(['tenant', 'account']).execute();

  await db.schema
    .createTable('rings_account_facts')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('stage', 'varchar(40)')
    .addColumn('amount', 'double precision')
    .addColumn('currency', 'varchar(10)')
    .addColumn('reason', 'text')
    .addColumn('victim', 'varchar(200)')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rings_account_facts_tenant').on('rings_account_facts').columns(['tenant', 'account']).execute();

  await db.schema
    .createTable('rings_payment_victims')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(600)', (c) => c.notNull())
    .addColumn('victim', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(200)')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rings_payment_victims_pk', ['tenant', 'type', 'value', 'victim'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rings_payment_victims', 'rings_account_facts', 'rings_sightings', 'rings_links']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

// The module's tables are part of the store's schema type, so its code is typed against the real database.
declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends RingsTables {}
}
