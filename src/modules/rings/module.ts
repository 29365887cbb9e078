// The rings module: crew linking. It is the engine's `Linker` (links and facts come back as changes the ingest
// service stores with the decision), publishes `rings` for the console, serves the ring routes and the
// `chainbreak rings` commands, and expires weak links hourly.
import type { ChainbreakModule } from '../../app/module.ts';
import * as migration from './migration.ts';
import type { RingService } from './service.ts';

declare module '../../app/module.ts' {
  interface ModuleServices {
    rings: RingService;
  }
}

export const ringsModule: ChainbreakModule = {
  name: 'rings',
  migrations: { '003_rings': migration },
  cli: { commands: ['rings'], load: () => import('./cli.ts') },
  async create({ db, queue, keys }) {
    const { RingService } = await import('./service.ts');
    const { writeRingChanges } = await import('./store.ts');
    const { registerRingsRoutes } = await import('./http.ts');
    const rings = new RingService(db, { exclusive: (work) => queue.run(work) });
    await rings.load();
    return {
      linking: { linker: rings, write: writeRingChanges, reload: () => rings.load() },
      routes: [{ register: (app) => registerRingsRoutes(app, { rings, keys }) }],
      // Weak links (shared IPs, user agents) stop counting as evidence once they expire.
      jobs: [{ name: 'rings.expireWeakLinks', everyMs: 3_600_000, run: () => rings.expireWeakLinks() }],
      services: { rings },
      close: () => rings.close(),
    };
  },
};
