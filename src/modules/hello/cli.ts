import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('hello').description('scratch: says hello').action(() => {
    process.stdout.write('hello from the scratch module\n');
  });
}
