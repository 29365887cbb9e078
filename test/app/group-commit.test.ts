// Group commit (src/app/group-commit.ts): single calls made while a batch runs are stored in one transaction, yet
// every caller gets its own decision, equal to the one the calls would get one after another; a call whose event
// cannot be stored fails alone, and nothing of it remains.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { ChainEvent } from '../../src/core/events.ts';
import type { IngestResult } from '../../src/app/ingest.ts';
import { message, scamConversation } from '../helpers/fixtures.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

/** Two scam conversations and ordinary chat, interleaved, so one group holds several events of one conversation. */
function traffic(): ChainEvent[] {
  const scams = [scamConversation('g-scam-1').map((s) => s.event), scamConversation('g-scam-2', 'acme').map((s) => ({ ...s.event, id: `${s.event.id}-b` }))];
  const ordinary = Array.from({ length: 12 }, (_, i) => message({ id: `g-chat-${i}`, conversation: `g-chat-c${i % 3}`, sender: `amy${i % 3}`, to: `bob${i % 3}`, text: `see you at ${i} o'clock?`, minute: i }));
  const all: ChainEvent[] = [];
  for (let i = 0; i < 12; i++) all.push(...[scams[0][i], scams[1][i], ordinary[i]].filter((e): e is ChainEvent => e !== undefined));
  return all;
}

const view = (r: IngestResult) => ({
  id: r.event_id,
  duplicate: r.duplicate,
  verdict: r.decision.verdict,
  actions: r.decision.actions,
  signals: r.decision.signals.map((s) => s.kind).sort(),
  stages: r.decision.stages,
  risk: r.decision.risk?.score ?? null,
});

/** Counts transactions: every stored batch calls the commit listeners once. */
function countCommits(cb: TestService): { commits: number } {
  const counter = { commits: 0 };
  cb.ingest.onCommit(() => void counter.commits++);
  return counter;
}

async function rows(cb: TestService, table: string, column = 'event_id'): Promise<string[]> {
  return (await sql<{ id: string }>`select ${sql.ref(column)} as id from ${sql.table(table)} order by 1`.execute(cb.db)).rows.map((r) => r.id);
}

test('concurrent single calls share transactions, and each caller gets the decision it would get alone', async () => {
  const grouped = await startTestService();
  const alone = await startTestService();
  try {
    const events = traffic();
    const counter = countCommits(grouped);
    // All calls made at once, as concurrent HTTP requests would be, and the same events one at a time elsewhere.
    const answers = await Promise.all(events.map((event) => grouped.ingest.ingestValid([event])));
    const expected: IngestResult[][] = [];
    for (const event of events) expected.push(await alone.ingest.ingestValid([event]));

    assert.ok(counter.commits < events.length / 2, `${events.length} calls in ${counter.commits} transactions`);
    assert.deepEqual(answers.map((a) => a.map(view)), expected.map((a) => a.map(view)));
    assert.ok(answers.some(([r]) => r.decision.actions.length > 0), 'the scams get interventions');
    for (const table of ['events', 'decisions', 'messages']) assert.deepEqual(await rows(grouped, table, table === 'events' ? 'id' : 'event_id'), await rows(alone, table, table === 'events' ? 'id' : 'event_id'));

    // A re-delivery within a group is answered with the stored decision, like any re-delivery.
    const [first, again] = await Promise.all([grouped.ingest.ingestValid([events[0]]), grouped.ingest.ingestValid([events[0]])]);
    assert.deepEqual([first[0].duplicate, again[0].duplicate], [true, true]);
    assert.deepEqual(view({ ...again[0], duplicate: false }), view(expected[0][0]));
  } finally {
    await grouped.cleanup();
    await alone.cleanup();
  }
});

test('an event that cannot be stored fails only its own call; the rest of its group is stored, nothing of it', async () => {
  const grouped = await startTestService();
  const alone = await startTestService();
  try {
    const events = traffic().slice(0, 12);
    const poison = events[5];
    for (const cb of [grouped, alone]) {
      await sql.raw(`create trigger poison before insert on decisions when new.event_id = '${poison.id}' begin select raise(abort, 'poisoned event'); end`).execute(cb.db);
    }
    const counter = countCommits(grouped);
    const settled = await Promise.allSettled(events.map((event) => grouped.ingest.ingestValid([event])));
    const expected: (IngestResult[] | Error)[] = [];
    for (const event of events) expected.push(await alone.ingest.ingestValid([event]).catch((error: Error) => error));

    settled.forEach((outcome, i) => {
      if (i === 5) {
        assert.equal(outcome.status, 'rejected');
        assert.match(String((outcome as PromiseRejectedResult).reason), /poisoned event/);
      } else {
        assert.equal(outcome.status, 'fulfilled', `call ${i}`);
        assert.deepEqual((outcome as PromiseFulfilledResult<IngestResult[]>).value.map(view), (expected[i] as IngestResult[]).map(view), `call ${i}`);
      }
    });
    assert.ok(expected[5] instanceof Error);
    // The group failed once and its calls were then stored one by one (11 commits), as the control did.
    assert.equal(counter.commits, 11);
    for (const [table, column] of [['events', 'id'], ['decisions', 'event_id'], ['messages', 'event_id']] as const) {
      const stored = await rows(grouped, table, column);
      assert.ok(!stored.includes(poison.id), `no ${table} row of the poisoned event`);
      assert.deepEqual(stored, await rows(alone, table, column));
    }
    for (const table of ['accounts', 'conversations']) {
      const state = sql<{ state: string }>`select state from ${sql.table(table)} order by tenant, id`;
      assert.deepEqual((await state.execute(grouped.db)).rows, (await state.execute(alone.db)).rows, `${table}: the same engine state`);
    }
  } finally {
    await grouped.cleanup();
    await alone.cleanup();
  }
});
