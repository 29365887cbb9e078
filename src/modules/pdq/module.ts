// The PDQ module: perceptual hashes of profile photos and shared media matched against hash banks (a detector),
// the bank routes and the `chainbreak pdq` commands. Publishes `banks` for the console (victims' hashes).
import { z } from 'zod';
import type { ChainbreakModule } from '../../app/module.ts';
import { AllowAddress } from '../../adapters/net/address-policy.ts';
import * as migration from './migration.ts';
import { PDQ_SIGNAL_KINDS } from './signal-kinds.ts';
import type { PdqBankService } from './banks.ts';

const PhotoUrls = z.strictObject({
  /** Fetch and hash profile photos that events give only by URL, as follow-ups (guarded: docs/security.md). */
  fetch: z.boolean().default(false),
  /** The platform's CDN host names (`*.cdn.example` covers subdomains); set it in production. */
  allowHosts: z.array(z.string().min(1)).optional(),
  /** Internal addresses (CIDRs, optionally `addr:port`) the CDN lives on. */
  allowAddresses: z.array(AllowAddress).default([]),
  timeoutMs: z.number().int().positive().default(5_000),
  maxBytes: z.number().int().positive().optional(),
});
export const PdqConfig = z
  .strictObject({ photoUrls: PhotoUrls.default({ fetch: false, allowAddresses: [], timeoutMs: 5_000 }) })
  .default({ photoUrls: { fetch: false, allowAddresses: [], timeoutMs: 5_000 } });
export type PdqConfig = z.infer<typeof PdqConfig>;

declare module '../../app/module.ts' {
  interface ModuleServices {
    banks: PdqBankService;
  }
  interface ModuleConfigs {
    pdq: PdqConfig;
  }
}

export const pdqModule: ChainbreakModule = {
  name: 'pdq',
  signalKinds: PDQ_SIGNAL_KINDS,
  migrations: { '002_pdq': migration },
  config: { key: 'pdq', schema: PdqConfig },
  cli: { commands: ['pdq'], load: () => import('./cli.ts') },
  async create({ db, config }) {
    const { PdqBankService } = await import('./banks.ts');
    const { createPdqDetector } = await import('./detector.ts');
    const { registerPdqRoutes } = await import('./http.ts');
    const banks = new PdqBankService(db);
    await banks.load();
    const { photoUrls } = config.pdq;
    const hashPhotoUrl = photoUrls.fetch
      ? (await import('./url-photo.ts')).createUrlPhotoHasher({ allowedHosts: photoUrls.allowHosts, allowAddresses: photoUrls.allowAddresses, timeoutMs: photoUrls.timeoutMs, maxBytes: photoUrls.maxBytes })
      : undefined;
    return {
      detectors: [createPdqDetector(banks, { hashPhotoUrl })],
      routes: [{ scope: 'banks:write', register: (app) => registerPdqRoutes(app, { banks }) }],
      services: { banks },
    };
  },
};
