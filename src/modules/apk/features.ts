// Collects what the rules look at from one parsed APK: permissions, referenced APIs and fields, string
// constants and derived facts (few components, no launcher, hard-coded endpoints, asset payloads,
// archive tampering), each with the place it was found.
import type { EvidenceKind } from './rules.ts';
import type { Manifest } from './manifest.ts';
import type { DexSummary } from './dex.ts';
import type { ZipArchive } from './zip.ts';

export interface Fact {
  fact: string;
  kind: EvidenceKind;
  value: string;
  location: string;
}

export interface ApkFeatures {
  /** Each map goes from the value to the first place it was seen. */
  permissions: Map<string, string>;
  methods: Map<string, string>;
  fields: Map<string, string>;
  strings: Map<string, string>;
  names: Map<string, string>;
  facts: Fact[];
  /** Hard-coded http(s) endpoints and raw IP endpoints, for the report and for identifiers. */
  urls: string[];
}

export interface LocatedDex {
  location: string;
  dex: DexSummary;
}

const DANGEROUS = new Set([
  'android.permission.READ_CONTACTS',
  'android.permission.READ_SMS',
  'android.permission.RECEIVE_SMS',
  'android.permission.READ_CALL_LOG',
  'android.permission.GET_ACCOUNTS',
  'android.permission.READ_PHONE_STATE',
  'android.permission.READ_PHONE_NUMBERS',
]);

/** Hosts whose URLs appear in almost every APK (XML namespaces, licences, platform services). */
const INFRASTRUCTURE_HOSTS = /(^|\.)(android\.com|w3\.org|apache\.org|xmlpull\.org|xml\.org|googleapis\.com|google\.com|gstatic\.com|goo\.gl|mozilla\.org|json-schema\.org|example\.com|example\.org|localhost)$/i;
const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>\\]{3,300}/gi;
const IP_ENDPOINT = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{2,5})?\b/g;
const MAX_URLS = 100;

export function collectFeatures(manifest: Manifest, dexes: LocatedDex[], archive: ZipArchive, assetPayloads: string[]): ApkFeatures {
  const features: ApkFeatures = {
    permissions: new Map(),
    methods: new Map(),
    fields: new Map(),
    strings: new Map(),
    names: new Map(),
    facts: [],
    urls: [],
  };
  for (const p of manifest.permissions) setFirst(features.permissions, p.name, 'AndroidManifest.xml');
  for (const { location, dex } of dexes) {
    for (const m of dex.methods) setFirst(features.methods, m, location);
    for (const f of dex.fields) setFirst(features.fields, f, location);
    for (const s of dex.strings) setFirst(features.strings, s, location);
  }
  for (const name of [manifest.package, manifest.label, manifest.launcherActivity]) {
    if (name && !name.startsWith('@')) setFirst(features.names, name, 'AndroidManifest.xml');
  }
  addManifestFacts(features, manifest);
  addEndpointFacts(features);
  addArchiveFacts(features, archive, assetPayloads);
  return features;
}

function setFirst(map: Map<string, string>, key: string, location: string): void {
  if (!map.has(key)) map.set(key, location);
}

function addManifestFacts(features: ApkFeatures, manifest: Manifest): void {
  const at = 'AndroidManifest.xml';
  const activities = manifest.components.filter((c) => c.type === 'activity' || c.type === 'activity-alias').length;
  if (manifest.components.length <= 3 && activities <= 1) {
    features.facts.push({ fact: 'few_components', kind: 'manifest', value: `${manifest.components.length} components, ${activities} activity`, location: at });
  }
  if (!manifest.launcherActivity) features.facts.push({ fact: 'no_launcher_activity', kind: 'manifest', value: 'no MAIN/LAUNCHER activity', location: at });
  const dangerous = manifest.permissions.filter((p) => DANGEROUS.has(p.name)).map((p) => p.name);
  if (dangerous.length) features.facts.push({ fact: 'dangerous_permissions', kind: 'permission', value: dangerous.join(', '), location: at });
  if (manifest.usesCleartextTraffic) features.facts.push({ fact: 'cleartext_traffic', kind: 'manifest', value: 'usesCleartextTraffic=true', location: at });
}

function addEndpointFacts(features: ApkFeatures): void {
  for (const [value, location] of features.strings) {
    if (features.urls.length >= MAX_URLS) break;
    if (value.length > 2_000 || !(value.includes('http') || value.includes('.'))) continue;
    for (const match of value.matchAll(URL_PATTERN)) {
      const url = match[0];
      if (INFRASTRUCTURE_HOSTS.test(hostOf(url)) || features.urls.includes(url)) continue;
      features.urls.push(url);
      features.facts.push({ fact: 'hardcoded_endpoint', kind: 'string', value: url, location });
    }
    for (const match of value.matchAll(IP_ENDPOINT)) {
      const ip = match[0];
      if (!isPlausibleIp(ip) || features.urls.some((u) => u.includes(ip))) continue;
      features.urls.push(ip);
      features.facts.push({ fact: 'raw_ip_endpoint', kind: 'string', value: ip, location });
    }
  }
}

export function hostOf(url: string): string {
  const match = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  return (match?.[1] ?? '').toLowerCase();
}

/** Rejects version strings such as 1.2.3.4 and reserved ranges that are not endpoints. */
function isPlausibleIp(candidate: string): boolean {
  const octets = candidate.split(':')[0].split('.').map(Number);
  if (octets.some((o) => o > 255)) return false;
  if (octets[0] === 0 || octets[0] === 127 || octets[0] >= 224) return false;
  return octets.filter((o) => o < 10).length < 3; // "1.0.0.1"-like version numbers
}

function addArchiveFacts(features: ApkFeatures, archive: ZipArchive, assetPayloads: string[]): void {
  const push = (fact: string, value: string) => features.facts.push({ fact, kind: 'manifest', value, location: 'zip' });
  for (const name of archive.duplicateNames.slice(0, 5)) push('zip_duplicate_entries', `duplicate entry ${name}`);
  for (const name of archive.encryptedFlagEntries.slice(0, 3)) push('zip_encrypted_flag', `encryption flag set on ${name}`);
  for (const name of archive.unknownMethodEntries.slice(0, 3)) push('zip_unknown_method', `unknown compression method on ${name}`);
  for (const path of assetPayloads.slice(0, 5)) features.facts.push({ fact: 'asset_code_payload', kind: 'manifest', value: path, location: path });
}
