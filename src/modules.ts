// The module list: every detector and feature module Chainbreak runs, in the order they are built (a module may use
// the services of those before it). Adding a module is writing its folder and adding one line here.
import type { ChainbreakModule } from './app/module.ts';
import { apkModule } from './modules/apk/module.ts';
import { consoleModule } from './modules/console/module.ts';
import { exchangeModule } from './modules/exchange/module.ts';
import { pdqModule } from './modules/pdq/module.ts';
import { ringsModule } from './modules/rings/module.ts';
import { textModule } from './modules/text/module.ts';

export const MODULES: readonly ChainbreakModule[] = [textModule, apkModule, pdqModule, ringsModule, consoleModule, exchangeModule];
