// Core tables: events (the durable log), engine state, decisions, review cases, the webhook outbox, API keys.
import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('id', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(200)')
    .addColumn('account', 'varchar(200)')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['tenant', 'id'])
    .execute();
  await db.schema.createIndex('events_time').on('events').columns(['tenant', 'time']).execute();
  await db.schema.createIndex('events_conversation').on('events').columns(['tenant', 'conversation_id']).execute();

  await db.schema
    .createTable('accounts')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('id', 'varchar(200)', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('risk', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('accounts_pk', ['tenant', 'id'])
    .execute();
  await db.schema.createIndex('accounts_risk').on('accounts').columns(['tenant', 'risk']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('id', 'varchar(200)', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stage_max', 'varchar(40)')
    .addColumn('suspect', 'varchar(200)')
    .addColumn('state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversations_pk', ['tenant', 'id'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('sender', 'varchar(200)', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('evidence', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('messages_pk', ['tenant', 'event_id'])
    .execute();
  await db.schema
    .createIndex('messages_conversation')
    .on('messages')
    .columns(['tenant', 'conversation_id', 'time'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('seq', 'integer', (c) => (isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(200)')
    .addColumn('account', 'varchar(200)')
    .addColumn('verdict', 'varchar(40)', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('shadow_actions', 'text', (c) => c.notNull())
    .addColumn('signals', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('rule_input', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_event').on('decisions').columns(['tenant', 'event_id']).unique().execute();
  await db.schema.createIndex('decisions_conversation').on('decisions').columns(['tenant', 'conversation_id']).execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('suspect_account', 'varchar(200)')
    .addColumn('victim_account', 'varchar(200)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('queue', 'varchar(100)', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(200)')
    .addColumn('claimed_at', 'bigint')
    .addColumn('stage_max', 'varchar(40)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'varchar(40)')
    .execute();
  await db.schema.createIndex('cases_conversation').on('cases').columns(['tenant', 'conversation_id']).unique().execute();
  await db.schema.createIndex('cases_queue').on('cases').columns(['status', 'queue', 'priority']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('tenant', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['api_keys', 'webhook_deliveries', 'cases', 'decisions', 'messages', 'conversations', 'accounts', 'events']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
