// `chainbreak rings …`: build rings from a JSONL list of links, and explain why two accounts are linked.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { IDENTIFIER_TYPES, type IdentifierType } from '../../core/signals.ts';
import { RingBatch } from './batch.ts';
import { explain, formatExplanation, type Explanation } from './explain.ts';
import { RingService } from './service.ts';
import { openStore } from '../../adapters/store/db.ts';
import { readLinkFile } from './input.ts';
import { isIdentifierType, normaliseIdentifier } from '../../core/identifiers/normalise.ts';

interface GraphFlags {
  input?: string;
  sharedCap: number;
  allow: { type: IdentifierType; value: string }[];
  tenant: string;
}

function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

function allowEntry(raw: string, previous: { type: IdentifierType; value: string }[]): { type: IdentifierType; value: string }[] {
  const colon = raw.indexOf(':');
  const type = raw.slice(0, colon);
  if (colon < 1 || !isIdentifierType(type)) throw new InvalidArgumentError(`expected TYPE:VALUE with TYPE one of ${IDENTIFIER_TYPES.join(', ')}`);
  const normalised = normaliseIdentifier(type, raw.slice(colon + 1));
  if (!normalised.ok) throw new InvalidArgumentError(normalised.error);
  return [...previous, { type, value: normalised.value }];
}

const INPUT_HELP = 'JSONL file of links, one {"account","type","value"} object per line ("-" for stdin)';

function withGraphOptions(command: Command): Command {
  return command
    .option('--shared-cap <n>', 'an identifier used by more than n accounts is shared infrastructure and stops merging', positiveInt, 50)
    .option('--allow <type:value>', 'a known shared value that never merges (repeatable), e.g. ip:203.0.113.7', allowEntry, [])
    .option('--tenant <name>', 'tenant the ring ids are derived for', 'default');
}

/** Loads the links into a batch, reporting bad lines on stderr; returns the batch and whether any line failed. */
async function load(flags: GraphFlags & { input: string }): Promise<{ batch: RingBatch; failed: number } | null> {
  if (flags.input !== '-' && !existsSync(flags.input)) {
    process.stderr.write(`rings: input file "${flags.input}" does not exist\n`);
    process.exitCode = 2;
    return null;
  }
  const batch = new RingBatch(flags.tenant, { sharedCap: flags.sharedCap, allowList: flags.allow });
  try {
    const summary = await readLinkFile(flags.input, (link) => batch.add(link), (line, error) => {
      process.stderr.write(`${flags.input}:${line}: ${error}\n`);
    });
    return { batch, failed: summary.failed };
  } catch (error) {
    process.stderr.write(`rings: cannot read "${flags.input}": ${(error as Error).message}\n`);
    process.exitCode = 2;
    return null;
  }
}

export function register(program: Command): void {
  const rings = program.command('rings').description('link accounts into crews (rings) through shared identifiers');

  withGraphOptions(rings.command('build').requiredOption('-i, --input <file>', INPUT_HELP))
    .description('build rings from links and print {"rings": [...], "shared_infrastructure": [...]} as JSON')
    .option('-o, --output <file>', 'write the JSON here instead of stdout')
    .addHelpText('after', '\nA bad line is reported on stderr as "FILE:N: reason" and skipped; the rest are still linked. Payment accounts\nmay be written as people write them ("BDO-01640177123", "GCash 0917 123 4567", "name@okaxis", "$cashtag",\n"MTCN 123-456-7890"); the spellings are kept as written_as. Exit status: 0 when every line was read, 1 when\nany line was bad, 2 when the input cannot be read.')
    .action(async (flags: GraphFlags & { input: string; output?: string }) => {
      const loaded = await load(flags);
      if (!loaded) return;
      const json = JSON.stringify(loaded.batch.output(), null, 2);
      if (flags.output) await writeFile(flags.output, `${json}\n`);
      else process.stdout.write(`${json}\n`);
      if (loaded.failed > 0) {
        process.stderr.write(`rings: ${loaded.failed} line(s) skipped\n`);
        process.exitCode = 1;
      }
    });

  withGraphOptions(rings.command('explain').option('-i, --input <file>', `${INPUT_HELP}; without it, the service's store is read`))
    .description('print the shortest evidence path between accounts A and B, from a links file or from the store')
    .argument('<a>', 'first account')
    .argument('<b>', 'second account')
    .option('--data-dir <dir>', 'the embedded store to read when no --input is given', './data')
    .option('--postgres <url>', 'read the store from PostgreSQL at this postgres:// URL instead')
    .option('--json', 'print the path as JSON')
    .action(async (a: string, b: string, flags: GraphFlags & { json?: boolean; dataDir: string; postgres?: string }) => {
      let explanation: Explanation;
      let failed = 0;
      if (flags.input !== undefined) {
        const loaded = await load({ ...flags, input: flags.input });
        if (!loaded) return;
        explanation = explain(loaded.batch.graph, a, b);
        failed = loaded.failed;
      } else {
        const fromStore = await explainFromStore(flags, a, b);
        if (!fromStore) return;
        explanation = fromStore;
      }
      process.stdout.write(flags.json ? `${JSON.stringify(explanation, null, 2)}\n` : `${formatExplanation(explanation)}\n`);
      if (failed > 0) process.exitCode = 1;
    });
}

/** Loads the tenant's rings from the service's database (SQLite under --data-dir, or PostgreSQL) and explains. */
async function explainFromStore(flags: GraphFlags & { dataDir: string; postgres?: string }, a: string, b: string): Promise<Explanation | null> {
  if (!flags.postgres && !existsSync(flags.dataDir)) {
    process.stderr.write(`rings: no --input given and the data directory "${flags.dataDir}" does not exist\n`);
    process.exitCode = 2;
    return null;
  }
  const db = await openStore({ dataDir: flags.dataDir, postgresUrl: flags.postgres });
  try {
    const service = new RingService(db, { sharedCap: flags.sharedCap, allowList: flags.allow });
    await service.load();
    return service.explain(flags.tenant, a, b);
  } finally {
    await db.destroy();
  }
}
