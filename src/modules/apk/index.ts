// The APK scanner's public surface: scanApk (pure, never throws), the manifest-only reader, the
// detector for message/media events, and the types a caller needs.
export { scanApk, readApkManifest, type ApkReport, type ApkScanOptions } from './scan.ts';
export { createApkDetector, type ApkDetectorOptions } from './detector.ts';
export { compileRules, DEFAULT_RULES, type Evidence, type EvidenceKind, type Verdict } from './rules.ts';
export type { Signer } from './signing.ts';
export type { Manifest } from './manifest.ts';
export type { FetchLimits } from './fetch-link.ts';
