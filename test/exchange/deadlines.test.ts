import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuthorityPackage, verifyAuthorityPackage } from '../../src/modules/exchange/authority-report.ts';
import { AuditLog } from '../../src/modules/console/audit.ts';
import { CaseQueue } from '../../src/modules/console/queue.ts';
import { clockState, DeadlineError, jurisdictionFor } from '../../src/modules/exchange/deadlines.ts';
import { RemovalClocks } from '../../src/modules/exchange/removals.ts';
import { insertCase } from '../console/helpers.ts';
import { HASH_A } from '../pdq/helpers.ts';
import { manualClock, migratedDb } from './helpers.ts';

const HOUR = 3_600_000;
const mod = { id: 'u', username: 'mod', role: 'moderator' as const, tenant: 't1' };
const VALID_US = {
  jurisdiction: 'us',
  signature: 'Jane Doe',
  content: { contentIds: ['media-1'], pdq: [HASH_A] },
  goodFaithStatement: 'I did not consent to this image being published.',
  contact: 'jane@example.org',
};

test('a TAKE IT DOWN request starts a 48 h clock, shown in queue data, closed with audit, exported', async () => {
  const clock = manualClock();
  const db = await migratedDb();
  const audit = new AuditLog(db, { now: clock.now });
  const clocks = new RemovalClocks({ db, audit, now: clock.now });
  await insertCase(db, 'c1');
  await insertCase(db, 'c2');

  const r = await clocks.open({ ...VALID_US, tenant: 't1', caseId: 'c1', source: 'victim_report' });
  assert.equal(r.law, 'TAKE IT DOWN Act (notice and removal)');
  assert.equal(r.deadlineAt - r.receivedAt, 48 * HOUR);
  assert.equal(r.clock, 'ok');

  const queue = new CaseQueue(db, { now: clock.now });
  clock.advance(37 * HOUR);
  const rows = await clocks.withDeadlines((await queue.list({ tenant: 't1' })).cases);
  const c1 = rows.find((c) => c.id === 'c1')!;
  assert.deepEqual([c1.removal_deadline!.clock, c1.removal_deadline!.remaining_ms], ['due_soon', 11 * HOUR]);
  assert.equal(rows.find((c) => c.id === 'c2')!.removal_deadline, null);

  clock.advance(12 * HOUR);
  assert.equal((await clocks.list({ status: 'open' }))[0].clock, 'overdue');
  const done = await clocks.complete(mod, r.id, 'removed', 'media-1 removed, 2 identical copies found by PDQ and removed');
  assert.equal(done.clock, 'missed', 'completed after 49 h: the deadline was missed, and the record says so');
  await assert.rejects(clocks.complete(mod, r.id, 'removed', 'again'), /already removed/);
  const csv = await clocks.exportCsv();
  assert.match(csv.split('\n')[1], /,US,TAKE IT DOWN Act \(notice and removal\),victim_report,2,.*,removed,.*,mod,missed$/);
  const entries = await audit.list({ caseId: 'c1' });
  assert.deepEqual(entries.map((e) => e.action).reverse(), ['removal_request_opened', 'removal_removed']);
});

test('an invalid request starts no clock and says what is missing; other jurisdictions use their own hours', async () => {
  const clock = manualClock();
  const db = await migratedDb();
  const clocks = new RemovalClocks({ db, now: clock.now });
  await assert.rejects(
    clocks.open({ jurisdiction: 'US', content: { urls: ['https://x.example/p/1'] }, tenant: 't1', source: 'victim_report' }),
    (e: DeadlineError) => e.missing.join() === 'signature,good_faith_statement,contact' && /needs: signature/.test(e.message),
  );
  assert.equal((await clocks.list()).length, 0);
  const au = await clocks.open({ jurisdiction: 'AU', content: { urls: ['https://x.example/p/1'] }, tenant: 't1', source: 'authority' });
  assert.equal(au.deadlineAt - au.receivedAt, 24 * HOUR);
  assert.equal(jurisdictionFor('ZZ').code, 'DEFAULT');
  const custom = new RemovalClocks({ db, now: clock.now, jurisdictions: [{ code: 'XX', law: 'test law', hours: 2, requires: ['content_identification'] }] });
  assert.equal((await custom.open({ jurisdiction: 'xx', content: { md5: ['0f343b0931126a20f133d67c2b018a3b'] }, tenant: 't1', source: 'partner' })).law, 'test law');
  assert.deepEqual(clockState(0, 100, 50, null), { state: 'ok', remainingMs: 50 });
  assert.deepEqual(clockState(0, 100, 80, null).state, 'due_soon');
  assert.deepEqual(clockState(0, 100, 90, 95).state, 'met');
});

test('authority package: every item hashed with provenance, a manifest, CyberTipline fields for a minor', async () => {
  const clock = manualClock();
  const db = await migratedDb();
  await insertCase(db, 'c1');
  const t = clock.now();
  await db.insertInto('messages').values({ tenant: 't1', event_id: 'e1', conversation_id: 'conv-c1', sender: 'suspect-c1', recipients: '["victim-c1"]', time: t, text: 'send the money or I send the video to your friends', features: '[]', evidence: 1 }).execute();
  await db.insertInto('events').values({ tenant: 't1', id: 'e1', type: 'message.sent', time: t, received_at: t + 5, conversation_id: 'conv-c1', account: 'suspect-c1', payload: JSON.stringify({ sender: 'suspect-c1', attachments: [] }) }).execute();
  await db.insertInto('events').values({ tenant: 't1', id: 'e2', type: 'media.shared', time: t + 1000, received_at: t + 1005, conversation_id: 'conv-c1', account: 'suspect-c1', payload: JSON.stringify({ sender: 'suspect-c1', media: { kind: 'image', name: 'proof.jpg', pdq: HASH_A.toUpperCase(), md5: '0F343B0931126A20F133D67C2B018A3B' } }) }).execute();
  await db.insertInto('rings_sightings').values({ tenant: 't1', account: 'suspect-c1', type: 'payment_account', value: 'GB82WEST12345698765432', strength: 'strong', source: 'message.sent:e1 text[10,32]', event_id: 'e1', time: t }).execute();
  await new AuditLog(db, { now: clock.now }).append({ actor: 'mod', role: 'moderator', action: 'preserve_evidence', targetType: 'case', targetId: 'c1', caseId: 'c1', reason: 'minor, active extortion' });
  const caseRow = (await new CaseQueue(db).get('c1'))!;

  const pkg = await buildAuthorityPackage({ db, caseRow, builtBy: 'investigator', reporter: { espService: 'ExampleDate', reportingPerson: { firstName: 'Sam', lastName: 'Lee', email: 'safety@example.org' } }, victimIsMinor: true, now: t + HOUR });
  assert.deepEqual(pkg.items.map((i) => i.kind), ['message', 'media', 'identifier', 'audit']);
  assert.ok(pkg.items.every((i) => /^[0-9a-f]{64}$/.test(i.sha256) && i.provenance.store));
  const media = pkg.items.find((i) => i.kind === 'media')!;
  assert.deepEqual([media.data.pdq, media.data.md5, media.provenance.event_id], [HASH_A, '0f343b0931126a20f133d67c2b018a3b', 'e2']);
  assert.deepEqual(verifyAuthorityPackage(pkg), { ok: true });

  const ct = pkg.cybertipline!;
  const summary = ct.report.incidentSummary as { reportAnnotations: string[]; incidentDateTime: string };
  assert.deepEqual(summary.reportAnnotations, ['sextortion']);
  assert.equal(summary.incidentDateTime, new Date(t).toISOString());
  assert.equal((ct.report.personOrUserReported as { espIdentifier: string }).espIdentifier, 'suspect-c1');
  assert.match((ct.report.personOrUserReported as { additionalInfo: string }).additionalInfo, /payment_account: GB82WEST12345698765432/);
  assert.deepEqual(ct.files[0].originalFileHash, [{ hashType: 'MD5', value: '0f343b0931126a20f133d67c2b018a3b' }]);
  assert.deepEqual(ct.files[0].details, [{ name: 'PDQ', value: HASH_A, type: 'HASH' }]);
  assert.deepEqual(ct.missing, ['victim.victimPerson: age or date of birth, if known (the platform does not hold it)']);

  // Tampering with any item, or dropping one, is detected.
  const edited = structuredClone(pkg);
  (edited.items[0].data as { text: string }).text = 'something else';
  assert.match((verifyAuthorityPackage(edited) as { problem: string }).problem, /item e1 does not match/);
  const dropped = { ...structuredClone(pkg), items: pkg.items.slice(1) };
  assert.match((verifyAuthorityPackage(dropped) as { problem: string }).problem, /manifest/);
  const adult = await buildAuthorityPackage({ db, caseRow, builtBy: 'x', reporter: { espService: 'ExampleDate' } });
  assert.equal(adult.cybertipline, undefined);
});
