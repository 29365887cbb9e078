// `chainbreak serve` and `chainbreak demo`.
import type { Command } from 'commander';
import { startService } from '../../../runtime.ts';
import { configFrom, withServiceOptions } from '../options.ts';

export function register(program: Command): void {
  withServiceOptions(program.command('serve').description('run the Chainbreak service (API, console, webhooks)'), { port: 8080, dataDir: './data' }).action(
    async (options) => {
      const running = await startService(configFrom(options), { demo: false });
      await running.closed;
    },
  );
  withServiceOptions(
    program
      .command('demo')
      .description('run the service on an embedded store under ./data with a simulated platform streaming ordinary and scam traffic')
      .option('--speed <x>', 'how many times faster than real time the simulated platform runs', '600')
      .option('--seed <n>', 'seed of the simulated traffic', '7'),
    { port: 8080, dataDir: './data' },
  ).action(async (options) => {
    const running = await startService(configFrom(options), { demo: true, speed: Number(options.speed), seed: Number(options.seed) });
    await running.closed;
  });
}
