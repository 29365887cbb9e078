// The embedded store's hand-written hot path (prepared statements, src/adapters/store/hot-writes.ts) stores exactly
// the rows the portable Kysely path stores: the same traffic through both, every hot table compared row by row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { ChainEvent } from '../../src/core/events.ts';
import { message, scamConversation } from '../helpers/fixtures.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

/** Columns that hold the wall clock or a random id, which differ between any two runs. */
const VOLATILE = new Set(['received_at', 'created_at', 'next_attempt_at', 'updated_at', 'id']);
const TABLES: Record<string, string> = {
  events: 'tenant, id',
  messages: 'tenant, event_id',
  decisions: 'tenant, event_id',
  accounts: 'tenant, id',
  conversations: 'tenant, id',
  webhook_deliveries: 'tenant, body',
  cases: 'tenant, conversation_id',
};

async function tables(cb: TestService): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(cb.db)).rows;
    // Keys of accounts and conversations are their id; elsewhere `id` is random (webhooks, cases) or repeated in the key.
    out[table] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([k]) => !VOLATILE.has(k) || (k === 'id' && (table === 'accounts' || table === 'conversations' || table === 'events')))
          // A webhook body carries the time it was written.
          .map(([k, v]) => [k, k === 'body' && typeof v === 'string' ? v.replace(/"created_at":"[^"]*"/, '') : v]),
      ),
    );
  }
  return out;
}

function traffic(): ChainEvent[][] {
  const scam = [...scamConversation('hw-1').map((s) => s.event), ...scamConversation('hw-2', 'other').map((s) => s.event)];
  const chat = Array.from({ length: 30 }, (_, i) => message({ id: `hw-chat-${i}`, conversation: `hw-c${i % 4}`, sender: `u${i % 4}`, to: `v${i % 4}`, text: i % 7 === 0 ? 'add me on telegram @sweet_anna' : `ok ${i}`, minute: i }));
  // Batches of several sizes, then single calls, then a re-delivery.
  return [scam.slice(0, 9), chat.slice(0, 20), scam.slice(9), ...chat.slice(20).map((e) => [e]), [chat[0], chat[1]]];
}

test('prepared hot writes store the same rows as the Kysely path', async () => {
  const webhooks = [{ url: 'http://127.0.0.1:9/hook', secret: 'hot-writes-secret' }];
  const hot = await startTestService({ webhooks });
  const portable = await startTestService({ webhooks }, { hotWrites: false });
  try {
    for (const batch of traffic()) {
      const [a, b] = [await hot.ingest.ingestValid(batch), await portable.ingest.ingestValid(batch)];
      assert.deepEqual(a.map((r) => [r.event_id, r.duplicate, r.decision.verdict]), b.map((r) => [r.event_id, r.duplicate, r.decision.verdict]));
    }
    const [got, want] = [await tables(hot), await tables(portable)];
    for (const table of Object.keys(TABLES)) assert.deepEqual(got[table], want[table], table);
    assert.ok(got.webhook_deliveries.length > 0 && got.cases.length > 0, 'the traffic writes the outbox and cases too');
    assert.ok(got.accounts.some((row) => Number((row as { version: number }).version) > 1), 'states were updated, not only inserted');
  } finally {
    await hot.cleanup();
    await portable.cleanup();
  }
});

test('rows whose columns differ from the run before them (fewer, more, or in another order) start a new statement, each value in its column', async () => {
  const { default: Database } = await import('better-sqlite3');
  const { SqliteRows } = await import('../../src/adapters/store/hot-writes.ts');
  const database = new Database(':memory:');
  database.exec('create table t (a text, b text, c text)');
  const rows = new SqliteRows(database, 4);
  await rows.insert('t', [
    { a: '1', b: '1' },
    { a: '2', b: '2' },
    { b: 'b3', a: 'a3' },
    { a: '4', b: '4', c: '4' },
    { a: '5' },
    { a: '6', b: '6' },
  ]);
  const stored = database.prepare('select a, b, c from t order by rowid').all();
  database.close();
  assert.deepEqual(stored, [
    { a: '1', b: '1', c: null },
    { a: '2', b: '2', c: null },
    { a: 'a3', b: 'b3', c: null },
    { a: '4', b: '4', c: '4' },
    { a: '5', b: null, c: null },
    { a: '6', b: '6', c: null },
  ]);
});
