// The APK module: scans forwarded and linked Android apps (the "audio fix" lure) as a detector, `/v1/apk/scan`,
// and the `chainbreak apk` commands. Its configuration section is `apk`.
import { z } from 'zod';
import type { ChainbreakModule } from '../../app/module.ts';
import { AllowAddress } from '../../adapters/net/address-policy.ts';

export const ApkConfig = z
  .strictObject({
    /** Fetch and scan APKs that messages link to (guarded: see docs/security.md). */
    fetchLinks: z.boolean().default(false),
    maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
    timeoutMs: z.number().int().positive().default(10_000),
    /** `allowAddresses`/`allowHosts` open an internal file host to link fetching. */
    allowAddresses: z.array(AllowAddress).default([]),
    allowHosts: z.array(z.string().min(1)).optional(),
  })
  .default({ fetchLinks: false, maxBytes: 50 * 1024 * 1024, timeoutMs: 10_000, allowAddresses: [] });
export type ApkConfig = z.infer<typeof ApkConfig>;

declare module '../../app/module.ts' {
  interface ModuleConfigs {
    apk: ApkConfig;
  }
}

export const apkModule: ChainbreakModule = {
  name: 'apk',
  config: { key: 'apk', schema: ApkConfig },
  cli: { commands: ['apk'], load: () => import('./cli.ts') },
  async create({ config, keys }) {
    const { createApkDetector } = await import('./detector.ts');
    const { registerApkRoutes } = await import('./http.ts');
    const { ApkScanPool } = await import('./scan-pool.ts');
    // One pool for chat attachments, fetched links and uploads: parsing never runs on the event loop.
    const pool = new ApkScanPool();
    const { apk } = config;
    const fetchLinks = apk.fetchLinks ? { maxBytes: apk.maxBytes, timeoutMs: apk.timeoutMs, allowAddresses: apk.allowAddresses, allowHosts: apk.allowHosts } : false;
    return {
      detectors: [createApkDetector({ maxAttachmentBytes: apk.maxBytes, fetchLinks, scan: (bytes) => pool.scan(bytes) })],
      routes: [{ register: (app) => registerApkRoutes(app, { keys, pool }) }],
      close: () => pool.close(),
    };
  },
};
