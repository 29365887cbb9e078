// Training and evaluation code lives in tools/ so the running service never loads it (docs/architecture.md,
// "Layers, enforced"). Lint checks the imports as written; this checks what actually loads: a whole service with
// its HTTP app deciding a scam conversation, and every module's CLI commands registered, resolve no file under
// tools/. A resolve hook records every module URL this process loads from here on.
import assert from 'node:assert/strict';
import { registerHooks } from 'node:module';
import { test } from 'node:test';
import { Command } from 'commander';

const TOOLS = new URL('../../tools/', import.meta.url).href;
const loaded: string[] = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    loaded.push(resolved.url);
    return resolved;
  },
});

const fromTools = () => loaded.filter((url) => url.startsWith(TOOLS));

test('the service and the CLI commands load nothing from tools/ until an eval command runs', async () => {
  const { startTestService } = await import('../helpers/service.ts');
  const { buildHttpApp } = await import('../../src/adapters/http/server.ts');
  const { scamConversation } = await import('../helpers/fixtures.ts');
  const { MODULES } = await import('../../src/modules.ts');
  const cb = await startTestService();
  const app = await buildHttpApp(cb);
  try {
    const results = await cb.ingest.ingest(scamConversation('boundary').map((s) => s.event));
    assert.ok(results.some((r) => r.decision.actions.length > 0), 'the conversation was decided by the whole engine, text included');
    const program = new Command('chainbreak').exitOverride();
    for (const module of MODULES) if (module.cli) (await module.cli.load()).register(program);
    assert.ok(program.commands.some((c) => c.name() === 'text'), 'the text commands, eval included, are registered');
  } finally {
    await app.close();
    await cb.cleanup();
  }
  assert.ok(loaded.some((url) => url.includes('/src/modules/text/')), 'the hook saw the text module load');
  assert.deepEqual(fromTools(), []);

  // The hook does see tools/ when something loads it, as an eval command's action does.
  await import('../../tools/text/obfuscate.ts');
  assert.deepEqual(fromTools(), [new URL('text/obfuscate.ts', TOOLS).href]);
});
