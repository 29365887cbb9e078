// Issue 16.2: a linked APK is fetched and scanned off the decision path. The message is decided at once (link
// held, follow-up announced), other events are decided while the fetch hangs, and the scan's verdict arrives
// as a follow-up decision that is stored, joins the case and goes to the webhook outbox.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { buildApk, VOICE_FIX_STEALER } from '../apk/support/apps.ts';
import { startTestService } from '../helpers/service.ts';

const STEALER = Buffer.from(buildApk(VOICE_FIX_STEALER));

/** Serves the stealer at /app.apk; /slow.apk never answers until released. */
async function fileHost() {
  const hanging: ServerResponse[] = [];
  let arrived: () => void = () => undefined;
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((request, response) => {
    if (request.url === '/slow.apk') {
      hanging.push(response);
      arrived();
    } else response.end(STEALER);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    slowArrived,
    release: () => hanging.splice(0).forEach((r) => r.end(STEALER)),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function linkMessage(id: string, conversation: string, url: string) {
  return {
    id, tenant: 't1', type: 'message.sent', time: '2026-11-20T10:00:00Z', conversation_id: conversation, sender: `scammer-${conversation}`, recipients: [`target-${conversation}`],
    text: 'my audio is broken, install this to fix it', attachments: [{ kind: 'link', url }],
  };
}

function plainMessage(id: string, conversation: string, text: string) {
  return { id, tenant: 't1', type: 'message.sent', time: '2026-11-20T10:00:05Z', conversation_id: conversation, sender: 'amy', recipients: ['bo'], text };
}

async function serviceFor(port: number) {
  return startTestService({
    apk: { fetchLinks: true, maxBytes: 5_000_000, timeoutMs: 20_000, allowAddresses: [`127.0.0.1:${port}`] },
    webhooks: [{ url: 'http://127.0.0.1:9/hook', secret: 'follow-up-test-secret' }],
  } as never);
}

test('a hanging link server delays only its own follow-up; other events are decided meanwhile', async () => {
  const host = await fileHost();
  const cb = await serviceFor(host.port);
  try {
    const [lure] = await cb.ingest.ingest([linkMessage('m-slow', 'c1', `http://127.0.0.1:${host.port}/slow.apk`)]);
    assert.deepEqual(lure.decision.follow_ups?.map((f) => [f.event_id, f.detector, f.task]), [['m-slow#apk.0', 'apk', 'fetch_apk_link']]);
    assert.ok(lure.decision.actions.some((a) => a.type === 'hold_link' && a.target.id === 'm-slow'), 'the link is held while it is scanned');
    const link = lure.decision.signals.find((s) => s.kind === 'apk.link');
    assert.ok(link?.reasons.some((r) => r.code === 'apk_fetch_pending'));

    // The fetch reached the server and hangs there: ten other events are decided and stored anyway.
    await host.slowArrived;
    for (let i = 0; i < 10; i++) {
      const [other] = await cb.ingest.ingest([plainMessage(`o-${i}`, `c-other-${i}`, 'see you at the station at six')]);
      assert.equal(other.duplicate, false);
    }
    assert.equal(cb.followUps.pending, 1, 'the fetch is still running');
    assert.equal(await cb.queries.decision('t1', 'm-slow#apk.0'), null, 'no follow-up decision before the file arrived');

    host.release();
    await cb.followUps.idle();
    const followUp = await cb.queries.decision('t1', 'm-slow#apk.0');
    assert.ok(followUp, 'the follow-up decision is stored');
    assert.equal(followUp.follow_up_of, 'm-slow');
    assert.ok(followUp.signals.some((s) => s.kind === 'apk.contact_stealer'));
  } finally {
    await cb.cleanup();
    await host.close();
  }
});

test("the scan's verdict is decided as a follow-up: rules act, the case is the conversation's, the webhook is queued", async () => {
  const host = await fileHost();
  const cb = await serviceFor(host.port);
  try {
    await cb.ingest.ingest([linkMessage('m-1', 'c2', `http://127.0.0.1:${host.port}/app.apk`)]);
    await cb.followUps.idle();
    const followUp = await cb.queries.decision('t1', 'm-1#apk.0');
    assert.ok(followUp);
    assert.equal(followUp.event_type, 'detector.follow_up');
    assert.ok(followUp.rules_matched.includes('contact-stealer-app'));
    assert.ok(followUp.actions.some((a) => a.type === 'restrict_account' && a.target.id === 'scammer-c2'));
    assert.equal(followUp.stages.conversation_id, 'c2');
    const cases = await cb.db.selectFrom('cases').selectAll().where('tenant', '=', 't1').where('conversation_id', '=', 'c2').execute();
    assert.equal(cases.length, 1, 'the follow-up joins the case the lure opened');
    const queued = await cb.db.selectFrom('webhook_deliveries').select('body').execute();
    assert.ok(queued.some((row) => JSON.parse(row.body).decision?.event_id === 'm-1#apk.0' || row.body.includes('"m-1#apk.0"')), 'the follow-up decision is sent to the platform');
    const left = await cb.db.selectFrom('follow_ups').selectAll().execute();
    assert.deepEqual(left, [], 'the finished task is gone');
    // Delivering the same original event again neither re-runs the fetch nor decides the follow-up twice.
    const [again] = await cb.ingest.ingest([linkMessage('m-1', 'c2', `http://127.0.0.1:${host.port}/app.apk`)]);
    assert.equal(again.duplicate, true);
    assert.equal(cb.followUps.pending, 0);
  } finally {
    await cb.cleanup();
    await host.close();
  }
});

test('a refused fetch is a follow-up with the reason; a lapsed task is run again by the sweep', async () => {
  const host = await fileHost();
  const cb = await startTestService({ apk: { fetchLinks: true, maxBytes: 5_000_000, timeoutMs: 2_000, allowAddresses: [] } } as never);
  try {
    await cb.ingest.ingest([linkMessage('m-internal', 'c3', `http://[::ffff:7f00:1]:${host.port}/app.apk`)]);
    await cb.followUps.idle();
    const refused = await cb.queries.decision('t1', 'm-internal#apk.0');
    const failed = refused?.signals.find((s) => s.kind === 'apk.fetch_failed');
    assert.ok(failed, 'the follow-up says the file was not scanned');
    assert.match(failed.reasons[0].message, /not scanned: .*(loopback|mapped|not allowed|refused)/i);

    // A node that died mid-task leaves its row claimed; once the lease lapses any node runs it.
    const task = { detector: 'apk', task: 'fetch_apk_link', input: { url: 'http://[::1]:1/x.apk', field: 'attachments.0' }, event_id: 'm-lost#apk.0', tenant: 't1', of_event: 'm-lost', time: '2026-11-20T10:00:00Z', subject: 'scammer-c4', conversation_id: 'c4', recipients: ['target-c4'] };
    await cb.db.insertInto('follow_ups').values({ tenant: 't1', event_id: task.event_id, of_event: 'm-lost', detector: 'apk', task: JSON.stringify(task), attempts: 0, claimed_until: Date.now() + 60_000, created_at: Date.now() }).execute();
    assert.equal(await cb.followUps.sweep(), 0, 'a task under a live lease is left alone');
    assert.equal(await cb.followUps.sweep(Date.now() + 120_000), 1);
    await cb.followUps.idle();
    assert.ok((await cb.queries.decision('t1', 'm-lost#apk.0'))?.signals.some((s) => s.kind === 'apk.fetch_failed'));
    assert.deepEqual(await cb.db.selectFrom('follow_ups').selectAll().execute(), []);
  } finally {
    await cb.cleanup();
    await host.close();
  }
});

test('a profile photo given only by URL is hashed as a follow-up and matched against the banks', async () => {
  const { readFileSync } = await import('node:fs');
  const jpeg = readFileSync(new URL('../fixtures/pdq/images/wee.jpg', import.meta.url));
  const weeHash = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d'; // reference-hashes.csv
  const server = createServer((request, response) => (request.url === '/p.jpg' ? response.end(jpeg) : response.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const cb = await startTestService({ pdq: { photoUrls: { fetch: true, allowAddresses: [`127.0.0.1:${port}`], timeoutMs: 10_000 } } } as never);
  try {
    await cb.services.banks!.add('scam_profile_photos', [weeHash], { source: 'moderator_review', added_by: 'mod-1' });
    const photos = [{ url: `http://127.0.0.1:${port}/p.jpg` }, { url: `http://127.0.0.1:${port}/gone.jpg` }];
    const [created] = await cb.ingest.ingest([{ id: 'acc-new', tenant: 't1', type: 'account.created', time: '2026-11-20T10:00:00Z', account: { id: 'fake-1', photos } }]);
    assert.deepEqual(created.decision.follow_ups?.map((f) => f.event_id), ['acc-new#pdq.0', 'acc-new#pdq.1']);
    assert.ok(!created.decision.signals.some((s) => s.detector === 'pdq'), 'nothing was fetched while deciding');
    await cb.followUps.idle();
    const matched = await cb.queries.decision('t1', 'acc-new#pdq.0');
    assert.equal(matched?.follow_up_of, 'acc-new');
    const bank = matched?.signals.find((s) => s.kind === 'photo.bank_match');
    assert.equal((bank?.reasons[0].evidence as { distance?: number }).distance, 0);
    const missing = await cb.queries.decision('t1', 'acc-new#pdq.1');
    assert.match(missing?.signals.find((s) => s.kind === 'photo.not_fetched')?.reasons[0].message ?? '', /account\.photos\[1\] was not hashed: .*404/);
  } finally {
    await cb.cleanup();
    server.close();
  }
});
