import { z } from 'zod';
import type { ChainbreakModule } from '../../app/module.ts';
import * as migration from './migration.ts';

const HelloConfig = z.strictObject({ word: z.string().min(1).default('pineapple') }).default({ word: 'pineapple' });

declare module '../../app/module.ts' {
  interface ModuleConfigs {
    hello: z.infer<typeof HelloConfig>;
  }
}

export const helloModule: ChainbreakModule = {
  name: 'hello',
  config: { key: 'hello', schema: HelloConfig },
  migrations: { '900_hello': migration },
  cli: { commands: ['hello'], load: () => import('./cli.ts') },
  async create({ db, config }) {
    const { createHelloDetector } = await import('./detector.ts');
    return {
      detectors: [createHelloDetector(config.hello.word)],
      routes: [
        {
          register: async (app) => {
            app.get('/v1/hello/count', async () => ({ seen: Number((await db.selectFrom('hello_seen').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0) }));
          },
          docs: { 'GET /v1/hello/count': { summary: 'How many events said the word', response: { 200: z.object({ seen: z.number() }) } } },
        },
      ],
    };
  },
};
