// Work claimed across nodes on PostgreSQL (issue 14.3). Webhooks: four dispatchers (nodes) poll one outbox at the
// same moments; FOR UPDATE SKIP LOCKED gives them disjoint deliveries, so every delivery is attempted exactly once
// in total, and the work is shared between them rather than serialised on one. Periodic jobs: of four nodes
// taking a job's lease at the same moment, exactly one gets it, interval after interval.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ATTEMPT_HEADER, DELIVERY_HEADER, WebhookDispatcher } from '../../src/adapters/webhooks/dispatcher.ts';
import { openStore } from '../../src/adapters/store/db.ts';
import { takeJobLease } from '../../src/app/job-lease.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

let server: TempPostgres;
before(() => {
  server = startTempPostgres();
});
after(() => server.stop());

const DELIVERIES = 400;

test('dispatchers on several nodes polling at once attempt each delivery once and share the work', async () => {
  const hits: string[] = [];
  const receiver = createServer(async (request, response) => {
    for await (const _ of request);
    hits.push(`${String(request.headers[DELIVERY_HEADER])}#${String(request.headers[ATTEMPT_HEADER])}`);
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const db = await openStore({ dataDir: ':memory:', postgresUrl: server.url });
  try {
    const rows = Array.from({ length: DELIVERIES }, (_, i) => ({ id: `d${i}`, tenant: 'acme', url, body: '{}', status: 'pending', attempts: 0, next_attempt_at: 0, last_error: null, created_at: 0, delivered_at: null }));
    await db.insertInto('webhook_deliveries').values(rows).execute();
    const nodes = ['a', 'b', 'c', 'd'].map((node) => new WebhookDispatcher(db, { targets: [{ url, secret: 'claims-test-secret-0123' }], node, batchSize: 25 }));
    const done = new Map<string, number>(nodes.map((n) => [n.node, 0]));
    for (let round = 0; round < DELIVERIES && hits.length < DELIVERIES; round++) {
      const counts = await Promise.all(nodes.map((n) => n.deliverDue()));
      nodes.forEach((n, i) => done.set(n.node, done.get(n.node)! + counts[i]));
    }
    assert.equal(hits.length, DELIVERIES, 'every delivery attempted once');
    assert.equal(new Set(hits).size, DELIVERIES);
    assert.ok(hits.every((h) => h.endsWith('#1')));
    const stored = await db.selectFrom('webhook_deliveries').select(['status', 'attempts']).execute();
    assert.ok(stored.every((r) => r.status === 'delivered' && r.attempts === 1));
    console.log(`# attempts per node: ${[...done].map(([n, c]) => `${n} ${c}`).join(', ')}`);
    assert.ok([...done.values()].filter((c) => c > 0).length >= 2, 'more than one node did the work');
  } finally {
    receiver.close();
    await db.destroy();
  }
});

test('of four nodes taking a job lease at once, exactly one runs the job in each interval', async () => {
  const db = await openStore({ dataDir: ':memory:', postgresUrl: server.url });
  try {
    const winners: string[] = [];
    for (let interval = 0; interval < 20; interval++) {
      const now = 1_000_000 + interval * 1_000;
      const taken = await Promise.all(['a', 'b', 'c', 'd'].map((node) => takeJobLease(db, { name: 'retention.sweepText', node, now, forMs: 900 })));
      assert.equal(taken.filter(Boolean).length, 1, `interval ${interval}: ${taken.join(',')}`);
      winners.push(['a', 'b', 'c', 'd'][taken.indexOf(true)]);
    }
    console.log(`# lease winners: ${winners.join('')}`);
  } finally {
    await db.destroy();
  }
});
