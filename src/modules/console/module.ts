// The console module: moderators' case queue, actions and audit, the victims' help page and its reports. It uses
// the rings and banks services, and the text module's identifier reader for search, when those modules are listed
// before it. Its configuration section is `help`.
import type { z } from 'zod';
import type { ChainbreakModule } from '../../app/module.ts';
import { HelpSettings } from './help-config.ts';
import * as migration from './migration.ts';
import * as workMigration from './migration-work.ts';
import * as signInMigration from './migration-sign-in.ts';
import type { ConsoleServices } from './index.ts';

/**
 * The victims' help page: the tenant its reports are filed under, hotlines (merged over the built-in per-country
 * defaults by key; `removeHotlines` drops defaults) and the quick-exit target.
 */
export const HelpSection = HelpSettings.default({});
export type HelpSection = z.infer<typeof HelpSection>;

declare module '../../app/module.ts' {
  interface ModuleServices {
    console: ConsoleServices;
  }
  interface ModuleConfigs {
    help: HelpSection;
  }
}

export const consoleModule: ChainbreakModule = {
  name: 'console',
  config: { key: 'help', schema: HelpSection },
  migrations: { '004_console': migration, '005_console_work': workMigration, '013_console_sign_in': signInMigration },
  async create({ db, config, services, enforce, rulesText }) {
    const { createConsole } = await import('./index.ts');
    const { ringReader } = await import('../rings/reader.ts');
    const { registerConsoleRoutes } = await import('./http.ts');
    const { registerHelpRoutes } = await import('./help-http.ts');
    const { CONSOLE_DOCS } = await import('./api-docs.ts');
    const { rings, banks, text } = services;
    const consoleServices = createConsole({
      db,
      rings: rings ? ringReader(rings) : undefined,
      readIdentifiers: text ? (query) => text.extractIdentifiers(query) : undefined,
      linker: rings ? { observe: (observation) => rings.link(observation) } : undefined,
      banks: banks ? { add: (bank, hashes, provenance) => banks.add(bank, hashes.map((h) => ({ hash: h.pdq, quality: h.quality, note: h.md5 ? `md5 ${h.md5}` : undefined })), { source: 'victim_help_page', ...provenance } as never) } : undefined,
      notify: enforce,
      // Only a moderator's `confirmed` verdict makes a suspect confirmed bad for crew scoring; a ring ban does not.
      confirmSuspect: rings ? (tenant, account, reason) => rings.markBad(tenant, account, reason) : undefined,
      rulesSource: rulesText,
      help: config.help,
    });
    return {
      routes: [
        { register: (app) => registerConsoleRoutes(app, { console: consoleServices, ...config.console }), docs: CONSOLE_DOCS },
        { register: (app) => registerHelpRoutes(app, { console: consoleServices }) },
      ],
      services: { console: consoleServices },
    };
  },
};
