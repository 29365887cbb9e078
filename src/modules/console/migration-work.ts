// The console's working tables (issue 13): ring bans that can be undone, and rule drafts and deploys
// (each deploy keeps the text it replaced, so any deploy can be rolled back).
import type { Kysely } from 'kysely';

export interface ConsoleRingBansTable {
  id: string;
  tenant: string;
  ring_id: string;
  case_id: string | null;
  /** JSON: account → its status before the ban. */
  accounts: string;
  /** JSON array of the case ids the ban closed. */
  closed_cases: string;
  actor: string;
  reason: string;
  time: number;
  undone_at: number | null;
  undone_by: string | null;
  undo_reason: string | null;
}

export interface ConsoleRuleDraftsTable {
  id: string;
  name: string;
  source: string;
  author: string;
  created_at: number;
  updated_at: number;
}

export interface ConsoleRuleDeploysTable {
  id: string;
  source: string;
  previous_source: string;
  draft_id: string | null;
  rollback_of: string | null;
  actor: string;
  reason: string;
  time: number;
}

export interface ConsoleWorkTables {
  console_ring_bans: ConsoleRingBansTable;
  console_rule_drafts: ConsoleRuleDraftsTable;
  console_rule_deploys: ConsoleRuleDeploysTable;
}

export async function up(db: Kysely<any>): Promise<void> {
  // The queue's default page: active cases of a tenant, most urgent first, then oldest.
  await db.schema.createIndex('cases_queue_order').ifNotExists().on('cases').columns(['tenant', 'status', 'priority', 'created_at']).execute();
  await db.schema.createIndex('cases_suspect').ifNotExists().on('cases').columns(['tenant', 'suspect_account']).execute();

  await db.schema
    .createTable('console_ring_bans')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('ring_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(200)')
    /** JSON: account → its status before the ban, so an undo restores exactly that. */
    .addColumn('accounts', 'text', (c) => c.notNull())
    /** JSON: ids of the members' cases the ban closed. */
    .addColumn('closed_cases', 'text', (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('undone_at', 'bigint')
    .addColumn('undone_by', 'varchar(100)')
    .addColumn('undo_reason', 'text')
    .execute();
  await db.schema.createIndex('console_ring_bans_ring').ifNotExists().on('console_ring_bans').columns(['tenant', 'ring_id']).execute();

  await db.schema
    .createTable('console_rule_drafts')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('author', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('console_rule_deploys')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('previous_source', 'text', (c) => c.notNull())
    .addColumn('draft_id', 'varchar(64)')
    .addColumn('rollback_of', 'varchar(64)')
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['cases_queue_order', 'cases_suspect']) await db.schema.dropIndex(index).ifExists().execute();
  for (const table of ['console_rule_deploys', 'console_rule_drafts', 'console_ring_bans']) await db.schema.dropTable(table).ifExists().execute();
}

declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends ConsoleWorkTables {}
}
