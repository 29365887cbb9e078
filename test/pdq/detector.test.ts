import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvent, type ChainEvent } from '../../src/core/events.ts';
import { createPdqDetector } from '../../src/modules/pdq/detector.ts';
import { flipBits, HASH_A, HASH_B, HASH_C, loadedService } from './helpers.ts';

const context = { now: 0, stagesSeen: new Set<string>() };
let seq = 0;

function event(raw: Record<string, unknown>): ChainEvent {
  const parsed = parseEvent({ id: `evt-${++seq}`, tenant: 't1', time: '2026-11-23T20:00:00Z', ...raw });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.event;
}

function profile(account: string, hashes: string[], type = 'account.created'): ChainEvent {
  return event({ type, account: { id: account, photos: hashes.map((pdq) => ({ pdq })) } });
}

test('a profile photo near a bank entry gives photo.bank_match with bank, hash, distance and provenance', async () => {
  const { service } = await loadedService();
  await service.add('scam_profile_photos', [HASH_A], { source: 'moderator_review', added_by: 'mod-7' });
  const detector = createPdqDetector(service);
  const result = await detector.detect(profile('acc-1', [HASH_C, flipBits(HASH_A, [1, 2, 3])]), context);
  const signal = result.signals.find((s) => s.kind === 'photo.bank_match');
  assert.ok(signal);
  assert.equal(signal.detector, 'pdq');
  assert.equal(signal.reasons.length, 1);
  const evidence = signal.reasons[0].evidence as Record<string, any>;
  assert.equal(evidence.bank, 'scam_profile_photos');
  assert.equal(evidence.hash, HASH_A);
  assert.equal(evidence.distance, 3);
  assert.equal(evidence.provenance.source, 'moderator_review');
  assert.match(signal.reasons[0].message, /account\.photos\[1\]/);
  assert.ok(signal.score > 0.6 && signal.score <= 1);
  assert.deepEqual(result.identifiers.map((i) => i.type), ['photo_pdq', 'photo_pdq']);
  assert.equal(result.identifiers[1].value, flipBits(HASH_A, [1, 2, 3]));
});

test('media shared in chats and message attachments are matched; photos by URL only are ignored', async () => {
  const { service } = await loadedService();
  await service.add('victim_submitted', [HASH_B], { source: 'victim_help_page', added_by: 'anonymous' });
  const detector = createPdqDetector(service);
  const media = await detector.detect(event({ type: 'media.shared', sender: 's', recipients: ['r'], media: { kind: 'image', pdq: HASH_B } }), context);
  assert.equal(media.signals[0].kind, 'photo.bank_match');
  assert.ok(media.signals[0].score >= 0.9, 'an exact victim-submitted match is near certain');
  const message = await detector.detect(
    event({ type: 'message.sent', conversation_id: 'c', sender: 's', recipients: ['r'], text: 'hi', attachments: [{ kind: 'image', pdq: flipBits(HASH_B, [9]) }] }),
    context,
  );
  assert.equal((message.signals[0].reasons[0].evidence as any).field, 'attachments[0]');
  const urlOnly = await detector.detect(event({ type: 'account.created', account: { id: 'x', photos: [{ url: 'https://example.test/p.jpg' }] } }), context);
  assert.deepEqual(urlOnly, { signals: [], identifiers: [] });
});

test('the same photo on several accounts gives photo.reused, per tenant, not for the same account', async () => {
  const { service } = await loadedService();
  const detector = createPdqDetector(service, { reuseMinOtherAccounts: 2 });
  assert.deepEqual((await detector.detect(profile('farm-1', [HASH_A]), context)).signals, []);
  assert.deepEqual((await detector.detect(profile('farm-2', [flipBits(HASH_A, [7])]), context)).signals, []);
  // The same account updating its profile is not reuse.
  assert.deepEqual((await detector.detect(profile('farm-2', [HASH_A], 'account.updated'), context)).signals, []);
  const third = await detector.detect(profile('farm-3', [flipBits(HASH_A, [100, 200])]), context);
  const reused = third.signals.find((s) => s.kind === 'photo.reused');
  assert.ok(reused);
  const evidence = reused.reasons[0].evidence as any;
  assert.equal(evidence.count, 2);
  assert.deepEqual(evidence.other_accounts.map((o: any) => o.account).sort(), ['farm-1', 'farm-2']);
  // Another tenant never sees t1's photos.
  const other = event({ type: 'account.created', tenant: 't2', account: { id: 'z', photos: [{ pdq: HASH_A }] } });
  assert.deepEqual((await detector.detect(other, context)).signals, []);
});

test('reuse memory is capped: the oldest generation is forgotten', async () => {
  const { service } = await loadedService();
  const detector = createPdqDetector(service, { reuseMinOtherAccounts: 1, reuseCapacityPerTenant: 4 });
  await detector.detect(profile('old', [HASH_A]), context);
  // Four unrelated photos (34 flipped bits apart from each other) fill both generations.
  for (let i = 0; i < 4; i++) {
    const unrelated = flipBits(HASH_C, Array.from({ length: 34 }, (_, k) => i * 40 + k));
    await detector.detect(profile(`filler-${i}`, [unrelated]), context);
  }
  assert.deepEqual((await detector.detect(profile('new', [HASH_A]), context)).signals, []);
});

test('photos given by URL are fetched only as follow-ups after the decision, through the opt-in hook; failures are reported, not fatal', async () => {
  const { service } = await loadedService();
  await service.add('scam_profile_photos', [HASH_A], { source: 'moderator_review', added_by: 'mod-7' });
  const fetched: string[] = [];
  const detector = createPdqDetector(service, {
    hashPhotoUrl: async (url) => {
      fetched.push(url);
      if (url.includes('broken')) throw new Error('HTTP 500');
      return HASH_A;
    },
  });
  const photos = [{ url: 'https://cdn.example.test/broken.jpg' }, { url: 'https://cdn.example.test/p.jpg' }, { pdq: HASH_B, url: 'https://cdn.example.test/q.jpg' }];
  const created = event({ type: 'account.created', account: { id: 'u1', photos } });
  const decided = await detector.detect(created, context);
  assert.deepEqual(fetched, [], 'nothing is fetched while the event is decided');
  assert.deepEqual(decided.followUps?.map((t) => t.input.field), ['account.photos[0]', 'account.photos[1]']);
  const run = (i: number) => detector.followUp!({ ...decided.followUps![i], tenant: 't1', of_event: created.id });
  const broken = await run(0);
  assert.equal(broken.signals[0].kind, 'photo.not_fetched');
  assert.equal(broken.signals[0].score, 0);
  assert.equal(broken.signals[0].reasons[0].message, 'account.photos[0] was not hashed: HTTP 500');
  const good = await run(1);
  assert.deepEqual(fetched, ['https://cdn.example.test/broken.jpg', 'https://cdn.example.test/p.jpg']);
  const match = good.signals.find((s) => s.kind === 'photo.bank_match');
  assert.equal((match?.reasons[0].evidence as any).field, 'account.photos[1]');
  assert.deepEqual(good.identifiers.map((i) => i.type), ['photo_pdq']);
  const off = await createPdqDetector(service).detect(created, context);
  assert.equal(off.followUps, undefined, 'without the hook no follow-up is left');
});

test('createUrlPhotoHasher fetches (guarded), caps and hashes a photo; refuses other schemes, oversize bodies and unlisted hosts', async () => {
  const { createServer } = await import('node:http');
  const { createUrlPhotoHasher } = await import('../../src/modules/pdq/url-photo.ts');
  const { fixtureBytes, referenceHashes } = await import('./fixtures.ts');
  const row = referenceHashes().find((r) => r.path === 'images/wee.jpg');
  assert.ok(row);
  const jpeg = fixtureBytes(row.path);
  const server = createServer((req, res) => {
    if (req.url === '/wee.jpg') res.end(Buffer.from(jpeg));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const base = `http://127.0.0.1:${port}`;
    // The test server is on loopback, which the guard refuses unless the operator allows it.
    await assert.rejects(createUrlPhotoHasher()(`${base}/wee.jpg`), { name: 'PhotoFetchError', code: 'blocked_address' });
    const allowed = { allowAddresses: [`127.0.0.1:${port}`] };
    assert.equal(await createUrlPhotoHasher(allowed)(`${base}/wee.jpg`), row.hash);
    await assert.rejects(createUrlPhotoHasher(allowed)(`${base}/missing.jpg`), /HTTP 404/);
    await assert.rejects(createUrlPhotoHasher({ ...allowed, maxBytes: 1000 })(`${base}/wee.jpg`), { code: 'too_large' });
    await assert.rejects(createUrlPhotoHasher(allowed)('file:///etc/passwd'), { code: 'bad_scheme' });
    await assert.rejects(createUrlPhotoHasher({ ...allowed, allowedHosts: ['cdn.example.test'] })(`${base}/wee.jpg`), { code: 'host_not_allowed' });
  } finally {
    server.close();
  }
});
