// Starts a real Chainbreak server in-process for the browser tests, wired exactly as `serve` wires it
// (createChainbreak registers the console, the help page and the built web app), with test users and
// synthetic demo traffic in the tenant the help page files victim reports under.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createChainbreak, REPO_ROOT, type Chainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { ConsoleServices } from '../../src/modules/console/index.ts';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import type { RingService } from '../../src/modules/rings/service.ts';
import { demoEvents } from '../../test/console/scam-fixture.ts';

export const DIST = join(REPO_ROOT, 'web', 'dist');
export const PASSWORD = 'e2e-password-1';

export interface Running {
  url: string;
  cb: Chainbreak;
  console: ConsoleServices;
  app: FastifyInstance;
  tenant: string;
  ringService: RingService;
  stop(): Promise<void>;
}

export async function startServer(options: { scams?: number; ordinary?: number } = {}): Promise<Running> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'chainbreak-e2e-'));
  const config = loadConfig(undefined, { dataDir, port: 0, logLevel: 'silent', bootstrapKey: false });
  const cb = await createChainbreak(config, { background: false });
  const svc = cb.console;
  svc.ruleWorkflow.useDeployer((text) => cb.rules.replace(text));
  await svc.users.seed(['admin', 'moderator', 'moderator2', 'investigator'].map((username) => ({ username, password: PASSWORD, role: username.replace(/\d$/, '') as 'admin' })));
  const tenant = svc.help.tenant;
  const events = demoEvents({ scams: options.scams ?? 3, ordinary: options.ordinary ?? 5, tenant });
  for (let i = 0; i < events.length; i += 500) await cb.ingest.ingest(events.slice(i, i + 500));
  const app = await buildHttpApp(cb, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cb,
    console: svc,
    app,
    tenant,
    ringService: cb.services.rings!,
    async stop() {
      await app.close();
      await cb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
