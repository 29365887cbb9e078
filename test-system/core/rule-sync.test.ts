// Rule deploys reach every node (issue 14.3): a deploy on node A is live on node B within a second, told by
// LISTEN/NOTIFY (B's poll is set to a minute, so the poll cannot be what brings it), and B's next decision
// follows the new rules. A node started later adopts the newest deploy; a lost listening connection is
// covered by the poll.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChainbreak, type Chainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ChainEvent } from '../../src/core/events.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';
import pg from 'pg';

let server: TempPostgres;
before(() => {
  server = startTempPostgres();
});
after(() => server.stop());

const QUEUE_EVERY_MESSAGE = `version: 1
rules:
  - { id: queue-every-message, description: every message is queued (a deploy the test can see), when: { event_type: message.sent }, actions: [queue_review] }
`;

const node = (pollMs: number): Promise<Chainbreak> =>
  createChainbreak(loadConfig(undefined, { dataDir: tempDir(), postgresUrl: server.url, logLevel: 'silent', detectorThreads: 0, ruleDeployPollMs: pollMs }), { background: false });

const hello = (id: string) =>
  ChainEvent.parse({ id, tenant: 'acme', type: 'message.sent', time: '2026-11-01T10:00:00Z', conversation_id: `c-${id}`, sender: 'friend1', recipients: ['friend2'], text: 'see you at the match tomorrow' });

async function until(condition: () => boolean, ms: number): Promise<number> {
  const started = performance.now();
  while (!condition() && performance.now() - started < ms) await sleep(5);
  return performance.now() - started;
}

test('a rule deploy on node A is live on node B within a second and B decides with it; a later node adopts it', async () => {
  const a = await node(60_000);
  const b = await node(60_000);
  let c: Chainbreak | null = null;
  try {
    const [before] = await b.ingest.ingestValid([hello('before')]);
    assert.deepEqual(before.decision.actions, [], 'the default rules leave an ordinary message alone');

    assert.equal(a.rules.replace(QUEUE_EVERY_MESSAGE), null);
    const took = await until(() => b.rules.text === QUEUE_EVERY_MESSAGE, 1_000);
    assert.equal(b.rules.text, QUEUE_EVERY_MESSAGE, `node B did not get the deploy within a second (${took.toFixed(0)} ms)`);
    console.log(`# deploy on A live on B after ${took.toFixed(0)} ms`);
    const [afterDeploy] = await b.ingest.ingestValid([hello('after')]);
    assert.deepEqual(afterDeploy.decision.actions.map((x) => x.type), ['queue_review']);

    c = await node(60_000);
    assert.equal(c.rules.text, QUEUE_EVERY_MESSAGE, 'a node started after the deploy runs it from the start');
    assert.equal(c.ruleSync?.seq, a.ruleSync?.seq);
  } finally {
    await Promise.all([a.close(), b.close(), c?.close()]);
  }
});

test('with its listening connection killed, a node still gets the deploy by polling', async () => {
  const a = await node(60_000);
  const b = await node(200);
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    // Ends every LISTEN connection (B's reconnects after a second; the poll must not wait for that).
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'LISTEN%' and pid <> pg_backend_pid()`);
    await admin.end();
    const text = QUEUE_EVERY_MESSAGE.replace('queue-every-message', 'queue-every-message-2');
    assert.equal(a.rules.replace(text), null);
    await until(() => b.rules.text === text, 2_000);
    assert.equal(b.rules.text, text);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
