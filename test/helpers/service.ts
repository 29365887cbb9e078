// Starts a Chainbreak instance on a temporary data directory for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
