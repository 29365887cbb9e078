import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compileRules, DEFAULT_RULES, scanApk } from '../../src/modules/apk/index.ts';
import {
  BENIGN_CONTACTS_READER,
  BENIGN_NOTES,
  buildApk,
  buildAssetPayloadStealer,
  buildDuplicateManifestApk,
  buildTestApks,
  CONTACTS_UPLOADER,
  VOICE_FIX_STEALER,
} from './support/apps.ts';
import { TEST_CERT_1, TEST_CERT_2 } from './support/certs.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const rules = (r: ReturnType<typeof scanApk>) => [...new Set(r.evidence.map((e) => e.rule))].sort();

test('the voice-fix stealer is a contact_stealer with evidence for each part of the chain', () => {
  const report = scanApk(buildApk(VOICE_FIX_STEALER, { sign: 'v1+v2' }));
  assert.equal(report.ok, true);
  assert.equal(report.verdict, 'contact_stealer');
  assert.ok(report.score >= 0.8);
  assert.equal(report.package, 'com.voicefix.audio.plugin');
  assert.equal(report.versionName, '1.2');
  assert.equal(report.minSdk, 21);
  assert.equal(report.targetSdk, 30);
  assert.equal(report.usesCleartextTraffic, true);
  assert.equal(report.launcherActivity, 'com.voicefix.audio.plugin.FixActivity');
  for (const rule of ['contacts_access', 'upload_sink', 'icon_hiding', 'pretext_name', 'no_real_ui', 'hardcoded_endpoint', 'phone_number_access']) {
    assert.ok(rules(report).includes(rule), `missing ${rule}`);
  }
  const contacts = report.evidence.filter((e) => e.rule === 'contacts_access');
  assert.deepEqual(new Set(contacts.map((e) => e.kind)), new Set(['permission', 'api']));
  assert.ok(contacts.some((e) => e.value === 'Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI' && e.location === 'classes.dex'));
  assert.ok(contacts.some((e) => e.value === 'android.permission.READ_CONTACTS' && e.location === 'AndroidManifest.xml'));
  assert.deepEqual(report.urls.sort(), ['http://203.0.113.50:8080/upload.php', 'https://upload.voicefix-cdn.invalid/api/c']);
});

test('a benign app that merely reads contacts is clean, and says what it saw', () => {
  const report = scanApk(buildApk(BENIGN_CONTACTS_READER));
  assert.equal(report.verdict, 'clean');
  assert.ok(report.score < 0.4);
  assert.deepEqual(rules(report), ['contacts_access']);
});

test('a notes app with network sync is clean; a contact-backup app that uploads is only suspicious', () => {
  assert.equal(scanApk(buildApk(BENIGN_NOTES)).verdict, 'clean');
  const backup = scanApk(buildApk(CONTACTS_UPLOADER));
  assert.equal(backup.verdict, 'suspicious');
  assert.ok(backup.score >= 0.4 && backup.score < 0.8);
  assert.ok(rules(backup).includes('contacts_access') && rules(backup).includes('upload_sink'));
  assert.ok(!rules(backup).some((r) => ['icon_hiding', 'pretext_name', 'no_real_ui'].includes(r)));
});

test('one rule is never enough for contact_stealer', () => {
  const onlyContacts = { ...VOICE_FIX_STEALER, cleartext: false, permissions: ['android.permission.READ_CONTACTS'], sdk23Permissions: [], components: CONTACTS_UPLOADER.components, package: 'org.chainbreak.testapps.x', label: 'X', dex: { methods: ['Landroid/content/ContentResolver;->query'], strings: ['content://com.android.contacts'] } };
  const report = scanApk(buildApk(onlyContacts));
  assert.deepEqual(rules(report), ['contacts_access']);
  assert.notEqual(report.verdict, 'contact_stealer');
});

test('signers are fingerprinted from v1, v2 and v3 signatures', () => {
  const both = scanApk(buildApk(VOICE_FIX_STEALER, { sign: 'v1+v2' }));
  assert.deepEqual(both.signers.map((s) => [s.sha256, s.schemes.sort()]), [[sha(TEST_CERT_1), ['v1', 'v2']]]);
  assert.match(both.signers[0].subject ?? '', /Chainbreak Test Signer 1/);
  const v3 = scanApk(buildApk(VOICE_FIX_STEALER, { sign: 'v3', otherSigner: true }));
  assert.deepEqual(v3.signers.map((s) => [s.sha256, s.schemes]), [[sha(TEST_CERT_2), ['v3']]]);
  assert.deepEqual(scanApk(buildApk(VOICE_FIX_STEALER, { sign: 'none' })).signers, []);
});

test('every malformed variant Android accepts still yields the stealer verdict and the same permissions', () => {
  const expected = scanApk(buildApk(VOICE_FIX_STEALER)).permissions;
  for (const [name, bytes] of buildTestApks()) {
    if (!name.startsWith('stealer_')) continue;
    const report = scanApk(bytes);
    assert.equal(report.ok, true, `${name}: ${report.error}`);
    assert.equal(report.verdict, 'contact_stealer', name);
    assert.deepEqual(report.permissions, expected, name);
  }
});

test('archive tricks are reported as evidence', () => {
  const apks = buildTestApks();
  const encrypted = scanApk(apks.get('stealer_fake_encryption')!);
  assert.ok(encrypted.evidence.some((e) => e.rule === 'archive_tampering' && /encryption flag/.test(e.value)));
  const dup = scanApk(buildDuplicateManifestApk());
  assert.ok(dup.evidence.some((e) => e.rule === 'archive_tampering' && e.value === 'duplicate entry AndroidManifest.xml'));
  assert.ok(dup.permissions.includes('android.permission.READ_CONTACTS'), 'the second manifest copy cannot hide permissions');
});

test('code hidden in an asset jar is read and reported as dynamic code loading', () => {
  const report = scanApk(buildAssetPayloadStealer());
  assert.equal(report.verdict, 'contact_stealer');
  assert.ok(report.evidence.some((e) => e.rule === 'contacts_access' && e.location === 'assets/core.jar!classes.dex'));
  assert.ok(report.evidence.some((e) => e.rule === 'dynamic_code_loading' && e.value === 'Ldalvik/system/DexClassLoader;-><init>'));
});

test('non-APK input gives ok:false with a clear error and the unparseable verdict', () => {
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /too short to be a ZIP/],
    [new TextEncoder().encode('hello, this is not an app at all, just some text'), /no end-of-central-directory/],
    [buildApk(BENIGN_NOTES).subarray(0, 500), /no end-of-central-directory/],
  ];
  for (const [bytes, message] of cases) {
    const report = scanApk(bytes);
    assert.equal(report.ok, false);
    assert.equal(report.verdict, 'unparseable');
    assert.match(report.error ?? '', message);
    assert.equal(report.sha256, sha(bytes));
  }
});

test('SMS, call-log and account access each fire their own rule with the evidence found', () => {
  const harvester = {
    ...CONTACTS_UPLOADER,
    permissions: ['android.permission.READ_SMS', 'android.permission.READ_CALL_LOG', 'android.permission.GET_ACCOUNTS'],
    dex: {
      methods: ['Landroid/accounts/AccountManager;->getAccounts'],
      fields: ['Landroid/provider/CallLog$Calls;->CONTENT_URI:Landroid/net/Uri;'],
      strings: ['content://sms/inbox'],
    },
  };
  const report = scanApk(buildApk(harvester));
  assert.deepEqual(rules(report), ['accounts_access', 'call_log_access', 'sms_access']);
  assert.ok(report.evidence.some((e) => e.rule === 'sms_access' && e.kind === 'string' && e.value === 'content://sms/inbox'));
  assert.ok(report.evidence.some((e) => e.rule === 'call_log_access' && e.value === 'Landroid/provider/CallLog$Calls;->CONTENT_URI'));
  assert.equal(report.verdict, 'suspicious'); // 5 points of data access, but no contacts rule and no upload
});

test('a rule file with a bad field is refused with the path of the problem', () => {
  assert.throws(() => compileRules({ about: '', scoreScale: 1, verdicts: {}, rules: [] }), /invalid APK rule file at verdicts\.contact_stealer/);
  const bad = structuredClone(DEFAULT_RULES.file);
  bad.rules[0].weight = 99;
  assert.throws(() => compileRules(bad), /rules\.0\.weight/);
});
