// `chainbreak pdq …`: hash images like the reference `pdq-photo-hasher`, match hash lists against a bank file,
// and hash videos frame by frame.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import type { DecodeOptions } from './decode.ts';
import { DIHEDRAL_NAMES } from './hasher.ts';
import { hashToWords, isPdqHash, wordsToHash, PDQ_MATCH_THRESHOLD } from './hash256.ts';
import { loadHashFile } from './hash-file.ts';
import { DEFAULT_MAX_PIXELS } from './limits.ts';
import { PdqIndex } from './pdq-index.ts';

// sharp (native libvips) and the video adapter are imported only when a pdq command runs, so that every
// other chainbreak command starts without them.

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 60) throw new InvalidArgumentError('must be a number above 0 and at most 60');
  return n;
}

function sceneScore(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('must be a number above 0 and at most 1');
  return n;
}

function fail(message: string): void {
  process.stderr.write(`chainbreak pdq: ${message}\n`);
  process.exitCode = 1;
}

async function hashCommand(files: string[], opts: { dihedral?: boolean; autoOrient?: boolean; maxPixels: number }): Promise<void> {
  const { dihedralHashImageFile, hashImageFile } = await import('./decode.ts');
  const decode: DecodeOptions = { autoOrient: opts.autoOrient, maxPixels: opts.maxPixels };
  for (const file of files) {
    try {
      if (opts.dihedral) {
        const r = await dihedralHashImageFile(file, decode);
        process.stdout.write(`${DIHEDRAL_NAMES.map((n) => r.hashes[n]).join(',')},${r.quality},${file}\n`);
      } else {
        const r = await hashImageFile(file, decode);
        process.stdout.write(`${r.hash},${r.quality},${file}\n`);
      }
    } catch (error) {
      fail(`${file}: ${(error as Error).message}`);
    }
  }
}

async function matchCommand(queryFile: string | undefined, opts: { bank: string; maxDistance: number }): Promise<void> {
  let bank;
  try {
    bank = await loadHashFile(opts.bank);
  } catch (error) {
    fail(`cannot read bank ${opts.bank}: ${(error as Error).message}`);
    return;
  }
  for (const r of bank.rejected.slice(0, 20)) process.stderr.write(`chainbreak pdq: ${opts.bank} line ${r.line}: not a PDQ hash: "${r.text}"\n`);
  const index = PdqIndex.fromWords(bank.words, bank.count);
  const input = !queryFile || queryFile === '-' ? process.stdin : createReadStream(queryFile, { encoding: 'utf8' });
  const query = new Uint32Array(8);
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    const hash = text.split(',')[0].trim();
    if (!isPdqHash(hash)) {
      fail(`query line ${line}: not a PDQ hash: "${text.slice(0, 80)}"`);
      continue;
    }
    hashToWords(hash.toLowerCase(), query);
    const matches = index.searchWords(query, 0, opts.maxDistance).map((m) => ({ hash: wordsToHash(bank.words, m.id * 8), distance: m.distance }));
    process.stdout.write(`${JSON.stringify({ query: hash.toLowerCase(), matches })}\n`);
  }
}

async function videoCommand(files: string[], opts: { fps: number; sceneThreshold: number }): Promise<void> {
  const { hashVideoFile, FfmpegMissingError } = await import('./video.ts');
  for (const file of files) {
    try {
      const video = await hashVideoFile(file, { fps: opts.fps, sceneThreshold: opts.sceneThreshold });
      for (const f of video.frames) process.stdout.write(`${f.hash},${f.quality},${f.timestamp.toFixed(3)},${f.reason},${file}\n`);
    } catch (error) {
      fail(`${file}: ${(error as Error).message}`);
      if (error instanceof FfmpegMissingError) return;
    }
  }
}

async function videoCompareCommand(a: string, b: string, opts: { fps: number; maxDistance: number }): Promise<void> {
  const { compareVideoHashes, hashVideoFile } = await import('./video.ts');
  try {
    const [va, vb] = await Promise.all([hashVideoFile(a, { fps: opts.fps }), hashVideoFile(b, { fps: opts.fps })]);
    const result = compareVideoHashes(va.frames, vb.frames, { maxDistance: opts.maxDistance });
    process.stdout.write(`${JSON.stringify({ a, b, ...result })}\n`);
  } catch (error) {
    fail((error as Error).message);
  }
}

export function register(program: Command): void {
  const pdq = program.command('pdq').description('PDQ perceptual hashes of images and videos, and matching against hash lists');

  pdq
    .command('hash')
    .description('print "hash,quality,path" per image, as the reference pdq-photo-hasher does (JPEG, PNG, WebP, GIF, TIFF, PPM)')
    .argument('<files...>', 'image files')
    .option('--dihedral', 'print the eight dihedral hashes (original, rotate90, rotate180, rotate270, flipx, flipy, flipplus1, flipminus1), then quality and path, on one line')
    .option('--auto-orient', 'apply the EXIF orientation first (the reference and the exchange tools do not)')
    .option('--max-pixels <n>', 'refuse images with more pixels than this (decompression-bomb cap)', integer(1, 1_000_000_000), DEFAULT_MAX_PIXELS)
    .action(hashCommand);

  pdq
    .command('match')
    .description('match query hashes (one per line, from FILE or stdin) against a bank file; writes JSON Lines {"query","matches":[{"hash","distance"}]}')
    .argument('[queries]', 'file of query hashes ("-" or absent: stdin)')
    .requiredOption('--bank <file>', 'bank: one PDQ hash per line, "hash,quality,path" lines, or ThreatExchange CSV')
    .option('--max-distance <n>', 'largest Hamming distance that counts as a match', integer(0, 256), PDQ_MATCH_THRESHOLD)
    .action(matchCommand);

  pdq
    .command('video')
    .description('print "hash,quality,seconds,reason,path" for sampled frames (reason: interval or scene); needs ffmpeg')
    .argument('<files...>', 'video files')
    .option('--fps <n>', 'frames sampled per second', positiveNumber, 1)
    .option('--scene-threshold <score>', 'also keep frames whose ffmpeg scene-change score exceeds this (0 to 1)', sceneScore, 0.3)
    .action(videoCommand);

  pdq
    .command('video-compare')
    .description('vPDQ-style similarity of two videos: share of each video\'s frames that match a frame of the other; needs ffmpeg')
    .argument('<a>', 'first video')
    .argument('<b>', 'second video')
    .option('--fps <n>', 'frames sampled per second', positiveNumber, 1)
    .option('--max-distance <n>', 'frame match distance', integer(0, 256), PDQ_MATCH_THRESHOLD)
    .action(videoCompareCommand);
}
