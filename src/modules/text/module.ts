// The text module: message understanding as a detector (in worker threads when `detectorThreads` > 0), the
// `/v1/text/analyze` route and the `chainbreak text` commands.
import type { ChainbreakModule } from '../../app/module.ts';
import type { Identifier } from '../../core/signals.ts';

/** What other modules may use of message understanding (the console's search reads identifiers with it). */
export interface TextServices {
  extractIdentifiers(text: string): Identifier[];
}

declare module '../../app/module.ts' {
  interface ModuleServices {
    text: TextServices;
  }
}

export const textModule: ChainbreakModule = {
  name: 'text',
  cli: { commands: ['text'], load: () => import('./cli.ts') },
  async create({ config }) {
    const { createTextDetector, extractIdentifiers } = await import('./index.ts');
    const { offloadDetector } = await import('../../adapters/workers/offload.ts');
    const { registerTextRoutes } = await import('./http.ts');
    const detector =
      config.detectorThreads > 0
        ? await offloadDetector({ module: new URL('./index.ts', import.meta.url).href, factory: 'createTextDetector', name: 'text', eventTypes: createTextDetector().eventTypes, threads: config.detectorThreads })
        : createTextDetector();
    return {
      detectors: [detector],
      routes: [{ scope: 'read', register: (app) => registerTextRoutes(app) }],
      services: { text: { extractIdentifiers } },
      close: async () => detector.close?.(),
    };
  },
};
