// The PDQ module: perceptual hashes of profile photos and shared media matched against hash banks (a detector),
// the bank routes and the `chainbreak pdq` commands. Publishes `banks` for the console (victims' hashes).
import type { ChainbreakModule } from '../../app/module.ts';
import * as migration from './migration.ts';
import { PDQ_SIGNAL_KINDS } from './signal-kinds.ts';
import type { PdqBankService } from './banks.ts';

declare module '../../app/module.ts' {
  interface ModuleServices {
    banks: PdqBankService;
  }
}

export const pdqModule: ChainbreakModule = {
  name: 'pdq',
  signalKinds: PDQ_SIGNAL_KINDS,
  migrations: { '002_pdq': migration },
  cli: { commands: ['pdq'], load: () => import('./cli.ts') },
  async create({ db }) {
    const { PdqBankService } = await import('./banks.ts');
    const { createPdqDetector } = await import('./detector.ts');
    const { registerPdqRoutes } = await import('./http.ts');
    const banks = new PdqBankService(db);
    await banks.load();
    return {
      detectors: [createPdqDetector(banks)],
      routes: [{ scope: 'banks:write', register: (app) => registerPdqRoutes(app, { banks }) }],
      services: { banks },
    };
  },
};
