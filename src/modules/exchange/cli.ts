// `chainbreak exchange …`: make partner keys, keyed-hash an identifier the way packages do, check a package
// offline, and convert hash lists between the exchange formats. Nothing here touches a database.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { isShareableType, KeyedHasher, SHAREABLE_TYPES } from './keyed-hash.ts';
import { generateSigningKeys, PackageError, verifyPackage } from './package.ts';
import { EXCHANGE_FORMATS, formatSignals, parseSignals, type ExchangeFormat } from './signal-formats.ts';

function fail(message: string): void {
  process.stderr.write(`chainbreak exchange: ${message}\n`);
  process.exitCode = 1;
}

function format(value: string): ExchangeFormat {
  if (!(EXCHANGE_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${EXCHANGE_FORMATS.join(', ')}`);
  return value as ExchangeFormat;
}

function partnerKey(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('expected <partner-id>=<public key>');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function register(program: Command): void {
  const exchange = program.command('exchange').description('hash-list formats and keyed-hash partner packages (offline tools)');

  exchange
    .command('keygen')
    .description('print a new Ed25519 signing key pair for this platform and a new shared HMAC key for one partnership, as JSON')
    .action(() => {
      const keys = generateSigningKeys();
      process.stdout.write(`${JSON.stringify({ signingKeys: keys, sharedKey: randomBytes(32).toString('base64url'), note: 'give partners publicKey; share sharedKey with one partner over a secure channel; keep privateKey here' }, null, 2)}\n`);
    });

  exchange
    .command('hash-indicator')
    .description('print the keyed hash a partner package carries for one identifier (normalised first, as the rings module does)')
    .requiredOption('--key <base64>', 'the shared HMAC key of the partnership')
    .requiredOption('--type <type>', `identifier type: ${SHAREABLE_TYPES.join(', ')}`)
    .argument('<value>', 'the raw identifier value')
    .action((value: string, opts: { key: string; type: string }) => {
      try {
        if (!isShareableType(opts.type)) throw new Error(`--type must be one of ${SHAREABLE_TYPES.join(', ')}`);
        process.stdout.write(`${new KeyedHasher(opts.key).hash(opts.type, value)}\n`);
      } catch (error) {
        fail((error as Error).message);
      }
    });

  exchange
    .command('verify-package')
    .description('check a signed partner package offline: signature, schema, recipient, age (the replay check needs the service)')
    .argument('[file]', 'package file ("-" or absent: stdin)')
    .requiredOption('--self <id>', "this platform's party id")
    .requiredOption('--partner <id=publicKey>', 'a partner and its public key (repeatable)', partnerKey)
    .option('--max-age-hours <n>', 'oldest package accepted', (v) => Number(v), 24)
    .action(async (file: string | undefined, opts: { self: string; partner: Record<string, string>; maxAgeHours: number }) => {
      try {
        const payload = verifyPackage(await readInput(file), { self: opts.self, publicKeyOf: (id) => opts.partner[id], now: Date.now(), maxAgeMs: opts.maxAgeHours * 3_600_000 });
        const count = payload.kind === 'indicators' ? payload.indicators.length : payload.feedback.length;
        process.stdout.write(`${JSON.stringify({ ok: true, id: payload.id, from: payload.from, kind: payload.kind, items: count, created_at: payload.created_at })}\n`);
      } catch (error) {
        fail(error instanceof PackageError ? `${error.code}: ${error.message}` : (error as Error).message);
      }
    });

  exchange
    .command('convert')
    .description('convert a hash list between jsonl, te-csv (ThreatExchange CSV) and signal-file (HMA file exchange)')
    .argument('[file]', 'input list ("-" or absent: stdin)')
    .requiredOption('--from <format>', EXCHANGE_FORMATS.join(' | '), format)
    .requiredOption('--to <format>', EXCHANGE_FORMATS.join(' | '), format)
    .option('--bank <name>', 'bank / collab name written into te-csv and jsonl', 'chainbreak')
    .action(async (file: string | undefined, opts: { from: ExchangeFormat; to: ExchangeFormat; bank: string }) => {
      try {
        const parsed = parseSignals(await readInput(file), opts.from);
        for (const e of parsed.errors.slice(0, 20)) process.stderr.write(`chainbreak exchange: line ${e.line}: ${e.message}\n`);
        if (parsed.errors.length) {
          fail(`${parsed.errors.length} bad line(s); nothing converted`);
          return;
        }
        for (const s of parsed.skipped.slice(0, 20)) process.stderr.write(`chainbreak exchange: line ${s.line} skipped: ${s.reason}\n`);
        process.stdout.write(formatSignals(opts.bank, parsed.records, opts.to));
      } catch (error) {
        fail((error as Error).message);
      }
    });
}
