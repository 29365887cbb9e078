// Hashing throughput, ours next to the reference C++ hasher, on the same files in one run.
//   npx node bench/pdq/hashing.ts [--reference PATH/benchmark-photo-hasher] [--count N] [--reference-count N] [--dir DIR]
// Ours: (1) from decoded pixels: every file is decoded once, then pdqHashFromRgba is timed (this includes
// the reference's 512x512 pre-shrink and the luma conversion, as the reference's "hash seconds" do);
// (2) end to end: read + decode (sharp) + hash per file.
// Reference: `benchmark-photo-hasher -n N DIR` from facebook/ThreatExchange pdq/cpp, built outside this
// repository; its "hash" time excludes decoding and the pre-shrink, its "read" time is CImg's decoding
// (through ImageMagick for JPEG/PNG).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { decodeImage, hashImageBytes, type DecodedImage } from '../../src/modules/pdq/decode.ts';
import { pdqHashFromRgba } from '../../src/modules/pdq/hasher.ts';

const { values } = parseArgs({
  options: {
    reference: { type: 'string' },
    count: { type: 'string', default: '2000' },
    'reference-count': { type: 'string', default: '300' },
    dir: { type: 'string' },
  },
});
const count = Number(values.count);
const ROUNDS = 3;

/** A flat folder with the fixture images (JPEG and PPM), the same files for both hashers. */
function corpus(): string {
  if (values.dir) return values.dir;
  const fixtures = fileURLToPath(new URL('../../test/fixtures/pdq/', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'pdq-bench-'));
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(fixtures, sub), { withFileTypes: true })) {
      const rel = join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.(jpe?g|png|ppm)$/i.test(entry.name)) copyFileSync(join(fixtures, rel), join(dir, rel.replaceAll('/', '_')));
    }
  };
  walk('');
  return dir;
}

async function ours(dir: string) {
  const files = readdirSync(dir).sort().map((f) => join(dir, f));
  const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
  const decoded: DecodedImage[] = [];
  for (const b of bytes) decoded.push(await decodeImage(b));
  // Warm up the JIT on every file before timing.
  for (const img of decoded) pdqHashFromRgba(img.data, img.width, img.height, img.channels);
  // Best of several rounds, for ours and the reference alike: the machine may be shared.
  let pixelsSeconds = Infinity;
  let start = 0;
  for (let round = 0; round < ROUNDS; round++) {
    start = performance.now();
    for (let i = 0; i < count; i++) {
      const img = decoded[i % decoded.length];
      pdqHashFromRgba(img.data, img.width, img.height, img.channels);
    }
    pixelsSeconds = Math.min(pixelsSeconds, (performance.now() - start) / 1000);
  }
  const e2eCount = Math.min(count, 300);
  start = performance.now();
  for (let i = 0; i < e2eCount; i++) await hashImageBytes(new Uint8Array(readFileSync(files[i % files.length])));
  const e2eSeconds = (performance.now() - start) / 1000;
  return { files: files.length, fromPixels: count / pixelsSeconds, endToEnd: e2eCount / e2eSeconds };
}

function reference(binary: string, dir: string) {
  const runs = Array.from({ length: ROUNDS }, () => referenceOnce(binary, dir));
  return { fromPixels: Math.max(...runs.map((r) => r.fromPixels)), endToEnd: Math.max(...runs.map((r) => r.endToEnd)) };
}

function referenceOnce(binary: string, dir: string) {
  // CImg decodes JPEG/PNG by running ImageMagick's `convert` per file; prefer the real one in /usr/bin.
  const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ''}` };
  const n = values['reference-count'];
  const out = execFileSync(binary, ['-n', n, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env });
  const num = (label: RegExp) => Number(label.exec(out)?.[1]);
  const hashSeconds = num(/TIME SPENT HASHING PHOTOS \(SECONDS\):\s*([0-9.]+)/);
  const readSeconds = num(/TIME SPENT READING PHOTOS \(SECONDS\):\s*([0-9.]+)/);
  const photos = num(/PHOTO COUNT:\s*(\d+)/);
  return { fromPixels: photos / hashSeconds, endToEnd: photos / (hashSeconds + readSeconds) };
}

const dir = corpus();
const mine = await ours(dir);
const lines = [
  `files: ${mine.files} (fixture JPEGs and PPMs), hashes timed: ${count} x ${ROUNDS} rounds (best kept)`,
  `chainbreak  from pixels: ${mine.fromPixels.toFixed(0)} photos/s   end to end (read+decode+hash): ${mine.endToEnd.toFixed(0)} photos/s`,
];
if (values.reference) {
  const ref = reference(values.reference, dir);
  lines.push(`reference   from pixels: ${ref.fromPixels.toFixed(0)} photos/s   end to end (read+decode+hash): ${ref.endToEnd.toFixed(0)} photos/s`);
  lines.push(`time ratio (chainbreak ÷ reference; below 1 means faster): from pixels ${(ref.fromPixels / mine.fromPixels).toFixed(2)}x, end to end ${(ref.endToEnd / mine.endToEnd).toFixed(2)}x`);
}
console.log(lines.join('\n'));
if (!values.dir) rmSync(dir, { recursive: true, force: true });
