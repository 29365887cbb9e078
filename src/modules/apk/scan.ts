// scanApk: bytes in, report out. Pure and never throws: any malformed input becomes
// { ok: false, error, verdict: 'unparseable' } with a message naming the problem.
import { createHash } from 'node:crypto';
import { errorMessage, fail } from './bytes.ts';
import { isDex, parseDex } from './dex.ts';
import { collectFeatures, type LocatedDex } from './features.ts';
import { readManifest, type Component, type Manifest } from './manifest.ts';
import { assess, DEFAULT_RULES, type CompiledRules, type Evidence, type Verdict } from './rules.ts';
import { readSigners, type Signer } from './signing.ts';
import { DEFAULT_ZIP_LIMITS, extract, isZip, readZip, type ZipArchive, type ZipLimits } from './zip.ts';


export interface ApkScanOptions {
  limits?: Partial<ZipLimits>;
  rules?: CompiledRules;
}

export interface ApkReport {
  ok: boolean;
  error?: string;
  sha256: string;
  size: number;
  package?: string;
  versionName?: string;
  versionCode?: number;
  minSdk?: number;
  targetSdk?: number;
  label?: string;
  permissions: string[];
  launcherActivity?: string;
  components?: Pick<Component, 'type' | 'name'>[];
  usesCleartextTraffic?: boolean;
  verdict: Verdict;
  score: number;
  evidence: Evidence[];
  signers: Signer[];
  urls: string[];
  /** Malformations tolerated and parts that could not be read (a DEX, a signature block). */
  warnings: string[];
}

const CLASSES_DEX = /^classes\d*\.dex$/;
const ASSET_PAYLOAD = /^assets\/.+\.(dex|jar|apk|odex|zip)$/i;
const MAX_DEX_FILES = 64;

export function scanApk(bytes: Uint8Array, options: ApkScanOptions = {}): ApkReport {
  try {
    return scan(bytes, baseOf(bytes), options);
  } catch (error) {
    return unparseableReport(bytes, errorMessage(error));
  }
}

/** The report of a file that could not be read (or whose scan failed), saying why. */
export function unparseableReport(bytes: Uint8Array, error: string): ApkReport {
  return { ok: false, error, ...baseOf(bytes), permissions: [], verdict: 'unparseable', score: 0, evidence: [], signers: [], urls: [], warnings: [] };
}

function baseOf(bytes: Uint8Array): { sha256: string; size: number } {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

function scan(bytes: Uint8Array, base: { sha256: string; size: number }, options: ApkScanOptions): ApkReport {
  const archive = readZip(bytes, { ...DEFAULT_ZIP_LIMITS, ...options.limits });
  const warnings: string[] = [];
  const manifest = readArchiveManifest(archive, warnings);
  const { dexes, assetPayloads } = readCode(archive, warnings);
  const signers = readSigners(archive, warnings);
  const features = collectFeatures(manifest, dexes, archive, assetPayloads);
  const assessment = assess(features, options.rules ?? DEFAULT_RULES);
  return {
    ok: true,
    ...base,
    package: manifest.package,
    versionName: manifest.versionName,
    versionCode: manifest.versionCode,
    minSdk: manifest.minSdk,
    targetSdk: manifest.targetSdk,
    label: manifest.label,
    permissions: [...new Set(manifest.permissions.map((p) => p.name))],
    launcherActivity: manifest.launcherActivity,
    components: manifest.components.map((c) => ({ type: c.type, name: c.name })),
    usesCleartextTraffic: manifest.usesCleartextTraffic,
    verdict: assessment.verdict,
    score: assessment.score,
    evidence: assessment.evidence,
    signers,
    urls: features.urls,
    warnings: [...manifest.warnings, ...warnings],
  };
}

/** The manifest only (what `aapt dump permissions` reads): used by the benchmark and the CLI's --manifest. */
export function readApkManifest(bytes: Uint8Array): Manifest {
  const warnings: string[] = [];
  return readArchiveManifest(readZip(bytes), warnings);
}

function readArchiveManifest(archive: ZipArchive, warnings: string[]): Manifest {
  const copies = archive.entries.filter((e) => e.name === 'AndroidManifest.xml');
  if (copies.length === 0) fail('the archive has no AndroidManifest.xml');
  const manifest = readManifest(extract(archive, copies[0]));
  // With duplicate manifests (the Master Key trick) the second copy is the one an old installer used:
  // union its permissions so neither copy can hide them.
  for (const copy of copies.slice(1)) {
    try {
      const other = readManifest(extract(archive, copy));
      for (const p of other.permissions) if (!manifest.permissions.some((q) => q.name === p.name)) manifest.permissions.push(p);
    } catch (error) {
      warnings.push(`duplicate AndroidManifest.xml unreadable: ${errorMessage(error)}`);
    }
  }
  return manifest;
}

function readCode(archive: ZipArchive, warnings: string[]): { dexes: LocatedDex[]; assetPayloads: string[] } {
  const dexes: LocatedDex[] = [];
  const assetPayloads: string[] = [];
  for (const entry of archive.entries) {
    if (dexes.length >= MAX_DEX_FILES) break;
    const isClasses = CLASSES_DEX.test(entry.name);
    if (!isClasses && !ASSET_PAYLOAD.test(entry.name)) continue;
    if (!isClasses) assetPayloads.push(entry.name);
    try {
      const data = extract(archive, entry);
      if (isDex(data)) dexes.push({ location: entry.name, dex: parseDex(data) });
      else if (!isClasses && isZip(data)) dexes.push(...readNestedDexes(data, entry.name, archive.limits));
      else if (isClasses) warnings.push(`${entry.name} is not a DEX file`);
    } catch (error) {
      warnings.push(`${entry.name} unreadable: ${errorMessage(error)}`);
    }
  }
  return { dexes, assetPayloads };
}

/** A .jar/.apk payload hidden in assets: its classes*.dex, one level deep only. */
function readNestedDexes(bytes: Uint8Array, outer: string, limits: ZipLimits): LocatedDex[] {
  // The nested archive gets one entry's budget in total, so nesting cannot multiply the caps.
  const inner = readZip(bytes, { ...limits, maxTotalBytes: limits.maxEntryBytes });
  return inner.entries
    .filter((e) => CLASSES_DEX.test(e.name))
    .slice(0, MAX_DEX_FILES)
    .map((e) => ({ location: `${outer}!${e.name}`, dex: parseDex(extract(inner, e)) }));
}
