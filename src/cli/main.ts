// The `chainbreak` command line: one sub-command module per area.
import { Command, CommanderError } from 'commander';
import { register as registerApk } from './commands/apk.ts';
import { register as registerEvents } from './commands/events.ts';
import { register as registerKeys } from './commands/keys.ts';
import { register as registerPdq } from './commands/pdq.ts';
import { register as registerRings } from './commands/rings.ts';
import { register as registerRules } from './commands/rules.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerText } from './commands/text.ts';

export function buildProgram(): Command {
  const program = new Command('chainbreak')
    .description('Chainbreak: detect and break financial-sextortion chains on dating and social platforms')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerServe, registerEvents, registerRules, registerKeys, registerText, registerApk, registerPdq, registerRings]) {
    register(program);
  }
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
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
