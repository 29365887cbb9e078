// Builds the services of the areas around the engine — text understanding, APK scanning, PDQ banks,
// crew linking, the console and help page — and the adapters that connect them to each other.
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createApkDetector } from './modules/apk/index.ts';
import type { Config } from './config.ts';
import { createConsole, type ConsoleServices } from './modules/console/index.ts';
import type { Detector } from './core/detector.ts';
import type { Outcome } from './core/engine/engine.ts';
import type { ChainEvent } from './core/events.ts';
import { requireScope } from './adapters/http/auth.ts';
import { registerApkRoutes } from './modules/apk/http.ts';
import { registerConsoleRoutes, registerWebStatic } from './modules/console/http.ts';
import { registerHelpRoutes } from './modules/console/help-http.ts';
import { registerPdqRoutes } from './modules/pdq/http.ts';
import { registerRingsRoutes } from './modules/rings/http.ts';
import { registerTextRoutes } from './modules/text/http.ts';
import { PdqBankService } from './modules/pdq/banks.ts';
import { createPdqDetector } from './modules/pdq/detector.ts';
import { ringReader } from './modules/rings/reader.ts';
import { RingService } from './modules/rings/service.ts';
import type { ApiKeys, Scope } from './app/api-keys.ts';
import { offloadDetector } from './adapters/workers/offload.ts';
import { createTextDetector } from './modules/text/index.ts';
import type { CoreDb } from './adapters/store/db.ts';
import type { SerialQueue } from './app/serial-queue.ts';

export interface Areas {
  banks: PdqBankService;
  rings: RingService;
  detectors: Detector[];
  /** Built once the engine exists (the console's enforcement reaches the engine's state). */
  buildConsole(notify: Parameters<typeof createConsole>[0]['notify'], rulesSource: () => string): ConsoleServices;
  close(): Promise<void>;
}

export async function createAreas(db: CoreDb, config: Config, queue: SerialQueue): Promise<Areas> {
  const banks = new PdqBankService(db);
  await banks.load();
  const rings = new RingService(db, { exclusive: (work) => queue.run(work) });
  await rings.load();
  const detectors: Detector[] = [
    config.detectorThreads > 0
      ? await offloadDetector({ module: new URL('./modules/text/index.ts', import.meta.url).href, factory: 'createTextDetector', name: 'text', eventTypes: createTextDetector().eventTypes, threads: config.detectorThreads })
      : createTextDetector(),
    createApkDetector({ maxAttachmentBytes: config.apk.maxBytes, fetchLinks: config.apk.fetchLinks ? { maxBytes: config.apk.maxBytes, timeoutMs: config.apk.timeoutMs, allowAddresses: config.apk.allowAddresses, allowHosts: config.apk.allowHosts } : false }),
    createPdqDetector(banks),
  ];
  return {
    banks,
    rings,
    detectors,
    buildConsole: (notify, rulesSource) =>
      createConsole({ db, rings: ringReader(rings), linker: { observe: (observation) => rings.link(observation) }, banks: { add: (bank, hashes, provenance) => banks.add(bank, hashes.map((h) => ({ hash: h.pdq, quality: h.quality, note: h.md5 ? `md5 ${h.md5}` : undefined })), { source: 'victim_help_page', ...provenance } as never) }, notify, rulesSource, help: withoutUndefined(config.help) }),
    close: async () => {
      await rings.close();
      await Promise.all(detectors.map((detector) => detector.close?.()));
    },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}


/** Area routes under /v1 answer to API keys: reads need `read`, writes the area's own scope. */
function scoped(keys: ApiKeys, writeScope: Scope, register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance) => {
    await app.register(async (child) => {
      const read = requireScope(keys, 'read');
      const write = requireScope(keys, writeScope);
      child.addHook('preHandler', async (request: FastifyRequest, reply) => {
        const handler = request.method === 'GET' || request.method === 'HEAD' ? read : write;
        await handler.call(child, request, reply);
      });
      await register(child);
    });
  };
}

export function areaRoutes(areas: Areas, console: ConsoleServices, keys: ApiKeys): ((app: FastifyInstance) => Promise<void>)[] {
  const webDist = join(import.meta.dirname, '..', 'web', 'dist');
  return [
    scoped(keys, 'read', (app) => registerTextRoutes(app)),
    (app) => registerApkRoutes(app, { keys }),
    scoped(keys, 'banks:write', (app) => registerPdqRoutes(app, { banks: areas.banks })),
    (app) => registerRingsRoutes(app, { rings: areas.rings, keys }),
    (app) => registerConsoleRoutes(app, { console }),
    (app) => registerHelpRoutes(app, { console }),
    (app) => registerWebStatic(app, { distDir: webDist }),
  ];
}
