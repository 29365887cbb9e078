// The text module: message understanding as a detector (in worker threads when `detectorThreads` > 0), the
// `/v1/text/analyze` route and the `chainbreak text` commands.
import type { ChainbreakModule } from '../../app/module.ts';

export const textModule: ChainbreakModule = {
  name: 'text',
  cli: { commands: ['text'], load: () => import('./cli.ts') },
  async create({ config }) {
    const { createTextDetector } = await import('./index.ts');
    const { offloadDetector } = await import('../../adapters/workers/offload.ts');
    const { registerTextRoutes } = await import('./http.ts');
    const detector =
      config.detectorThreads > 0
        ? await offloadDetector({ module: new URL('./index.ts', import.meta.url).href, factory: 'createTextDetector', name: 'text', eventTypes: createTextDetector().eventTypes, threads: config.detectorThreads })
        : createTextDetector();
    return {
      detectors: [detector],
      routes: [{ scope: 'read', register: (app) => registerTextRoutes(app) }],
      close: async () => detector.close?.(),
    };
  },
};
