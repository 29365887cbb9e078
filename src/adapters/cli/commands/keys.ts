// `chainbreak keys create|list|revoke`: manage API keys in the store.
import type { Command } from 'commander';
import { createChainbreak } from '../../../app.ts';
import { SCOPES, type Scope } from '../../../app/api-keys.ts';
import { configFrom } from '../options.ts';

export function register(program: Command): void {
  const keys = program.command('keys').description('manage API keys');
  const open = (options: { dataDir: string; config?: string }) =>
    createChainbreak(configFrom({ port: '0', host: '127.0.0.1', dataDir: options.dataDir, config: options.config }), { background: false });
  keys
    .command('create')
    .description('create an API key; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--scopes <list>', `comma-separated scopes: ${SCOPES.join(', ')}`, 'events:write,read')
    .option('--tenant <tenant>', 'restrict the key to one tenant', '*')
    .option('--data-dir <dir>', 'embedded store', './data')
    .option('--config <file>', 'configuration file')
    .action(async (options) => {
      const scopes = String(options.scopes).split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
      if (unknown.length) throw new Error(`unknown scope(s): ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
      const cb = await open(options);
      const { key, identity } = await cb.keys.create(options.name, scopes as Scope[], options.tenant);
      await cb.close();
      console.log(JSON.stringify({ ...identity, key }));
    });
  keys
    .command('list')
    .description('list API keys (never the keys themselves)')
    .option('--data-dir <dir>', 'embedded store', './data')
    .option('--config <file>', 'configuration file')
    .action(async (options) => {
      const cb = await open(options);
      for (const key of await cb.keys.list()) console.log(JSON.stringify(key));
      await cb.close();
    });
  keys
    .command('revoke')
    .description('revoke an API key by id')
    .argument('<id>')
    .option('--data-dir <dir>', 'embedded store', './data')
    .option('--config <file>', 'configuration file')
    .action(async (id: string, options) => {
      const cb = await open(options);
      const revoked = await cb.keys.revoke(id);
      await cb.close();
      if (!revoked) throw new Error(`no active key with id ${id}`);
      console.log(`revoked ${id}`);
    });
}
