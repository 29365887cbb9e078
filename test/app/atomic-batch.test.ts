// Issue 11's guarantee: a batch is stored whole or not at all. A failure is injected at the last statement of the
// batch's transaction (the outbox insert, by a trigger), and the store — rings tables included — and every
// in-memory view (committed states, crew linking) must be exactly as before; the same batch sent again then
// decides exactly as it would have without the failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { ChainEvent } from '../../src/core/events.ts';
import { scamConversation } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

type Service = Awaited<ReturnType<typeof startTestService>>;

const TABLES = ['events', 'messages', 'decisions', 'accounts', 'conversations', 'cases', 'webhook_deliveries', 'rings_links', 'rings_sightings', 'rings_account_facts', 'rings_payment_victims'];

function created(id: string, account: string, phone: string, minute: number): ChainEvent {
  return {
    id,
    tenant: 'acme',
    type: 'account.created',
    time: new Date(Date.UTC(2026, 10, 1, 12, minute)).toISOString(),
    account: { id: account, phone, device_ids: [`dev-${account}`], photos: [] },
  } as unknown as ChainEvent;
}

/** The first crew member, already stored before the failing batch. */
const before: unknown[] = [created('a-op1', 'op1', '+447700900123', 0)];
/** A second member sharing op1's phone, and a whole scam conversation with actions (so webhooks are written). */
const failing: unknown[] = [created('a-scammer', 'scammer', '+44 7700 900123', 1), ...scamConversation('atomic').map((s) => s.event)];

async function snapshot(cb: Service) {
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) tables[table] = (await sql`select * from ${sql.table(table)}`.execute(cb.db)).rows.map(stable).sort();
  const rings = cb.services.rings!;
  return {
    tables,
    ring: rings.ringOf('acme', 'op1')?.accounts ?? null,
    rings: rings.rings('acme').map((r) => [r.id, r.accounts, r.stagesReached]),
    states: await Promise.all(['op1', 'scammer', 'victim'].map((id) => cb.ingest.accountState('acme', id))),
  };
}

const stable = (row: unknown) => JSON.stringify(row, Object.keys(row as object).sort());

function verdicts(results: { event_id: string; decision: { verdict: string; actions: { type: string }[] } }[]) {
  return results.map((r) => [r.event_id, r.decision.verdict, r.decision.actions.map((a) => a.type).sort()]);
}

// `full`: a file store whose batches commit with the fsync off the event loop (src/adapters/store/wal-sync.ts).
for (const sqliteSync of ['normal', 'full'] as const) test(`a failure at the last statement of a batch transaction leaves the store, rings and caches exactly as before (synchronous=${sqliteSync})`, async () => {
  const webhooks = [{ url: 'http://127.0.0.1:9/hook', secret: 'atomic-batch-secret' }];
  const cb = await startTestService({ webhooks, sqliteSync });
  const control = await startTestService({ webhooks, sqliteSync });
  try {
    await cb.ingest.ingest(before);
    await control.ingest.ingest(before);
    const was = await snapshot(cb);
    assert.equal(was.ring, null, 'op1 alone is no ring yet');

    await sql`create trigger injected_failure before insert on webhook_deliveries begin select raise(abort, 'injected failure'); end`.execute(cb.db);
    await assert.rejects(cb.ingest.ingest(failing), /injected failure/);
    assert.deepEqual(await snapshot(cb), was, 'nothing of the failed batch remains, in the store or in memory');
    const synchronous = (await sql<{ synchronous: number }>`pragma synchronous`.execute(cb.db)).rows[0].synchronous;
    assert.equal(synchronous, sqliteSync === 'full' ? 2 : 1, 'other writers commit with the configured setting after the failure');

    await sql`drop trigger injected_failure`.execute(cb.db);
    const retried = await cb.ingest.ingest(failing);
    const direct = await control.ingest.ingest(failing);
    assert.ok(retried.every((r) => !r.duplicate), 'the failed events were never stored, so they are not duplicates');
    assert.deepEqual(verdicts(retried), verdicts(direct));
    assert.ok(retried.some((r) => r.decision.actions.length > 0), 'the batch does write webhooks (so the trigger fired at the end)');
    // persist.ts writes follow-up tasks after the outbox; with none in this batch the outbox insert is its last statement.
    const followUps = await sql<{ n: number }>`select count(*) as n from follow_ups`.execute(control.db);
    assert.equal(Number(followUps.rows[0].n), 0, 'no follow-up rows come after the outbox insert');
    assert.deepEqual(cb.services.rings!.ringOf('acme', 'op1')?.accounts, ['op1', 'scammer']);
    const [after, expected] = [await snapshot(cb), await snapshot(control)];
    assert.deepEqual(after.rings.map((r) => r[1]), expected.rings.map((r) => r[1]));
    assert.deepEqual(after.tables.rings_links.length, expected.tables.rings_links.length);
  } finally {
    await cb.cleanup();
    await control.cleanup();
  }
});
