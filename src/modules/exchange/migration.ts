// Tables of the exchange area: per-bank exchange settings (allow banks, match distance, quarantine), video MD5
// entries and signal metadata next to the PDQ banks, configured peers and their pull checkpoints, keyed-hash
// indicators shared with and received from partners with their feedback, the seen-package table that makes
// packages replay-safe, scheduled case actions, and removal-request clocks.
import type { Kysely } from 'kysely';

export interface ExchangeBankSettingsTable {
  bank: string;
  /** `block`: a match is evidence of abuse; `allow`: a match suppresses the block banks' matches (known benign). */
  kind: string;
  /** Hamming distance that counts as a match for this bank; null means the caller's default (31). */
  max_distance: number | null;
  /** Matches allowed in `flood_window_ms` before the bank is quarantined (stops matching until released). */
  flood_limit: number;
  flood_window_ms: number;
  quarantined_at: number | null;
  quarantine_reason: string | null;
  /** JSON array of labels, as HMA's bank labels. */
  labels: string;
  updated_at: number;
}

export interface ExchangeMd5EntriesTable {
  bank: string;
  /** 32 lowercase hex digits: MD5 of a video file (StopNCII and HMA `video_md5`). */
  md5: string;
  source: string;
  added_by: string;
  added_at: number;
  note: string | null;
  enabled: number;
}

export interface ExchangeSignalMetaTable {
  bank: string;
  /** `pdq` or `video_md5`. */
  signal_type: string;
  signal: string;
  /** JSON array of tags from the exchange (ThreatExchange tags, StopNCII case labels). */
  tags: string;
  collab: string | null;
  /** `POSITIVE_CLASS`, `NEGATIVE_CLASS`, `INVESTIGATION_SEED`. */
  category: string | null;
  /** The id the source exchange gives the record (descriptor id, hash record key), for updates and deletes. */
  external_id: string | null;
  updated_at: number;
}

export interface ExchangePeersTable {
  name: string;
  /** `threatexchange` (Graph API /threat_updates), `stopncii` (FetchHashes) or `chainbreak` (this module's export). */
  api: string;
  url: string;
  bank: string;
  interval_ms: number;
  /** Opaque resume point of the peer's delta feed (a timestamp or a page token). */
  checkpoint: string | null;
  next_run_at: number;
  last_run_at: number | null;
  last_error: string | null;
  enabled: number;
}

export interface ExchangeIndicatorsInTable {
  partner: string;
  type: string;
  /** HMAC-SHA256 of the normalised value under the partner key's per-type sub-key, hex. */
  hash: string;
  first_seen: number;
  last_seen: number;
  stages: string;
  confidence: number;
  crew: string | null;
  package_id: string;
  received_at: number;
  confirms: number;
  disputes: number;
}

export interface ExchangeIndicatorsOutTable {
  partner: string;
  type: string;
  hash: string;
  package_id: string;
  shared_at: number;
  confirms: number;
  disputes: number;
}

export interface ExchangeFeedbackTable {
  id: string;
  partner: string;
  /** `in`: the partner's verdict on an indicator we shared; `out`: our verdict on one they shared. */
  direction: string;
  type: string;
  hash: string;
  verdict: string;
  reason: string | null;
  package_id: string | null;
  time: number;
}

export interface ExchangeSeenPackagesTable {
  partner: string;
  nonce: string;
  package_id: string;
  created_at: number;
  received_at: number;
}

export interface ExchangeScheduledActionsTable {
  id: string;
  plan_id: string;
  tenant: string;
  case_id: string;
  step: number;
  action: string;
  run_at: number;
  /** pending → running → done | failed; cancelled when the plan is cancelled first. */
  status: string;
  actor: string;
  role: string;
  reason: string;
  created_at: number;
  fired_at: number | null;
  result: string | null;
}

export interface ExchangeRemovalRequestsTable {
  id: string;
  tenant: string;
  case_id: string | null;
  jurisdiction: string;
  law: string;
  /** `victim_report`, `partner`, `authority`, `platform`. */
  source: string;
  /** JSON: what is to be removed (content ids, URLs, PDQ/MD5 hashes). */
  content: string;
  received_at: number;
  deadline_at: number;
  status: string;
  completed_at: number | null;
  completed_by: string | null;
  note: string | null;
}

export interface ExchangeTables {
  exchange_bank_settings: ExchangeBankSettingsTable;
  exchange_md5_entries: ExchangeMd5EntriesTable;
  exchange_signal_meta: ExchangeSignalMetaTable;
  exchange_peers: ExchangePeersTable;
  exchange_indicators_in: ExchangeIndicatorsInTable;
  exchange_indicators_out: ExchangeIndicatorsOutTable;
  exchange_feedback: ExchangeFeedbackTable;
  exchange_seen_packages: ExchangeSeenPackagesTable;
  exchange_scheduled_actions: ExchangeScheduledActionsTable;
  exchange_removal_requests: ExchangeRemovalRequestsTable;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exchange_bank_settings')
    .addColumn('bank', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull().defaultTo('block'))
    .addColumn('max_distance', 'integer')
    .addColumn('flood_limit', 'integer', (c) => c.notNull())
    .addColumn('flood_window_ms', 'bigint', (c) => c.notNull())
    .addColumn('quarantined_at', 'bigint')
    .addColumn('quarantine_reason', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('exchange_md5_entries')
    .addColumn('bank', 'varchar(100)', (c) => c.notNull())
    .addColumn('md5', 'char(32)', (c) => c.notNull())
    .addColumn('source', 'varchar(200)', (c) => c.notNull())
    .addColumn('added_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('exchange_md5_pk', ['bank', 'md5'])
    .execute();
  await db.schema.createIndex('exchange_md5_by_hash').on('exchange_md5_entries').column('md5').execute();

  await db.schema
    .createTable('exchange_signal_meta')
    .addColumn('bank', 'varchar(100)', (c) => c.notNull())
    .addColumn('signal_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('signal', 'varchar(64)', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('collab', 'varchar(200)')
    .addColumn('category', 'varchar(40)')
    .addColumn('external_id', 'varchar(200)')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_signal_meta_pk', ['bank', 'signal_type', 'signal'])
    .execute();

  await db.schema
    .createTable('exchange_peers')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('api', 'varchar(20)', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('bank', 'varchar(100)', (c) => c.notNull())
    .addColumn('interval_ms', 'bigint', (c) => c.notNull())
    .addColumn('checkpoint', 'text')
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('exchange_indicators_in')
    .addColumn('partner', 'varchar(100)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('crew', 'varchar(100)')
    .addColumn('package_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('confirms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disputes', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('exchange_indicators_in_pk', ['partner', 'type', 'hash'])
    .execute();

  await db.schema
    .createTable('exchange_indicators_out')
    .addColumn('partner', 'varchar(100)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .addColumn('package_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('shared_at', 'bigint', (c) => c.notNull())
    .addColumn('confirms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disputes', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('exchange_indicators_out_pk', ['partner', 'type', 'hash'])
    .execute();

  await db.schema
    .createTable('exchange_feedback')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('partner', 'varchar(100)', (c) => c.notNull())
    .addColumn('direction', 'varchar(3)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .addColumn('verdict', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('package_id', 'varchar(64)')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('exchange_seen_packages')
    .addColumn('partner', 'varchar(100)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('package_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_seen_packages_pk', ['partner', 'nonce'])
    .execute();

  await db.schema
    .createTable('exchange_scheduled_actions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('fired_at', 'bigint')
    .addColumn('result', 'text')
    .execute();
  await db.schema.createIndex('exchange_scheduled_due').on('exchange_scheduled_actions').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('exchange_removal_requests')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(200)')
    .addColumn('jurisdiction', 'varchar(20)', (c) => c.notNull())
    .addColumn('law', 'varchar(100)', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('completed_by', 'varchar(100)')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('exchange_removal_due').on('exchange_removal_requests').columns(['status', 'deadline_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'exchange_removal_requests',
    'exchange_scheduled_actions',
    'exchange_seen_packages',
    'exchange_feedback',
    'exchange_indicators_out',
    'exchange_indicators_in',
    'exchange_peers',
    'exchange_signal_meta',
    'exchange_md5_entries',
    'exchange_bank_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

// The module's tables are part of the store's schema type, so its code is typed against the real database.
declare module '../../adapters/store/schema.ts' {
  interface CoreTables extends ExchangeTables {}
}
