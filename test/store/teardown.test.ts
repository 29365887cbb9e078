// The embedded store must not abort the process at exit. better-sqlite3 12 built against Node 24.20+ headers did:
// `Assertion failed: (env) != nullptr` in `RemoveEnvironmentCleanupHook` when a prepared statement was finalised
// during teardown, which is why Node was pinned at 24.18.0 (docs/architecture.md). These tests run the project's
// own Node (node_modules/node, as ./chainbreak does) on a child that churns statements, forces garbage collection
// and exits with statements open, on the main thread and in worker threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const projectNode = join(root, 'node_modules', 'node', 'bin', 'node');
const projectNodeVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'node', 'package.json'), 'utf8')) as { version: string }).version;
const child = fileURLToPath(new URL('./teardown-child.ts', import.meta.url));

function runChild(mode: 'main' | 'store' | 'worker'): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chainbreak-teardown-'));
  try {
    const result = spawnSync(projectNode, ['--expose-gc', '--disable-warning=ExperimentalWarning', child, mode, dir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000, // generous: these machines are shared and the child allocates on purpose
    });
    if (result.error) throw result.error;
    return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertCleanExit(mode: 'main' | 'store' | 'worker'): void {
  const { status, signal, stdout, stderr } = runChild(mode);
  assert.doesNotMatch(stderr, /Assertion failed|FATAL ERROR|Segmentation fault/, stderr);
  assert.equal(signal, null, `child killed by ${signal}; stderr: ${stderr}`);
  assert.equal(status, 0, `child exited with ${status}; stderr: ${stderr}`);
  assert.match(stdout, new RegExp(`teardown-child ${mode} done on Node v${projectNodeVersion.replaceAll('.', '\\.')}`));
}

test('the project runs on its own Node 24 from node_modules', () => {
  assert.match(projectNodeVersion, /^24\./);
});

test('exiting with prepared statements open and garbage-collected does not abort (main thread)', () => {
  assertCleanExit('main');
});

test('exiting with the store open through Kysely does not abort', () => {
  assertCleanExit('store');
});

test('worker threads with their own databases exit, or are terminated, without aborting the process', () => {
  assertCleanExit('worker');
});
