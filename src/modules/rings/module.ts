// The rings module: crew linking. It is the engine's `Linker` (links and facts come back as changes the ingest
// service stores with the decision), publishes `rings` for the console, serves the ring routes and the
// `chainbreak rings` commands, and expires weak links hourly.
import type { ChainbreakModule } from '../../app/module.ts';
import * as migration from './migration.ts';
import * as syncMigration from './migration-sync.ts';
import * as componentsMigration from './migration-components.ts';
import type { RingService } from './service.ts';
import { isRingConflict } from './component-sync.ts';

declare module '../../app/module.ts' {
  interface ModuleServices {
    rings: RingService;
  }
}

export const ringsModule: ChainbreakModule = {
  name: 'rings',
  migrations: { '003_rings': migration, '006_rings_sync': syncMigration, '020_rings_components': componentsMigration },
  cli: { commands: ['rings'], load: () => import('./cli.ts') },
  async create({ db, queue, keys, config }) {
    const { RingService } = await import('./service.ts');
    const { registerRingsRoutes } = await import('./http.ts');
    const rings = new RingService(db, { exclusive: (work) => queue.run(work), shared: config.postgresUrl !== undefined });
    await rings.load();
    return {
      linking: { linker: rings, begin: (trx, scopes) => rings.beginBatch(trx, scopes), isConflict: isRingConflict, write: (trx, changes) => rings.write(trx, changes), reload: () => rings.load() },
      routes: [{ register: (app) => registerRingsRoutes(app, { rings, keys }) }],
      // Weak links (shared IPs, user agents) stop counting as evidence once they expire.
      jobs: [{ name: 'rings.expireWeakLinks', everyMs: 3_600_000, run: () => rings.expireWeakLinks() }],
      services: { rings },
      close: () => rings.close(),
    };
  },
};
