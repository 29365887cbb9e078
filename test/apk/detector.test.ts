import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { createApkDetector } from '../../src/modules/apk/index.ts';
import { fetchApkLink } from '../../src/modules/apk/fetch-link.ts';
import { ApkScanPool } from '../../src/modules/apk/scan-pool.ts';
import { parseEvent, type ChainEvent } from '../../src/core/events.ts';
import { buildApk, BENIGN_NOTES, VOICE_FIX_STEALER } from './support/apps.ts';
import { TEST_CERT_1 } from './support/certs.ts';

const context = { now: 0, stagesSeen: new Set<string>() };

function message(extra: Record<string, unknown>): ChainEvent {
  const parsed = parseEvent({ id: 'evt-1', tenant: 't', time: '2026-11-23T20:00:00Z', type: 'message.sent', conversation_id: 'c1', sender: 'a', recipients: ['b'], ...extra });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.event;
}

test('an attached stealer APK becomes apk.contact_stealer with its evidence, signer and endpoint domain', async () => {
  const content = Buffer.from(buildApk(VOICE_FIX_STEALER)).toString('base64');
  const detection = await createApkDetector().detect(message({ attachments: [{ kind: 'apk', name: 'VoiceFix.apk', content_base64: content }] }), context);
  assert.equal(detection.signals.length, 1);
  const [signal] = detection.signals;
  assert.equal(signal.kind, 'apk.contact_stealer');
  assert.equal(signal.stage, 'app_lure');
  assert.ok(signal.score >= 0.8);
  assert.ok(signal.reasons.some((r) => r.code === 'contacts_access' && /READ_CONTACTS/.test(r.message)));
  const signer = createHash('sha256').update(TEST_CERT_1).digest('hex');
  assert.deepEqual(detection.identifiers.find((i) => i.type === 'apk_signer')?.value, signer);
  assert.ok(detection.identifiers.some((i) => i.type === 'domain' && i.value === 'voicefix-cdn.invalid'));
  assert.ok(detection.identifiers.some((i) => i.type === 'ip' && i.value === '203.0.113.50'));
  assert.ok(detection.identifiers.every((i) => i.source.startsWith('apk:evt-1 attachments.0')));
});

test('with the worker pool, an attached APK gets the inline verdict off the event loop; a failed scan is a lure step with its reason', async () => {
  const content = Buffer.from(buildApk(VOICE_FIX_STEALER)).toString('base64');
  const event = message({ attachments: [{ kind: 'apk', name: 'VoiceFix.apk', content_base64: content }] });
  const pool = new ApkScanPool();
  try {
    const inline = await createApkDetector().detect(event, context);
    const pooled = await createApkDetector({ scan: (bytes) => pool.scan(bytes) }).detect(event, context);
    assert.deepEqual(pooled, inline);
    assert.notEqual(pool.lastThreadId, 0, 'the scan ran in a worker thread');
  } finally {
    await pool.close();
  }
  const failing = await createApkDetector({ scan: () => Promise.reject(new Error('worker exited with code 1')) }).detect(event, context);
  const [signal] = failing.signals;
  assert.equal(signal.kind, 'apk.unparseable');
  assert.equal(signal.stage, 'app_lure');
  assert.ok(signal.score >= 0.6, 'an app sent in chat is still a lure step');
  assert.match(signal.reasons[0].message, /scanner failed: worker exited/);
});

test('a link to an APK is an app_lure signal on its own, in attachments and in text, without fetching', async () => {
  const detector = createApkDetector();
  const byUrl = await detector.detect(message({ attachments: [{ kind: 'link', url: 'https://files.chainbreak.invalid/AudioFix.apk?dl=1' }] }), context);
  assert.deepEqual(byUrl.signals.map((s) => [s.kind, s.stage]), [['apk.link', 'app_lure']]);
  const byMime = await detector.detect(message({ attachments: [{ kind: 'file', name: 'update', mime: 'application/vnd.android.package-archive' }] }), context);
  assert.equal(byMime.signals[0].kind, 'apk.link');
  const text = 'your audio is broken, install https://fix.chainbreak.invalid/voice.apk then call me';
  const byText = await detector.detect(message({ text }), context);
  const span = byText.signals[0].reasons[0].spans?.[0];
  assert.equal(span && text.slice(span.start, span.end), 'https://fix.chainbreak.invalid/voice.apk');
  const none = await detector.detect(message({ text: 'see https://example.org/apk-guide.html', attachments: [{ kind: 'image', url: 'https://x.invalid/a.jpg' }] }), context);
  assert.deepEqual(none.signals, []);
});

test('media.shared APKs are scanned too; a benign one still counts as a lure step', async () => {
  const parsed = parseEvent({ id: 'evt-2', tenant: 't', time: '2026-11-23T20:00:00Z', type: 'media.shared', sender: 'a', media: { kind: 'apk', content_base64: Buffer.from(buildApk(BENIGN_NOTES)).toString('base64') } });
  assert.ok(parsed.ok);
  const detection = await createApkDetector().detect(parsed.event, context);
  assert.equal(detection.signals[0].kind, 'apk.clean');
  assert.ok(detection.signals[0].score >= 0.6);
});

test('link fetching, when enabled, scans what the link serves and respects the size cap', async () => {
  const apk = Buffer.from(buildApk(VOICE_FIX_STEALER));
  const server = createServer((_req, res) => res.end(apk));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const refused = await fetchApkLink(`http://127.0.0.1:${port}/a.apk`, { maxBytes: 1e6, timeoutMs: 2_000 });
    assert.ok(!refused.ok && refused.code === 'blocked_address' && /loopback/.test(refused.error));
    // A public-looking name resolved (by an injected resolver) to the local server, which the operator allows.
    const guard = { resolver: async () => [{ address: '127.0.0.1', family: 4 as const }], allowAddresses: [`127.0.0.1:${port}`] };
    const link = message({ attachments: [{ kind: 'link', url: `http://files.chainbreak.invalid:${port}/a.apk` }] });
    // detect() never fetches: it leaves the fetch as a follow-up task, run later off the decision path.
    const detector = createApkDetector({ fetchLinks: { maxBytes: 1e6, timeoutMs: 2_000, ...guard } });
    const decided = await detector.detect(link, context);
    assert.deepEqual(decided.signals.map((s) => s.kind), ['apk.link']);
    assert.deepEqual(decided.followUps, [{ detector: 'apk', task: 'fetch_apk_link', input: { url: `http://files.chainbreak.invalid:${port}/a.apk`, field: 'attachments.0' } }]);
    const run = { ...decided.followUps![0], tenant: 't', of_event: 'evt-1' };
    const fetched = await detector.followUp!(run);
    assert.deepEqual(fetched.signals.map((s) => s.kind), ['apk.contact_stealer']);
    assert.ok(fetched.identifiers.every((i) => i.source.startsWith('apk:evt-1 attachments.0.url')));
    const capped = await createApkDetector({ fetchLinks: { maxBytes: 100, timeoutMs: 2_000, ...guard } }).followUp!(run);
    assert.deepEqual(capped.signals.map((s) => s.kind), ['apk.fetch_failed']);
    assert.match(capped.signals[0].reasons[0].message, /not scanned: .*100-byte cap/);
    const withoutFetching = await createApkDetector().detect(link, context);
    assert.equal(withoutFetching.followUps?.length ?? 0, 0, 'no fetch unless the deployment turns it on');
    const file = await fetchApkLink('file:///etc/passwd', { maxBytes: 100, timeoutMs: 100 });
    assert.ok(!file.ok && file.code === 'bad_scheme' && /only http and https/.test(file.error));
  } finally {
    server.close();
  }
});
