// Many nodes on one PostgreSQL (issue 14): two Chainbreak instances share a database and take turns on the same
// conversations, concurrently with each other. Every decision must be the one a single node makes on the same
// events (no stale cached state), crew links written by one node must be seen by the other, and one event
// delivered to both nodes at once must be decided once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChainbreak, type Chainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ChainEvent } from '../../src/core/events.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

let server: TempPostgres;
before(() => {
  server = startTempPostgres();
});
after(() => server.stop());

const CREWS = 16;
const SCRIPT = [
  'hi handsome, you look kind',
  'take off your shirt for me, show me your body',
  "let's continue on skype, add me live:anna.sweet22",
  'my audio is not working, install this app to fix it http://voicefix.example/fix.apk',
  'i recorded your video. i will send the video to all your contacts and family',
  'pay 500 usd now by western union or it goes on youtube',
];
const at = (crew: number, minutes: number) => new Date(Date.UTC(2026, 10, 1, 10) + crew * 1_000 + minutes * 60_000).toISOString();

/** Crew i shares its phone with crew i + CREWS/2, so the two halves, created on different nodes, form rings. */
function created(crew: number): ChainEvent {
  const phone = `+4477009${String(10_000 + (crew % (CREWS / 2))).slice(-5)}`;
  // Parsed as the API parses it, so schema defaults (empty lists) are filled in.
  return ChainEvent.parse({ id: `created-${crew}`, tenant: 'acme', type: 'account.created', time: at(crew, 0), account: { id: `op${crew}`, phone, device_ids: [], photos: [] } });
}

function message(crew: number, step: number): ChainEvent {
  return ChainEvent.parse({ id: `m-${crew}-${step}`, tenant: 'acme', type: 'message.sent', time: at(crew, 1 + step * 10), conversation_id: `conv-${crew}`, sender: `op${crew}`, recipients: [`victim${crew}`], text: SCRIPT[step] });
}

const half = (from: number) => Array.from({ length: CREWS / 2 }, (_, k) => from + k);

/** Round r: node A takes one half of the crews and node B the other, at once; the halves swap every round. */
function rounds(): { a: ChainEvent[]; b: ChainEvent[] }[] {
  const out = [{ a: half(0).map(created), b: half(CREWS / 2).map(created) }];
  for (let step = 0; step < SCRIPT.length; step++) {
    const [first, second] = step % 2 === 0 ? [half(0), half(CREWS / 2)] : [half(CREWS / 2), half(0)];
    out.push({ a: first.map((c) => message(c, step)), b: second.map((c) => message(c, step)) });
  }
  return out;
}

function summary(results: { event_id: string; decision: { verdict: string; actions: { type: string }[]; stages: { new: { stage: string }[] } } }[]) {
  return results.map((r) => `${r.event_id}:${r.decision.verdict}:${r.decision.actions.map((a) => a.type).sort().join('+')}:${r.decision.stages.new.map((s) => s.stage).join('+')}`);
}

async function node(url: string): Promise<Chainbreak> {
  return createChainbreak(loadConfig(undefined, { dataDir: tempDir(), postgresUrl: url, logLevel: 'silent', detectorThreads: 0 }), { background: false });
}

test('two nodes on one PostgreSQL decide as one node does, share rings, and decide a doubly delivered event once', async () => {
  const referenceUrl = await server.createDatabase('reference');
  const a = await node(server.url);
  const b = await node(server.url);
  const single = await node(referenceUrl);
  try {
    const shared: string[] = [];
    const alone: string[] = [];
    for (const [index, round] of rounds().entries()) {
      const [fromA, fromB] = await Promise.all([a.ingest.ingestValid(round.a), b.ingest.ingestValid(round.b)]);
      const fromSingle = [...(await single.ingest.ingestValid(round.a)), ...(await single.ingest.ingestValid(round.b))];
      // Round 0 creates the accounts on both nodes at once: which one links second is a race, so its ring
      // signals may differ; from then on every link is stored and the decisions must agree.
      if (index === 0) continue;
      shared.push(...summary([...fromA, ...fromB]));
      alone.push(...summary(fromSingle));
    }
    assert.deepEqual(shared, alone);
    assert.ok(alone.some((line) => line.includes('threat')), 'the conversations reached the threat stage');

    const expected = single.services.rings!.ringOf('acme', 'op0')?.accounts;
    assert.ok(expected?.includes(`op${CREWS / 2}`), 'crews created on different nodes are one ring');
    for (const cb of [a, b]) {
      await cb.ingest.ingestValid([message(0, 0)]); // a batch makes a node catch up with the other's links
      assert.deepEqual(cb.services.rings!.ringOf('acme', 'op0')?.accounts, expected);
    }

    const twice = { ...message(CREWS - 1, 0), id: 'delivered-twice', time: at(CREWS - 1, 200) } as ChainEvent;
    const [first, second] = await Promise.all([a.ingest.ingestValid([twice]), b.ingest.ingestValid([twice])]);
    assert.deepEqual([first[0].duplicate, second[0].duplicate].sort(), [false, true]);
    const stored = await a.db.selectFrom('decisions').select('event_id').where('event_id', '=', 'delivered-twice').execute();
    assert.equal(stored.length, 1);
  } finally {
    await Promise.all([a.close(), b.close(), single.close()]);
  }
});

test('an idle node catches up with the rings another node stored without ingesting anything', async () => {
  const url = await server.createDatabase('idle_catch_up');
  const a = await node(url);
  const b = await node(url);
  try {
    await a.ingest.ingestValid([created(0), created(CREWS / 2)]); // the two share a phone: one ring, stored by A
    assert.deepEqual(a.services.rings!.ringOf('acme', 'op0')?.accounts.sort(), ['op0', `op${CREWS / 2}`]);
    assert.equal(b.services.rings!.ringOf('acme', 'op0'), null, 'B has not looked yet');
    await b.ingest.catchUp();
    assert.deepEqual(b.services.rings!.ringOf('acme', 'op0')?.accounts.sort(), ['op0', `op${CREWS / 2}`]);
    await b.ingest.catchUp(60_000); // just caught up: skipped, and harmless
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
