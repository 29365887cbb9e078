// Table types of the core schema (migration 001_core). Other areas declare theirs beside their
// migrations and merge them into `CoreTables` (`declare module` of this file), so `CoreDb` types every table.
// JSON values are stored as text so the same schema runs on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface EventsTable {
  tenant: string;
  id: string;
  type: string;
  /** Event time, epoch milliseconds. */
  time: number;
  received_at: number;
  conversation_id: string | null;
  /** The account the event is about (sender, reporter's target, profile owner). */
  account: string | null;
  /** The validated event; message text removed when retention drops it. */
  payload: string;
}

export interface AccountsTable {
  tenant: string;
  id: string;
  first_seen: number;
  last_seen: number;
  risk: number;
  status: string; // active | restricted | banned
  /** Serialized engine state (AccountState). */
  state: string;
  /** Grows with every write of the state (a node checks its cached copy against it); defaults to 0 (migration 005). */
  version: Generated<number>;
}

export interface ConversationsTable {
  tenant: string;
  id: string;
  first_seen: number;
  last_seen: number;
  flagged: number; // 0 | 1
  stage_max: string | null;
  suspect: string | null;
  /** Serialized engine state (ConversationState). */
  state: string;
  /** As AccountsTable.version. */
  version: Generated<number>;
}

export interface MessagesTable {
  tenant: string;
  event_id: string;
  conversation_id: string;
  sender: string;
  recipients: string;
  time: number;
  /** Null once retention dropped it (the message was not evidence for a flagged conversation). */
  text: string | null;
  /** Kept forever: stages, scores and spans found in the text. */
  features: string;
  evidence: number; // 0 | 1
}

export interface DecisionsTable {
  seq: Generated<number>;
  tenant: string;
  event_id: string;
  time: number;
  conversation_id: string | null;
  account: string | null;
  verdict: string;
  actions: string;
  shadow_actions: string;
  signals: string;
  reasons: string;
  /** What the rules saw, so a candidate rule file can be previewed against recent traffic. */
  rule_input: string;
}

export interface CasesTable {
  id: string;
  tenant: string;
  conversation_id: string;
  suspect_account: string | null;
  victim_account: string | null;
  status: string; // open | claimed | closed
  queue: string;
  priority: number;
  claimed_by: string | null;
  claimed_at: number | null;
  stage_max: string | null;
  created_at: number;
  updated_at: number;
  outcome: string | null;
}

/** Which node runs a periodic job until when (migration 009). */
export interface JobLeasesTable {
  name: string;
  claimed_by: string;
  claimed_until: number;
}

/** One rule deploy shared by the nodes of a store (migration 009); the highest seq is live. */
export interface RuleDeploysTable {
  seq: Generated<number>;
  text: string;
  node: string;
  deployed_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant: string;
  url: string;
  body: string;
  status: string; // pending | delivered | failed
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  /** Start of the current retry window: a replay of a dead letter restarts it (null: created_at). */
  retry_from: number | null;
  /** When the dispatcher gave up (status failed). */
  dead_at: number | null;
  /** The node holding the current attempt (migration 008), null when nobody does. */
  claimed_by: string | null;
  /** Until when that node's claim holds; after it any node may take the delivery again. */
  claimed_until: number | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  scopes: string;
  tenant: string; // '*' for every tenant
  created_at: number;
  revoked_at: number | null;
}

/** A detector task waiting for (or being run by) a node; `task` is the PendingFollowUp as JSON. */
export interface FollowUpsTable {
  tenant: string;
  event_id: string;
  of_event: string;
  detector: string;
  task: string;
  attempts: number;
  /** Until when the node that holds the task may run it undisturbed (epoch ms); after that any node may. */
  claimed_until: number;
  created_at: number;
}

/**
 * PostgreSQL only (migration 011): one row per stored event, the store's event-id de-duplication. The
 * partitioned `events` table can only be unique on keys that include `time`.
 */
export interface EventIdsTable {
  tenant: string;
  id: string;
  time: number;
}

export interface CoreTables {
  events: EventsTable;
  accounts: AccountsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  decisions: DecisionsTable;
  cases: CasesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  api_keys: ApiKeysTable;
  follow_ups: FollowUpsTable;
  rule_deploys: RuleDeploysTable;
  job_leases: JobLeasesTable;
  event_ids: EventIdsTable;
}
