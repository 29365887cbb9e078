// The console's tables: users and sessions, the append-only audit log, enforcement records,
// moderator verdicts on cases, and anonymous victim reports (which never hold an IP or a user agent).
import { sql, type Kysely } from 'kysely';

// Row types of these tables, as the migration below creates them (times are epoch milliseconds, JSON is text).
// Migrations themselves take `Kysely<any>`: they run against the schema as it was before them, not the final one.

export interface ConsoleUsersTable {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$key` (auth.ts). */
  password_hash: string;
  /** A console role (auth.ts `ROLES`); the column itself takes any text. */
  role: string;
  /** Null: the user sees every tenant. */
  tenant: string | null;
  created_at: number;
}

export interface ConsoleSessionsTable {
  /** SHA-256 of the session token, hex. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface ConsoleAuditLogTable {
  /** Given by the writer (previous seq + 1), so it is part of the hashed entry. */
  seq: number;
  time: number;
  actor: string;
  role: string;
  action: string;
  target_type: string;
  target_id: string;
  case_id: string | null;
  reason: string;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface ConsoleEnforcementsTable {
  id: string;
  tenant: string;
  case_id: string | null;
  account: string;
  action: string;
  ring_id: string | null;
  actor: string;
  reason: string;
  time: number;
}

export interface ConsoleCaseVerdictsTable {
  case_id: string;
  tenant: string;
  queue: string | null;
  verdict: string;
  actor: string;
  time: number;
}

export interface VictimReportsTable {
  id: string;
  receipt_hash: string;
  tenant: string;
  language: string | null;
  created_at: number;
  updated_at: number;
  /** JSON array of ring ids. */
  ring_ids: string;
}

export interface VictimReportEntriesTable {
  id: string;
  report_id: string;
  created_at: number;
  /** JSON array of `{ type, value }`. */
  identifiers: string;
  /** JSON array of `{ pdq, md5? }`. */
  screenshot_hashes: string;
  note: string;
}

export interface ConsoleTables {
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
  console_audit_log: ConsoleAuditLogTable;
  console_enforcements: ConsoleEnforcementsTable;
  console_case_verdicts: ConsoleCaseVerdictsTable;
  victim_reports: VictimReportsTable;
  victim_report_entries: VictimReportEntriesTable;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_users')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(300)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('tenant', 'varchar(100)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('console_sessions')
    // Only the SHA-256 of the session token is stored, so a copy of the database cannot sign anyone in.
    .ifNotExists()
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('console_audit_log')
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(200)')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('console_audit_case').ifNotExists().on('console_audit_log').column('case_id').execute();
  await refuseAuditChanges(db);

  await db.schema
    .createTable('console_enforcements')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(200)')
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('ring_id', 'varchar(200)')
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_enf_account').ifNotExists().on('console_enforcements').columns(['tenant', 'account']).execute();

  await db.schema
    .createTable('console_case_verdicts')
    .ifNotExists()
    .addColumn('case_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('queue', 'varchar(100)')
    .addColumn('verdict', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('victim_reports')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    // SHA-256 of the receipt code: the code itself is only ever shown to the reporter.
    .addColumn('receipt_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('language', 'varchar(10)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('ring_ids', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('victim_report_entries')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('identifiers', 'text', (c) => c.notNull())
    .addColumn('screenshot_hashes', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('victim_entries_report').ifNotExists().on('victim_report_entries').column('report_id').execute();
}

/** The audit log is append-only at the database level too: updates and deletes raise an error. */
async function refuseAuditChanges(db: Kysely<any>): Promise<void> {
  const adapter = db.getExecutor().adapter.constructor.name;
  if (adapter.startsWith('Sqlite')) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER IF NOT EXISTS console_audit_no_${op.toLowerCase()} BEFORE ${op} ON console_audit_log ` +
            `BEGIN SELECT RAISE(ABORT, 'console_audit_log is append-only'); END`,
        )
        .execute(db);
    }
  } else if (adapter.startsWith('Postgres')) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION console_audit_refuse() RETURNS trigger AS $$ ` +
          `BEGIN RAISE EXCEPTION 'console_audit_log is append-only'; END $$ LANGUAGE plpgsql`,
      )
      .execute(db);
    await sql
      .raw(
        `DROP TRIGGER IF EXISTS console_audit_no_change ON console_audit_log; ` +
          `CREATE TRIGGER console_audit_no_change BEFORE UPDATE OR DELETE ON console_audit_log ` +
          `FOR EACH ROW EXECUTE FUNCTION console_audit_refuse()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'victim_report_entries',
    'victim_reports',
    'console_case_verdicts',
    'console_enforcements',
    'console_audit_log',
    'console_sessions',
    'console_users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

// The module's tables are part of the store's schema type, so its code is typed against the real database.
declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends ConsoleTables {}
}
