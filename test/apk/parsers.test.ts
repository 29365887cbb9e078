import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApkFormatError } from '../../src/modules/apk/bytes.ts';
import { parseDex } from '../../src/modules/apk/dex.ts';
import { readManifest } from '../../src/modules/apk/manifest.ts';
import { extract, readZip } from '../../src/modules/apk/zip.ts';
import { pkcs7Certificates } from '../../src/modules/apk/signing.ts';
import { manifestTree, VOICE_FIX_STEALER } from './support/apps.ts';
import { writeAxml } from './support/axml-writer.ts';
import { writeDex } from './support/dex-writer.ts';
import { writeZip } from './support/zip-writer.ts';
import { pkcs7 } from './support/signing-writer.ts';
import { TEST_CERT_1, TEST_CERT_2 } from './support/certs.ts';

const text = (s: string) => new TextEncoder().encode(s);

test('zip: the central directory wins over a tampered local header, and the encryption bit is ignored', () => {
  const zip = readZip(writeZip([{ name: 'a.txt', data: text('hello hello hello'), fakeEncrypted: true, localMethodOverride: 0x7261 }]));
  assert.deepEqual(zip.encryptedFlagEntries, ['a.txt']);
  assert.equal(new TextDecoder().decode(extract(zip, zip.entries[0])), 'hello hello hello');
});

test('zip: duplicate names are listed and the first copy is the one found by name', () => {
  const zip = readZip(writeZip([{ name: 'x', data: text('first') }, { name: 'x', data: text('second') }]));
  assert.deepEqual(zip.duplicateNames, ['x']);
  assert.equal(new TextDecoder().decode(extract(zip, zip.byName.get('x')!)), 'first');
});

test('zip: a bomb is refused by declared size, by ratio and by total output, before inflating', () => {
  const zeros = new Uint8Array(2 << 20);
  const bytes = writeZip([{ name: 'big', data: zeros }, { name: 'big2', data: zeros }]);
  assert.throws(() => extract(readZip(bytes, { maxEntries: 10, maxEntryBytes: 1 << 20, maxRatio: 1000, maxTotalBytes: 1 << 30 }), readZip(bytes).entries[0]), /above the cap/);
  assert.throws(() => { const z = readZip(bytes); extract(z, z.entries[0]); }, /looks like a zip bomb/);
  const total = readZip(bytes, { maxEntries: 10, maxEntryBytes: 16 << 20, maxRatio: 100_000, maxTotalBytes: 3 << 20 });
  extract(total, total.entries[0]);
  assert.throws(() => extract(total, total.entries[1]), /total extracted bytes/);
});

test('zip: data that inflates past its declared size, a CRC mismatch and an entry-count cap are errors', () => {
  const bytes = writeZip([{ name: 'a', data: text('a'.repeat(5000)) }]);
  const cd = bytes.length - 22 - (46 + 1);
  const lying = bytes.slice();
  new DataView(lying.buffer).setUint32(cd + 24, 100, true); // declared size 100, real 5000
  assert.throws(() => { const z = readZip(lying); extract(z, z.entries[0]); }, /more than its declared 100 bytes/);
  const badCrc = bytes.slice();
  badCrc[cd + 16] ^= 0xff;
  assert.throws(() => { const z = readZip(badCrc); extract(z, z.entries[0]); }, /CRC mismatch/);
  assert.throws(() => readZip(bytes, { maxEntries: 0, maxEntryBytes: 1, maxRatio: 1, maxTotalBytes: 1 }), /above the cap of 0/);
});

test('zip: every error is an ApkFormatError naming the problem', () => {
  for (const bytes of [new Uint8Array(10), text('PK\x05\x06'.padEnd(22, '\0')), writeZip([{ name: 'a', data: text('x') }]).subarray(5)]) {
    assert.throws(() => readZip(bytes), (e: unknown) => e instanceof ApkFormatError && e.message.length > 10);
  }
});

test('axml: attributes are found by resource id even when their names are garbled', () => {
  const tree = manifestTree(VOICE_FIX_STEALER);
  const garble = (node: typeof tree): typeof tree => ({ ...node, attrs: node.attrs?.map((a) => (a.resourceId ? { ...a, name: `x${a.resourceId}` } : a)), children: node.children?.map(garble) });
  const manifest = readManifest(writeAxml(garble(tree)));
  assert.deepEqual(manifest.permissions.map((p) => p.name), ['android.permission.INTERNET', 'android.permission.READ_CONTACTS', 'android.permission.READ_PHONE_STATE', 'android.permission.READ_PHONE_NUMBERS']);
  assert.equal(manifest.permissions[3].element, 'uses-permission-sdk-23');
  assert.equal(manifest.targetSdk, 30);
});

test('axml: an impossible chunk size stops the walk with a warning instead of reading out of bounds', () => {
  const axml = writeAxml(manifestTree(VOICE_FIX_STEALER));
  const broken = axml.slice(0, axml.length - 100);
  const manifest = readManifest(broken);
  assert.ok(manifest.warnings.some((w) => /XML chunk size|impossible size/.test(w)));
  assert.equal(manifest.package, 'com.voicefix.audio.plugin');
  assert.throws(() => readManifest(new Uint8Array(4)), /too short/);
});

test('dex: ids resolve to class->member names, and a forged count is refused before allocation', () => {
  const dex = writeDex({ methods: ['Landroid/content/ContentResolver;->query'], fields: ['Landroid/provider/CallLog$Calls;->CONTENT_URI'], strings: ['content://sms/inbox'] });
  const summary = parseDex(dex);
  assert.deepEqual(summary.methods, ['Landroid/content/ContentResolver;->query']);
  assert.deepEqual(summary.fields, ['Landroid/provider/CallLog$Calls;->CONTENT_URI']);
  assert.ok(summary.strings.includes('content://sms/inbox'));
  const forged = dex.slice();
  new DataView(forged.buffer).setUint32(0x58, 0x10000000, true);
  assert.throws(() => parseDex(forged), /method_ids table .* lies outside/);
});

test('pkcs7: certificates are pulled out of a SignedData, garbage is an error', () => {
  const certs = pkcs7Certificates(pkcs7([TEST_CERT_1, TEST_CERT_2]));
  assert.deepEqual(certs.map((c) => Buffer.from(c).toString('hex')), [TEST_CERT_1, TEST_CERT_2].map((c) => c.toString('hex')));
  assert.throws(() => pkcs7Certificates(Uint8Array.from([0x30, 0x82, 0xff, 0xff])), ApkFormatError);
});

test('dex: forged string ids that all point at one long run are refused instead of costing quadratic time', () => {
  const count = 20_000;
  const bytes = new Uint8Array(0x70 + count * 4 + 50_000);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('dex\n035\0'));
  view.setUint32(0x38, count, true);
  view.setUint32(0x3c, 0x70, true);
  const run = 0x70 + count * 4;
  for (let i = 0; i < count; i++) view.setUint32(0x70 + i * 4, run, true);
  bytes.fill(0x41, run + 1); // one 50,000-byte string with no terminator
  const started = performance.now();
  assert.throws(() => parseDex(bytes), /overlap far beyond any valid layout/);
  assert.ok(performance.now() - started < 1_000);
});
