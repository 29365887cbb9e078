// `chainbreak apk scan FILE...`: scan APK files for the contact-stealer shape and explain the verdict.
// One result per file, always (unreadable and malformed files give ok:false with the error).
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { scanApk, type ApkReport } from './index.ts';

export interface ApkResultLine {
  file: string;
  ok: boolean;
  error?: string;
  sha256?: string;
  package?: string;
  versionName?: string;
  minSdk?: number;
  targetSdk?: number;
  permissions: string[];
  verdict: ApkReport['verdict'];
  score: number;
  evidence: ApkReport['evidence'];
  signers: ApkReport['signers'];
  urls: string[];
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export function register(program: Command): void {
  const apk = program.command('apk').description('scan Android apps (APK files) for the contact-stealer lure');
  apk
    .command('scan')
    .description('scan APK files; prints a verdict (contact_stealer, suspicious, clean, unparseable), a score and the evidence for each file')
    .argument('<files...>', 'APK files to scan')
    .option('--json', 'print one JSON object per file (JSON Lines)')
    .option('--max-bytes <n>', 'skip files larger than this many bytes', parseByteCount, DEFAULT_MAX_BYTES)
    .option('--no-progress', 'never show the progress bar (shown on stderr for several files when stdout is redirected)')
    .addHelpText('after', '\nExit codes: 0 every file scanned, 1 some file could not be read or parsed, 2 usage error.')
    .action((files: string[], options: { json?: boolean; maxBytes: number; progress: boolean }) => {
      // The bar goes to a terminal's stderr while results go to a file or pipe, so the two never interleave.
      const showBar = options.progress && files.length > 1 && process.stderr.isTTY && !process.stdout.isTTY;
      const bar = showBar ? new SingleBar({ stream: process.stderr, format: 'scanning [{bar}] {value}/{total} {file}' }, Presets.shades_classic) : null;
      bar?.start(files.length, 0, { file: '' });
      let failed = 0;
      for (const file of files) {
        const line = scanFile(file, options.maxBytes);
        if (!line.ok) failed++;
        process.stdout.write((options.json ? JSON.stringify(line) : describe(line)) + '\n');
        bar?.increment(1, { file });
      }
      bar?.stop();
      if (failed) {
        process.stderr.write(`chainbreak apk scan: ${failed} of ${files.length} file(s) could not be scanned\n`);
        process.exitCode = 1;
      }
    });
}

function parseByteCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number of bytes');
  return n;
}

/** Reads one file under the size cap and scans it; never throws. */
export function scanFile(file: string, maxBytes: number): ApkResultLine {
  let bytes: Uint8Array;
  try {
    bytes = readCapped(file, maxBytes);
  } catch (error) {
    return { file, ok: false, error: (error as Error).message, permissions: [], verdict: 'unparseable', score: 0, evidence: [], signers: [], urls: [] };
  }
  return toLine(file, scanApk(bytes));
}

function readCapped(file: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no such file: ${file}` : `cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    if (stat.size > maxBytes) throw new Error(`${file} is ${stat.size} bytes, above the --max-bytes cap of ${maxBytes}`);
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function toLine(file: string, r: ApkReport): ApkResultLine {
  return {
    file,
    ok: r.ok,
    ...(r.error ? { error: r.error } : {}),
    sha256: r.sha256,
    package: r.package,
    versionName: r.versionName,
    minSdk: r.minSdk,
    targetSdk: r.targetSdk,
    permissions: r.permissions,
    verdict: r.verdict,
    score: r.score,
    evidence: r.evidence,
    signers: r.signers,
    urls: r.urls,
  };
}

export function describe(line: ApkResultLine): string {
  if (!line.ok) return `${line.file}: unparseable: ${line.error}`;
  const head = `${line.file}: ${line.verdict} (score ${line.score.toFixed(2)}) ${line.package ?? '?'} ${line.versionName ?? ''}`.trimEnd();
  const evidence = line.evidence.map((e) => `  ${e.rule} (+${e.weight}): ${e.kind} ${e.value} in ${e.location}`);
  const signers = line.signers.map((s) => `  signer ${s.sha256} (${s.schemes.join('+')})${s.subject ? ` ${s.subject}` : ''}`);
  const permissions = line.permissions.length ? [`  permissions: ${line.permissions.join(', ')}`] : [];
  return [head, ...permissions, ...evidence, ...signers].join('\n');
}
