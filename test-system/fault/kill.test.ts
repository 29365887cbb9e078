// Fault campaign (a): the server is killed with SIGKILL at random points while platforms ingest in batches and one
// event per call (those calls concurrent). After each restart: every acknowledged event is stored exactly once with its decision; nothing
// is half-stored (no event without its decision, no ring link or sighting whose event was not stored, no stored
// account or message without the links its identifiers make); every stored decision with actions reaches the webhook
// receiver, signed. Trials: FAULT_TRIALS (default 20). Prints the counts.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { verifySignature } from '../../src/adapters/webhooks/dispatcher.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { kill, startReceiver, startServer, writeConfig, type Server } from './server.ts';

const TRIALS = Number(process.env.FAULT_TRIALS ?? 20);
const SECRET = 'fault-campaign-webhook-secret';
const SCRIPT = [
  'hi handsome, you look kind',
  'take off your shirt for me, show me your body',
  "let's continue on skype, add me live:anna.sweet22",
  'my audio is not working, install this app to fix it http://voicefix.example/fix.apk',
  'i recorded your video. i will send the video to all your contacts and family',
  'pay 500 usd now by western union or it goes on youtube',
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** One crew member's account (its phone shared with the rest of its group) and its scam conversation. */
function crewEvents(trial: number, n: number): Record<string, unknown>[] {
  const account = `t${trial}-op${n}`;
  const victim = `t${trial}-victim${n}`;
  const base = Date.UTC(2026, 10, 1) + n * 3_600_000;
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  const conversation = `t${trial}-conv${n}`;
  return [
    { id: `${account}-created`, tenant: 'acme', type: 'account.created', time: at(0), account: { id: account, phone: `+44770090${String(1000 + (n % 7)).slice(-4)}`, device_ids: [`t${trial}-dev${n % 5}`], photos: [] } },
    ...SCRIPT.map((text, k) => ({ id: `${conversation}-m${k}`, tenant: 'acme', type: 'message.sent', time: at(1 + k * 10), conversation_id: conversation, sender: account, recipients: [victim], text })),
  ];
}

async function post(server: Server, path: string, body: unknown): Promise<boolean> {
  try {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false; // the server died under the request: not acknowledged
  }
}

/** Sends crews until the server dies; returns the ids of acknowledged events. */
async function ingestUntilKilled(server: Server, trial: number, rand: () => number): Promise<{ acked: Set<string>; sent: number }> {
  const acked = new Set<string>();
  let sent = 0;
  // The clock starts at the first acknowledgement: on a loaded machine the first batch alone can take seconds
  // (2 s at load 23), and a kill before any acknowledgement checks nothing.
  const killAfterMs = 300 + rand() * 2_500;
  let killer: NodeJS.Timeout | undefined;
  const acknowledged = (ids: string[]) => {
    for (const id of ids) acked.add(id);
    killer ??= setTimeout(() => void kill(server), killAfterMs);
  };
  for (let n = 0; server.child.exitCode === null && server.child.signalCode === null && n < 10_000; n += 4) {
    const events = [0, 1, 2, 3].flatMap((k) => crewEvents(trial, n + k));
    sent += events.length;
    const single = rand() < 0.3;
    if (single) {
      // All at once, as concurrent platform calls: they are grouped, and a group with calls waiting behind it is
      // answered after an fdatasync off the event loop (src/adapters/store/wal-sync.ts), so kills land there too.
      await Promise.all(events.map(async (event) => void ((await post(server, '/v1/events', event)) && acknowledged([String(event.id)]))));
    } else if (await post(server, '/v1/events/batch', { events })) acknowledged(events.map((event) => String(event.id)));
  }
  clearTimeout(killer);
  await kill(server);
  return { acked, sent };
}

function checkStore(dir: string, acked: Set<string>): { events: number; links: number; withActions: string[] } {
  const db = new Database(join(dir, 'chainbreak.sqlite'), { readonly: true });
  try {
    const events = new Set(db.prepare('select id from events').pluck().all() as string[]);
    const decisions = new Set(db.prepare('select event_id from decisions').pluck().all() as string[]);
    for (const id of acked) assert.ok(events.has(id) && decisions.has(id), `acknowledged event ${id} is missing after the restart`);
    assert.deepEqual([...events].filter((id) => !decisions.has(id)), [], 'events stored without their decision');
    assert.deepEqual([...decisions].filter((id) => !events.has(id)), [], 'decisions stored without their event');
    const orphanLinks = db.prepare('select account, type, value, event_id from rings_links where event_id is not null and event_id not in (select id from events)').all();
    assert.deepEqual(orphanLinks, [], 'ring links whose event was never stored');
    const orphanSightings = db.prepare("select event_id from rings_sightings where event_id is not null and event_id not in (select id from events)").all();
    assert.deepEqual(orphanSightings, [], 'ring sightings whose event was never stored');
    const missing = db
      .prepare("select account from events where type = 'account.created' and account not in (select account from rings_links where type = 'phone')")
      .pluck()
      .all();
    assert.deepEqual(missing, [], 'stored accounts whose phone link is missing');
    // The same for links a message makes: every stored skype line (m2) and app link (m3) has its sender's link.
    const missingFromMessages = db
      .prepare(
        `select e.id from events e where e.type = 'message.sent' and ((e.id like '%-m2' and not exists (select 1 from rings_links l where l.tenant = e.tenant and l.account = e.account and l.type = 'messenger_handle'))
           or (e.id like '%-m3' and not exists (select 1 from rings_links l where l.tenant = e.tenant and l.account = e.account and l.type = 'domain')))`,
      )
      .pluck()
      .all();
    assert.deepEqual(missingFromMessages, [], 'stored messages whose handle or domain link is missing');
    const withActions = db.prepare("select event_id from decisions where actions <> '[]'").pluck().all() as string[];
    return { events: events.size, links: Number(db.prepare('select count(*) from rings_links').pluck().get()), withActions };
  } finally {
    db.close();
  }
}

async function waitForDeliveries(receiver: Awaited<ReturnType<typeof startReceiver>>, eventIds: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const delivered = new Set(receiver.deliveries.map((d) => JSON.parse(d.body).event_id as string));
    const missing = eventIds.filter((id) => !delivered.has(id));
    if (missing.length === 0) return;
    if (Date.now() > deadline) assert.fail(`${missing.length} stored decisions never delivered, e.g. ${missing.slice(0, 3).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test(`SIGKILL during ingestion, ${TRIALS} trials: acknowledged means stored, nothing half-stored, every webhook delivered`, { timeout: 30 * 60_000 }, async () => {
  const totals = { trials: 0, sent: 0, acked: 0, stored: 0, links: 0, deliveries: 0 };
  for (let trial = 0; trial < TRIALS; trial++) {
    const dir = tempDir('cb-kill-');
    const receiver = await startReceiver();
    writeConfig(dir, { webhooks: [{ url: receiver.url, secret: SECRET }], detectorThreads: 0 });
    const rand = random(trial + 1);
    try {
      const { acked, sent } = await ingestUntilKilled(await startServer(dir), trial, rand);
      const restarted = await startServer(dir);
      const found = checkStore(dir, acked);
      await waitForDeliveries(receiver, found.withActions);
      await kill(restarted, 'SIGTERM');
      const now = Math.floor(Date.now() / 1000);
      for (const d of receiver.deliveries) assert.ok(verifySignature(SECRET, d.body, d.signature, now, 600), 'a delivery with a bad signature');
      Object.assign(totals, { trials: totals.trials + 1, sent: totals.sent + sent, acked: totals.acked + acked.size, stored: totals.stored + found.events, links: totals.links + found.links, deliveries: totals.deliveries + receiver.deliveries.length });
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`fault campaign (SIGKILL): ${JSON.stringify(totals)}`);
  assert.equal(totals.trials, TRIALS);
  assert.ok(totals.acked > 0, 'some events were acknowledged before the kills');
});
