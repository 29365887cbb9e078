// The exchange module: hash and signal exchange with partners (ThreatExchange/HMA/StopNCII formats, an HMA-shaped
// look-up, scheduled peer pulls, allow banks and quarantine), keyed-hash partner packages, victim-safe scheduled
// enforcement, removal deadlines and authority packages (docs/exchange.md). Built on the PDQ banks and the
// console's services, so it is listed after both. Its configuration section is `exchange`.
import { z } from 'zod';
import type { ChainbreakModule } from '../../app/module.ts';
import * as migration from './migration.ts';
import type { ExchangeConfig, ExchangeServices } from './index.ts';

/** Partner keys, partners, peer credentials and jurisdictions; checked by the module's services when used. */
export const ExchangeSection = z.looseObject({}).default({}) as unknown as z.ZodType<ExchangeConfig>;

declare module '../../app/module.ts' {
  interface ModuleServices {
    exchange: ExchangeServices;
  }
  interface ModuleConfigs {
    exchange: ExchangeConfig;
  }
}

export const exchangeModule: ChainbreakModule = {
  name: 'exchange',
  config: { key: 'exchange', schema: ExchangeSection },
  migrations: { '005_exchange': migration },
  cli: { commands: ['exchange'], load: () => import('./cli.ts') },
  async create({ db, config, services }) {
    const { banks, console: consoleServices } = services;
    if (!banks || !consoleServices) throw new Error('the exchange module needs the pdq and console modules listed before it');
    const { createExchange } = await import('./index.ts');
    const exchange = await createExchange({ db, banks, console: consoleServices, ...config.exchange });
    return {
      // The HTTP routes (http.ts, console-http.ts; exercised by test/exchange) are mounted once each has its
      // OpenAPI documentation and its row in the authorisation matrix (test/security/authorisation-matrix.test.ts).
      routes: [],
      start: () => exchange.start(),
      services: { exchange },
      close: () => exchange.close(),
    };
  },
};
