// The harmless test apps the APK tests, fuzz run and benchmark are built from. None of them contains
// code: each DEX only lists the references a real app of that shape would make, which is what the
// scanner reads. Package names and endpoints use reserved names (*.invalid, TEST-NET addresses).
import { writeAxml, type AxmlTamper, type XmlAttr, type XmlNode } from './axml-writer.ts';
import { TEST_CERT_1, TEST_CERT_2 } from './certs.ts';
import { writeDex, type DexSpec } from './dex-writer.ts';
import { pkcs7, signingBlock } from './signing-writer.ts';
import { writeZip, type ZipInput } from './zip-writer.ts';

export const A = { label: 0x01010001, name: 0x01010003, enabled: 0x0101000e, exported: 0x01010010, minSdkVersion: 0x0101020c, versionCode: 0x0101021b, versionName: 0x0101021c, targetSdkVersion: 0x01010270, usesCleartextTraffic: 0x010104ec } as const;

export interface AppSpec {
  package: string;
  label: string;
  permissions: string[];
  sdk23Permissions?: string[];
  /** Component tags and names; the first activity gets the MAIN/LAUNCHER filter unless noLauncher. */
  components: [tag: string, name: string][];
  noLauncher?: boolean;
  cleartext?: boolean;
  dex: DexSpec;
}

const attr = (name: keyof typeof A, value: XmlAttr['value']): XmlAttr => ({ name, resourceId: A[name], value });
const named = (tag: string, name: string, children: XmlNode[] = []): XmlNode => ({ tag, attrs: [attr('name', name)], children });

export function manifestTree(app: AppSpec): XmlNode {
  let launcherGiven = !!app.noLauncher;
  const components = app.components.map(([tag, name]) => {
    if (tag !== 'activity' || launcherGiven) return named(tag, name);
    launcherGiven = true;
    return named(tag, name, [{ tag: 'intent-filter', children: [named('action', 'android.intent.action.MAIN'), named('category', 'android.intent.category.LAUNCHER')] }]);
  });
  const applicationAttrs = [attr('label', app.label), ...(app.cleartext ? [attr('usesCleartextTraffic', true)] : [])];
  return {
    tag: 'manifest',
    attrs: [attr('versionCode', 3), attr('versionName', '1.2'), { name: 'package', value: app.package }],
    children: [
      { tag: 'uses-sdk', attrs: [attr('minSdkVersion', 21), attr('targetSdkVersion', 30)] },
      ...app.permissions.map((p) => named('uses-permission', p)),
      ...(app.sdk23Permissions ?? []).map((p) => named('uses-permission-sdk-23', p)),
      { tag: 'application', attrs: applicationAttrs, children: components },
    ],
  };
}

export interface BuildOptions {
  axml?: AxmlTamper;
  sign?: 'none' | 'v1' | 'v2' | 'v1+v2' | 'v3';
  /** Second certificate instead of the first (a different "crew"). */
  otherSigner?: boolean;
  extraEntries?: ZipInput[];
  /** Applied to every entry (fakeEncrypted, localMethodOverride). */
  entryTamper?: Partial<ZipInput>;
}

export function buildApk(app: AppSpec, options: BuildOptions = {}): Uint8Array {
  const cert = options.otherSigner ? TEST_CERT_2 : TEST_CERT_1;
  const sign = options.sign ?? 'v2';
  const plain: ZipInput[] = [
    { name: 'AndroidManifest.xml', data: writeAxml(manifestTree(app), options.axml) },
    { name: 'classes.dex', data: writeDex(app.dex) },
    { name: 'resources.arsc', data: emptyResourceTable(), method: 0 },
    ...(options.extraEntries ?? []),
  ];
  const entries: ZipInput[] = plain.map((e) => ({ ...e, ...options.entryTamper }));
  if (sign === 'v1' || sign === 'v1+v2') entries.push({ name: 'META-INF/CERT.RSA', data: pkcs7([cert]) });
  const block = sign === 'v2' || sign === 'v1+v2' ? signingBlock([cert], 'v2') : sign === 'v3' ? signingBlock([cert], 'v3') : undefined;
  return writeZip(entries, { signingBlock: block });
}

/** A resource table with no packages: enough for aapt to open the APK. */
export function emptyResourceTable(): Uint8Array {
  const out = new Uint8Array(12 + 28);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0x0002, true); v.setUint16(2, 12, true); v.setUint32(4, out.length, true); v.setUint32(8, 0, true);
  v.setUint16(12, 0x0001, true); v.setUint16(14, 28, true); v.setUint32(16, 28, true);
  return out;
}

const P = (name: string) => `android.permission.${name}`;
const ACTIVITY = 'Landroid/app/Activity;->onCreate';
const QUERY = 'Landroid/content/ContentResolver;->query';
const PHONE_URI = 'Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI';
const HTTP = ['Ljava/net/URL;->openConnection', 'Ljava/net/HttpURLConnection;->setRequestMethod', 'Ljava/net/HttpURLConnection;->setDoOutput', 'Ljava/net/URLConnection;->getOutputStream'];

/** A notes app with sync: network access, a normal UI, nothing personal read. */
export const BENIGN_NOTES: AppSpec = {
  package: 'org.chainbreak.testapps.notes',
  label: 'Notes',
  permissions: [P('INTERNET'), P('ACCESS_NETWORK_STATE')],
  components: [['activity', '.MainActivity'], ['activity', '.EditorActivity'], ['activity', '.SettingsActivity'], ['service', '.SyncService'], ['provider', '.NotesProvider']],
  dex: { methods: [ACTIVITY, ...HTTP, 'Lorg/json/JSONObject;->put'], strings: ['https://notes-sync.chainbreak.invalid/v1/notes', 'http://schemas.android.com/apk/res/android'] },
};

/** A dialer that shows contacts: reads them, never uploads them. */
export const BENIGN_CONTACTS_READER: AppSpec = {
  package: 'org.chainbreak.testapps.dialer',
  label: 'Dialer',
  permissions: [P('READ_CONTACTS'), P('CALL_PHONE')],
  components: [['activity', '.DialerActivity'], ['activity', '.ContactDetailActivity'], ['activity', '.SettingsActivity'], ['receiver', '.CallReceiver']],
  dex: { methods: [ACTIVITY, QUERY, 'Landroid/database/Cursor;->getString'], fields: [PHONE_URI], strings: ['display_name', 'data1'] },
};

/** A contact-backup app: reads contacts and uploads them, with a normal UI and an honest name. */
export const CONTACTS_UPLOADER: AppSpec = {
  package: 'org.chainbreak.testapps.backup',
  label: 'Contact Backup',
  permissions: [P('READ_CONTACTS'), P('INTERNET')],
  components: [['activity', '.BackupActivity'], ['activity', '.RestoreActivity'], ['activity', '.AccountActivity'], ['service', '.BackupService']],
  dex: { methods: [ACTIVITY, QUERY, ...HTTP, 'Lorg/json/JSONArray;->put'], strings: ['content://com.android.contacts/data/phones', 'https://backup.chainbreak.invalid/api/contacts'] },
};

/** Shaped like the "audio fix" lure: one activity, reads contacts and phone number, uploads, hides its icon. */
export const VOICE_FIX_STEALER: AppSpec = {
  package: 'com.voicefix.audio.plugin',
  label: 'Voice Fix',
  permissions: [P('INTERNET'), P('READ_CONTACTS'), P('READ_PHONE_STATE')],
  sdk23Permissions: [P('READ_PHONE_NUMBERS')],
  components: [['activity', '.FixActivity']],
  cleartext: true,
  dex: {
    methods: [ACTIVITY, QUERY, 'Landroid/database/Cursor;->getString', 'Landroid/telephony/TelephonyManager;->getLine1Number', ...HTTP, 'Lorg/json/JSONObject;->put', 'Landroid/content/pm/PackageManager;->setComponentEnabledSetting'],
    fields: [PHONE_URI],
    strings: ['http://203.0.113.50:8080/upload.php', 'https://upload.voicefix-cdn.invalid/api/c', 'Installing audio codec…'],
  },
};

export const TEST_APPS = { benign_notes: BENIGN_NOTES, benign_contacts_reader: BENIGN_CONTACTS_READER, contacts_uploader: CONTACTS_UPLOADER, voice_fix_stealer: VOICE_FIX_STEALER };

/** Every APK the suite builds, by name: the four apps and the malformed variants of the stealer. */
export function buildTestApks(): Map<string, Uint8Array> {
  const apks = new Map<string, Uint8Array>();
  for (const [name, app] of Object.entries(TEST_APPS)) apks.set(name, buildApk(app, { sign: 'v1+v2' }));
  const s = VOICE_FIX_STEALER;
  apks.set('stealer_v3_other_signer', buildApk(s, { sign: 'v3', otherSigner: true }));
  apks.set('stealer_unsigned', buildApk(s, { sign: 'none' }));
  apks.set('stealer_utf8_pool', buildApk(s, { axml: { utf8: true } }));
  apks.set('stealer_garbled_attribute_names', buildApk(s, { axml: { garbleAttributeNames: true } }));
  apks.set('stealer_wrong_first_chunk', buildApk(s, { axml: { firstChunkType: 0x0000 } }));
  apks.set('stealer_bogus_header_sizes', buildApk(s, { axml: { bogusHeaderSizes: true } }));
  apks.set('stealer_attribute_size_0x18', buildApk(s, { axml: { attributeSize24: true } }));
  apks.set('stealer_bad_string_offsets', buildApk(s, { axml: { badStringOffsets: true } }));
  apks.set('stealer_invalid_string_index', buildApk(s, { axml: { invalidStringIndex: true } }));
  apks.set('stealer_fake_encryption', buildApk(s, { entryTamper: { fakeEncrypted: true } }));
  apks.set('stealer_local_method_tampered', buildApk(s, { entryTamper: { localMethodOverride: 0x7261 } }));
  apks.set('stealer_payload_in_assets', buildAssetPayloadStealer());
  return apks;
}

/** The stealer logic moved into assets/core.jar; the visible DEX only loads it. */
export function buildAssetPayloadStealer(): Uint8Array {
  const payload = writeZip([{ name: 'classes.dex', data: writeDex(VOICE_FIX_STEALER.dex) }]);
  const loader: AppSpec = { ...VOICE_FIX_STEALER, dex: { methods: [ACTIVITY, 'Ldalvik/system/DexClassLoader;-><init>'], strings: ['core.jar'] } };
  return buildApk(loader, { extraEntries: [{ name: 'assets/core.jar', data: payload }] });
}

/** Malformed beyond what Android accepts (aapt refuses them); the scanner still reads them leniently. */
export function buildRejectedByAndroid(): Map<string, Uint8Array> {
  return new Map([
    ['stealer_inflated_string_count', buildApk(VOICE_FIX_STEALER, { axml: { inflatedStringCount: true } })],
    ['stealer_duplicate_manifest', buildDuplicateManifestApk()],
  ]);
}

/** The Master Key shape: two AndroidManifest.xml entries, the second asking for contacts. */
export function buildDuplicateManifestApk(): Uint8Array {
  const innocent = writeAxml(manifestTree({ ...VOICE_FIX_STEALER, permissions: [P('INTERNET')], sdk23Permissions: [] }));
  const real = writeAxml(manifestTree(VOICE_FIX_STEALER));
  return writeZip([
    { name: 'AndroidManifest.xml', data: innocent },
    { name: 'AndroidManifest.xml', data: real },
    { name: 'classes.dex', data: writeDex(VOICE_FIX_STEALER.dex) },
    { name: 'resources.arsc', data: emptyResourceTable(), method: 0 },
  ]);
}
