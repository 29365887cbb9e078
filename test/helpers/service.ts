// Starts a Chainbreak instance on a temporary data directory for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import type { Scope } from '../../src/app/api-keys.ts';
import { createChainbreak, type Chainbreak, type StartOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';

export function tempDir(prefix = 'cb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestService(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<Chainbreak & { dir: string; cleanup(): Promise<void> }> {
  const dir = overrides.dataDir ?? tempDir();
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, sqliteSync: 'normal', logLevel: 'silent', detectorThreads: 0, ...overrides }), { background: false, ...options });
  return Object.assign(cb, {
    dir,
    async cleanup() {
      await cb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export type TestService = Awaited<ReturnType<typeof startTestService>>;

/**
 * One test service behind its HTTP app for a whole test file, with one API key of the given scopes: started in the
 * file's `before` hook, closed in its `after` hook. Read the fields inside tests (they are set once `before` ran).
 */
export function serviceOverHttp(keyName: string, scopes: Scope[]): { cb: TestService; app: FastifyInstance; key: string } {
  const served = {} as { cb: TestService; app: FastifyInstance; key: string };
  before(async () => {
    served.cb = await startTestService();
    served.app = await buildHttpApp(served.cb);
    served.key = (await served.cb.keys.create(keyName, scopes)).key;
  });
  after(async () => {
    await served.app.close();
    await served.cb.cleanup();
  });
  return served;
}
