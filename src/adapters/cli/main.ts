// The `chainbreak` command line: one sub-command module per area. Only the module of the command being
// run is loaded (loading every area up front costs seconds of start-up for a one-file `apk scan`).
import { Command, CommanderError } from 'commander';

type Register = (program: Command) => void;

const AREAS: Record<string, () => Promise<{ register: Register }>> = {
  serve: () => import('./commands/serve.ts'),
  demo: () => import('./commands/serve.ts'),
  events: () => import('./commands/events.ts'),
  rules: () => import('./commands/rules.ts'),
  keys: () => import('./commands/keys.ts'),
  text: () => import('../../modules/text/cli.ts'),
  apk: () => import('../../modules/apk/cli.ts'),
  pdq: () => import('../../modules/pdq/cli.ts'),
  rings: () => import('../../modules/rings/cli.ts'),
  exchange: () => import('../../modules/exchange/cli.ts'),
};

export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command('chainbreak')
    .description('Chainbreak: detect and break financial-sextortion chains on dating and social platforms')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const wanted = command && AREAS[command] ? [AREAS[command]] : [...new Set(Object.values(AREAS))];
  const modules = await Promise.all(wanted.map((load) => load()));
  for (const module of new Set(modules)) module.register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv[2]);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    console.error(`chainbreak: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

await main(process.argv);
