// The service commands' shared options: where the port comes from, and a clear error for a bad one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { configFrom, withServiceOptions } from '../../../src/adapters/cli/options.ts';

function parse(argv: string[], env: Record<string, string | undefined>) {
  const saved = process.env.PORT;
  if (env.PORT === undefined) delete process.env.PORT;
  else process.env.PORT = env.PORT;
  try {
    const command = withServiceOptions(new Command('serve').exitOverride(), { port: 8080, dataDir: './data' });
    command.parse(argv, { from: 'user' });
    return command.opts<Parameters<typeof configFrom>[0]>();
  } finally {
    if (saved === undefined) delete process.env.PORT;
    else process.env.PORT = saved;
  }
}

test('the port is the flag, else the PORT environment variable, else the default', () => {
  assert.equal(configFrom(parse([], {})).port, 8080);
  assert.equal(configFrom(parse([], { PORT: '9191' })).port, 9191);
  assert.equal(configFrom(parse(['--port', '7070'], { PORT: '9191' })).port, 7070);
});

test('a port that is not a number in range is refused with the value named', () => {
  assert.throws(() => configFrom(parse([], { PORT: 'http' })), /--port \(or PORT\) must be a number from 0 to 65535, got "http"/);
  assert.throws(() => configFrom(parse(['--port', '70000'], {})), /got "70000"/);
});
