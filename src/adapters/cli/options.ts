// Options shared by the commands that open the service.
import { Option, type Command } from 'commander';
import { loadConfig, type Config } from '../../config.ts';

export function withServiceOptions(command: Command, defaults: { port: number; dataDir: string }): Command {
  return command
    // PORT is what hosting platforms and most people set first; the flag still wins over it.
    .addOption(new Option('--port <n>', 'HTTP port (0 picks a free one)').env('PORT').default(String(defaults.port)))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where the embedded store and the rule file live', defaults.dataDir)
    .option('--config <file>', 'YAML or JSON configuration file')
    .option('--rules <file>', 'rule file to use (hot-reloaded)')
    .option('--postgres <url>', 'use PostgreSQL at this postgres:// URL instead of the embedded store')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent');
}

export function configFrom(options: { port: string; host: string; dataDir: string; config?: string; rules?: string; postgres?: string; logLevel?: string }): Config {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port (or PORT) must be a number from 0 to 65535, got "${options.port}"`);
  return loadConfig(options.config, { port, host: options.host, dataDir: options.dataDir, rulesFile: options.rules, postgresUrl: options.postgres, logLevel: options.logLevel as Config['logLevel'] });
}
