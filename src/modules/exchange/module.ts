// The exchange module: hash and signal exchange with partners (ThreatExchange/HMA/StopNCII formats, an HMA-shaped
// look-up, scheduled peer pulls, allow banks and quarantine), keyed-hash partner packages, victim-safe scheduled
// enforcement, removal deadlines and authority packages (docs/exchange.md). Built on the PDQ banks and the
// console's services, so it is listed after both. Its configuration section is `exchange` (config.ts, strict).
import type { ChainbreakModule } from '../../app/module.ts';
import { ExchangeSection } from './config.ts';
import * as migration from './migration.ts';
import type { ExchangeServices } from './index.ts';

declare module '../../app/module.ts' {
  interface ModuleServices {
    exchange: ExchangeServices;
  }
  interface ModuleConfigs {
    exchange: ExchangeSection;
  }
}

export const exchangeModule: ChainbreakModule = {
  name: 'exchange',
  config: { key: 'exchange', schema: ExchangeSection },
  migrations: { '005_exchange': migration },
  cli: { commands: ['exchange'], load: () => import('./cli.ts') },
  async create({ db, config, services, keys }) {
    const { banks, console: consoleServices } = services;
    if (!banks || !consoleServices) throw new Error('the exchange module needs the pdq and console modules listed before it');
    const { createExchange } = await import('./index.ts');
    const { registerExchangeRoutes } = await import('./http.ts');
    const { registerExchangeConsoleRoutes } = await import('./console-http.ts');
    const exchange = await createExchange({ db, banks, console: consoleServices, ...config.exchange });
    return {
      // Each route checks its own API-key scope (http.ts) or console role (console-http.ts), so none is `scoped`.
      routes: [
        { register: (app) => registerExchangeRoutes(app, { exchange, keys }) },
        { register: (app) => registerExchangeConsoleRoutes(app, { exchange, allowedOrigins: config.console.allowedOrigins }) },
      ],
      start: () => exchange.start(),
      services: { exchange },
      close: () => exchange.close(),
    };
  },
};
