// The cluster (issue 14, done-when): THREE `chainbreak serve --postgres` processes on one PostgreSQL take one event
// stream (scam crews sharing phones, and ordinary chat), posted round-robin over HTTP so every conversation moves
// between nodes, next to one node taking the same stream in another database. One node is SIGKILLed mid-stream,
// at a moment it holds a webhook delivery claim; the platform re-posts what that node did not acknowledge to a
// surviving node. Then:
// - every acknowledged event is stored once, with one decision;
// - every decision (after the first wave, see below) equals the single node's, and the rings are the same;
// - no conversation was decided out of order (decision sequence = event order within each conversation);
// - every webhook delivery is delivered: the receiver fails every fourth request and is slow, so there are
//   retries, and the dead node's claimed deliveries are taken over once its lease lapses; no attempt of a
//   delivery reached the receiver twice.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createChainbreak } from '../../src/app.ts';
import { ATTEMPT_HEADER, DELIVERY_HEADER } from '../../src/adapters/webhooks/dispatcher.ts';
import { loadConfig } from '../../src/config.ts';
import { ChainEvent } from '../../src/core/events.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { kill, startServer, writeConfig, type Server } from '../fault/server.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

const CREWS = 24; // crew members; every three share a phone, so the stream holds eight rings
const ORDINARY = 24;
const BATCHES_PER_WAVE = 6;
const SECRET = 'cluster-test-webhook-secret';
/** One ring's script: its handle and its app link are its own, so rings share no identifier (see `batches`). */
const SCAM = (ring: number) => [
  'hi handsome, you look kind',
  'take off your shirt for me, show me your body',
  `let's continue on skype, add me live:anna.sweet${ring}`,
  `my audio is not working, install this app to fix it http://voicefix${ring}.example/fix.apk`,
  'i recorded your video. i will send the video to all your contacts and family',
  'pay 500 usd now by western union or it goes on youtube',
];
const STEPS = SCAM(0).length;
const CHAT = [
  'hey, how was your day? mine was long but good',
  'want to facetime later tonight after dinner?',
  'I will send you the 20 for the tickets tomorrow',
  'haha that movie was so bad it was good',
  'are you free on saturday for coffee near the station?',
  'see you then, say hi to your sister',
];

let database: TempPostgres;
before(() => {
  database = startTempPostgres();
});
after(() => database.stop());

const at = (n: number, minutes: number) => new Date(Date.UTC(2026, 10, 1, 9) + n * 1_000 + minutes * 60_000).toISOString();

/** Wave 0 creates every account; wave k + 1 sends the k-th message of every conversation. */
function waves(): Record<string, unknown>[][] {
  const created = [
    ...Array.from({ length: CREWS }, (_, n) => ({ id: `crew${n}-created`, tenant: 'acme', type: 'account.created', time: at(n, 0), account: { id: `crew${n}`, phone: `+4477009${String(20_000 + Math.floor(n / 3)).slice(-5)}`, device_ids: [], photos: [] } })),
    ...Array.from({ length: ORDINARY }, (_, n) => ({ id: `pal${n}-created`, tenant: 'acme', type: 'account.created', time: at(100 + n, 0), account: { id: `pal${n}`, phone: `+4477008${String(30_000 + n).slice(-5)}`, device_ids: [], photos: [] } })),
  ];
  const message = (kind: 'crew' | 'pal', n: number, step: number) => ({
    id: `${kind}${n}-m${step}`,
    tenant: 'acme',
    type: 'message.sent',
    time: at(kind === 'crew' ? n : 100 + n, 1 + step * 10),
    conversation_id: `${kind}-conv${n}`,
    sender: `${kind}${n}`,
    recipients: [`${kind}-friend${n}`],
    text: (kind === 'crew' ? SCAM(Math.floor(n / 3)) : CHAT)[step],
  });
  const out: Record<string, unknown>[][] = [created];
  for (let step = 0; step < STEPS; step++) {
    out.push([...Array.from({ length: CREWS }, (_, n) => message('crew', n, step)), ...Array.from({ length: ORDINARY }, (_, n) => message('pal', n, step))]);
  }
  return out;
}

/**
 * Splits a wave into batches, the same way for the cluster and the single node. The events of one ring (three
 * crew members sharing a phone) travel in one batch: batches posted at once to different nodes have no order
 * between them, and linking is order-sensitive (which member links second gets the ring signal), so only
 * events in one batch have the order a single node can reproduce. The split shifts every wave, so every
 * conversation meets different nodes.
 */
function batches(wave: Record<string, unknown>[], index: number): Record<string, unknown>[][] {
  const out: Record<string, unknown>[][] = Array.from({ length: BATCHES_PER_WAVE }, () => []);
  for (const event of wave) {
    const [, kind, n] = /^(crew|pal)(\d+)-/.exec(String(event.id))!;
    const group = kind === 'crew' ? Math.floor(Number(n) / 3) : CREWS / 3 + Number(n);
    out[(group + index * 5) % BATCHES_PER_WAVE].push(event);
  }
  return out;
}

interface Hit {
  id: string;
  attempt: string;
  status: number;
}

/** Slow (40 ms) and failing every fourth request with 503, then fine again: retries on every node. */
async function startFlakyReceiver() {
  const hits: Hit[] = [];
  // While held, answers wait: the node that sent a delivery keeps its claim, so the kill below always lands on a
  // node holding claims instead of racing its last answers.
  let holding = false;
  const held: (() => void)[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    for await (const _ of request);
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    await sleep(40);
    const status = (hits.length + 1) % 4 === 0 ? 503 : 200;
    hits.push({ id: String(request.headers[DELIVERY_HEADER]), attempt: String(request.headers[ATTEMPT_HEADER]), status });
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits,
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      held.splice(0).forEach((resolve) => resolve());
    },
    close: () => (server.closeAllConnections(), server.close()),
  };
}

async function post(node: Server, events: Record<string, unknown>[]): Promise<boolean> {
  try {
    const response = await fetch(`${node.url}/v1/events/batch`, { method: 'POST', headers: { authorization: `Bearer ${node.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false; // the node died under the request: not acknowledged
  }
}

const alive = (node: Server) => node.child.exitCode === null && node.child.signalCode === null;

async function startNode(url: string, index: number, hook: string, key?: string): Promise<Server> {
  const dir = tempDir(`cb-cluster-${index}-`);
  mkdirSync(dir, { recursive: true });
  writeConfig(dir, {
    nodeId: `node-${index}`,
    detectorThreads: 0,
    webhooks: [{ url: hook, secret: SECRET }],
    webhookDelivery: { leaseMs: 3_000, timeoutMs: 2_000, pollMs: 100, baseDelayMs: 100, maxDelayMs: 1_000, batchSize: 20 },
  });
  return startServer(dir, ['--postgres', url], key);
}

async function comparable(client: pg.Client) {
  const rows = await client.query<{ event_id: string; verdict: string; actions: string; signals: string }>('select event_id, verdict, actions, signals from decisions order by event_id');
  return rows.rows.map((r) => `${r.event_id}:${r.verdict}:${(JSON.parse(r.actions) as { type: string }[]).map((a) => a.type).sort().join('+')}:${(JSON.parse(r.signals) as { kind: string }[]).map((s) => s.kind).sort().join('+')}`);
}

/** The stored links (what rings are derived from), as a sorted list. */
async function links(client: pg.Client): Promise<string[]> {
  const rows = await client.query<{ account: string; type: string; value: string; removed: number }>(`select account, type, value, removed from rings_links where tenant = 'acme'`);
  return rows.rows.map((r) => `${r.account}:${r.type}:${r.value}:${r.removed}`).sort();
}

const ringLists = (list: { accounts: string[] }[]) => list.map((r) => [...r.accounts].sort().join(',')).sort();

/** A node's rings as its API shows them. */
async function ringsOf(node: Server): Promise<string[]> {
  const response = await fetch(`${node.url}/v1/rings?tenant=acme&limit=100`, { headers: { authorization: `Bearer ${node.key}` } });
  return ringLists(((await response.json()) as { rings: { accounts: string[] }[] }).rings);
}

test('three nodes on one PostgreSQL decide as one node, survive a SIGKILL mid-stream, and deliver every webhook once per attempt', { timeout: 240_000 }, async () => {
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query('create database cluster');
  await admin.query('create database reference');
  await admin.end();
  const clusterUrl = database.url.replace(/\/postgres$/, '/cluster');
  const referenceUrl = database.url.replace(/\/postgres$/, '/reference');
  const hook = await startFlakyReceiver();
  const first = await startNode(clusterUrl, 1, hook.url);
  const nodes = [first, ...(await Promise.all([2, 3].map((i) => startNode(clusterUrl, i, hook.url, first.key))))];
  const reference = await createChainbreak(loadConfig(undefined, { dataDir: tempDir(), postgresUrl: referenceUrl, logLevel: 'silent', detectorThreads: 0, webhooks: [{ url: hook.url, secret: SECRET }] }), { background: false });
  const cluster = new pg.Client({ connectionString: clusterUrl });
  await cluster.connect();
  const acked = new Set<string>();
  let takenOver: string[] = [];
  let reposted = 0;
  try {
    const stream = waves();
    let turn = 0;
    for (const [index, wave] of stream.entries()) {
      // The single node takes the wave in batch order; the cluster takes the same batches at once, round-robin.
      for (const batch of batches(wave, index)) await reference.ingest.ingestValid(batch.map((e) => ChainEvent.parse(e)));
      if (index === 3) hook.hold();
      const killing = index === 3 ? killWhenClaiming(nodes[2], cluster).finally(() => hook.release()) : null;
      await Promise.all(
        batches(wave, index).map(async (batch) => {
          // Round-robin over the nodes still alive; a batch a dead node did not acknowledge goes to the next.
          for (let tries = 0; tries < 6; tries++) {
            const live = nodes.filter(alive);
            const node = live[turn++ % live.length];
            if (await post(node, batch)) return batch.forEach((e) => acked.add(String(e.id)));
            reposted++;
          }
          assert.fail(`batch starting ${String(batch[0].id)} was never acknowledged`);
        }),
      );
      if (killing) takenOver = await killing;
    }
    assert.ok(!alive(nodes[2]), 'node 3 was killed mid-stream');
    assert.ok(takenOver.length > 0, 'node 3 held webhook claims when it was killed');

    // Every acknowledged event stored once, with one decision.
    const events = (await cluster.query<{ id: string }>('select id from events')).rows.map((r) => r.id);
    const decided = (await cluster.query<{ event_id: string }>('select event_id from decisions')).rows.map((r) => r.event_id);
    assert.equal(acked.size, stream.flat().length);
    assert.equal(events.length, new Set(events).size, 'an event stored twice');
    assert.equal(decided.length, new Set(decided).size, 'an event decided twice');
    for (const id of acked) assert.ok(events.includes(id) && decided.includes(id), `acknowledged event ${id} missing`);

    // No conversation decided out of order: within each, decision order (seq) is the order of its messages.
    const order = await cluster.query<{ conversation_id: string; event_id: string }>('select conversation_id, event_id from decisions where conversation_id is not null order by seq');
    const byConversation = new Map<string, string[]>();
    for (const r of order.rows) byConversation.set(r.conversation_id, [...(byConversation.get(r.conversation_id) ?? []), r.event_id]);
    for (const [conversation, ids] of byConversation) assert.deepEqual(ids, Array.from({ length: STEPS }, (_, step) => `${conversation.replace('-conv', '')}-m${step}`), `conversation ${conversation} out of order`);

    // Same decisions as one node, every one of them (signals included), and the same links and rings.
    const referenceClient = new pg.Client({ connectionString: referenceUrl });
    await referenceClient.connect();
    try {
      const [mine, theirs] = [await comparable(cluster), await comparable(referenceClient)];
      assert.equal(mine.length, stream.flat().length);
      assert.deepEqual(mine, theirs);
      assert.ok(theirs.some((line) => line.includes('hold_link')), 'the crews reached the app lure');
      assert.deepEqual(await links(cluster), await links(referenceClient), 'the same ring links stored');
      const referenceRings = ringLists(reference.services.rings!.rings('acme', { limit: 100 }));
      assert.equal(referenceRings.filter((r) => r.startsWith('crew')).length, CREWS / 3, 'every three crew members are one ring');
      // A node that ingested nothing since the others' last links catches up on its own within a second or two.
      for (const [i, node] of nodes.filter(alive).entries()) {
        let shown = await ringsOf(node);
        for (let wait = 0; wait < 50 && JSON.stringify(shown) !== JSON.stringify(referenceRings); wait++) shown = (await sleep(200), await ringsOf(node));
        assert.deepEqual(shown, referenceRings, `node ${i + 1}'s rings`);
      }
      const outbox = async (c: pg.Client) => Number((await c.query('select count(*) as n from webhook_deliveries')).rows[0].n);
      assert.equal(await outbox(cluster), await outbox(referenceClient), 'as many webhook deliveries as one node makes');
    } finally {
      await referenceClient.end();
    }

    // Every delivery delivered, by the two survivors (the dead node's claims once its lease lapsed).
    const deadline = Date.now() + 60_000;
    let pending = Infinity;
    while (Date.now() < deadline && (pending = Number((await cluster.query(`select count(*) as n from webhook_deliveries where status <> 'delivered'`)).rows[0].n)) > 0) await sleep(200);
    assert.equal(pending, 0, 'webhook deliveries left undelivered');
    const deliveries = (await cluster.query<{ id: string; attempts: number }>('select id, attempts from webhook_deliveries')).rows;
    const attempts = new Set(hook.hits.map((h) => `${h.id}#${h.attempt}`));
    assert.equal(attempts.size, hook.hits.length, 'an attempt of a delivery reached the receiver twice');
    const acceptedIds = new Set(hook.hits.filter((h) => h.status === 200).map((h) => h.id));

    for (const d of deliveries) assert.ok(acceptedIds.has(d.id), `delivery ${d.id} never accepted by the receiver`);
    for (const id of takenOver) assert.ok(deliveries.find((d) => d.id === id)!.attempts >= 2, `delivery ${id} claimed by the dead node was not attempted again`);
    const retried = deliveries.filter((d) => d.attempts > 1).length;
    const accepted = hook.hits.filter((h) => h.status === 200);
    // A delivery accepted twice under one id is allowed (a node died after the receiver answered); a receiver de-duplicates it.
    const twiceAccepted = accepted.length - new Set(accepted.map((h) => h.id)).size;
    console.log(`# events ${acked.size} (${reposted} batch(es) re-posted after the kill), deliveries ${deliveries.length} (${retried} retried, ${takenOver.length} taken over from the killed node, ${twiceAccepted} accepted twice under one id), receiver requests ${hook.hits.length}`);
  } finally {
    await Promise.all(nodes.map((n) => kill(n)));
    await cluster.end();
    await reference.close();
    hook.close();
  }
});

/**
 * Kills the node with SIGKILL as soon as it holds a webhook delivery claim (so it dies mid-delivery, during
 * ingestion too) and returns the ids of the deliveries it held.
 */
async function killWhenClaiming(node: Server, cluster: pg.Client): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const held = await cluster.query<{ id: string }>(`select id from webhook_deliveries where claimed_by = 'node-3' and status = 'pending'`);
    if (held.rows.length > 0) {
      await kill(node);
      // What it still held once dead (it may have finished some in between): only another node can deliver those.
      const orphaned = await cluster.query<{ id: string }>(`select id from webhook_deliveries where claimed_by = 'node-3' and status = 'pending'`);
      return orphaned.rows.map((r) => r.id);
    }
    await sleep(5);
  }
  await kill(node);
  return [];
}
