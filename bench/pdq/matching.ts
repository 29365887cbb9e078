// Matching throughput and latency of the PDQ index against a brute-force scan, at 1 and 10 million random
// hashes with planted near-duplicates, on one core, plus the memory to load 10 million hashes from a file.
//   npx node --max-old-space-size=4096 bench/pdq/matching.ts [--sizes 1000000,10000000] [--queries 2000]
//       [--brute-queries 40] [--load-file] [--reference PATH/benchmark-query --reference-sizes 100000]
// Half the queries are planted near-duplicates (a stored hash with 1..31 random bits flipped, each must be
// found), half are fresh random hashes (almost never match). Brute-force results are compared with the
// index's for exactness on the brute-force query subset.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { wordsToHash } from '../../src/modules/pdq/hash256.ts';
import { loadHashFile } from '../../src/modules/pdq/hash-file.ts';
import { PdqIndex } from '../../src/modules/pdq/pdq-index.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,10000000' },
    queries: { type: 'string', default: '2000' },
    'brute-queries': { type: 'string', default: '40' },
    'max-distance': { type: 'string', default: '31' },
    reference: { type: 'string' },
    'reference-sizes': { type: 'string', default: '100000' },
    'load-file': { type: 'boolean', default: false },
    'load-only': { type: 'string' },
  },
});
const maxDistance = Number(values['max-distance']);

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function randomWords(count: number, seed: number): Uint32Array {
  const next = rng(seed);
  const out = new Uint32Array(count * 8);
  for (let i = 0; i < out.length; i++) out[i] = next();
  return out;
}

function queries(words: Uint32Array, n: number, count: number, seed: number): { q: Uint32Array; planted: Int32Array } {
  const next = rng(seed);
  const q = new Uint32Array(count * 8);
  const planted = new Int32Array(count).fill(-1);
  for (let k = 0; k < count; k++) {
    if (k % 2 === 0) {
      const src = next() % n;
      q.set(words.subarray(src * 8, src * 8 + 8), k * 8);
      const flips = 1 + (next() % maxDistance);
      const seen = new Set<number>();
      while (seen.size < flips) seen.add(next() % 256);
      for (const bit of seen) q[k * 8 + (bit >> 5)] ^= 1 << (bit & 31);
      planted[k] = src;
    } else for (let w = 0; w < 8; w++) q[k * 8 + w] = next();
  }
  return { q, planted };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function timeQueries(index: PdqIndex, q: Uint32Array, count: number, bruteForce: boolean) {
  const times: number[] = [];
  const results: number[][] = [];
  const start = performance.now();
  for (let k = 0; k < count; k++) {
    const t = performance.now();
    const found = index.searchWords(q, k * 8, maxDistance, { bruteForce });
    times.push(performance.now() - t);
    results.push(found.map((m) => m.id));
  }
  const total = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return { qps: count / total, p50: percentile(times, 50), p99: percentile(times, 99), results };
}

function benchSize(n: number): string[] {
  const words = randomWords(n, n);
  const t0 = performance.now();
  const index = PdqIndex.fromWords(words);
  const buildSeconds = (performance.now() - t0) / 1000;
  const nq = Number(values.queries);
  const { q, planted } = queries(words, n, nq + 200, 99);
  timeQueries(index, q.subarray(nq * 8), 200, false); // warm-up on separate queries
  const mih = timeQueries(index, q, nq, false);
  let missed = 0;
  mih.results.forEach((ids, k) => {
    if (planted[k] >= 0 && !ids.includes(planted[k])) missed++;
  });
  const nb = Number(values['brute-queries']);
  const brute = timeQueries(index, q, nb, true);
  let mismatches = 0;
  for (let k = 0; k < nb; k++) if (brute.results[k].join() !== mih.results[k].join()) mismatches++;
  return [
    `n=${n.toLocaleString('en')}: index build ${buildSeconds.toFixed(1)} s, index arrays ${(index.byteSize() / 2 ** 20).toFixed(0)} MiB`,
    `  MIH         d<=${maxDistance}: ${mih.qps.toFixed(0)} queries/s, p50 ${mih.p50.toFixed(3)} ms, p99 ${mih.p99.toFixed(3)} ms (${nq} queries, half planted; planted missed: ${missed})`,
    `  brute force d<=${maxDistance}: ${brute.qps.toFixed(1)} queries/s, p50 ${brute.p50.toFixed(1)} ms, p99 ${brute.p99.toFixed(1)} ms (${nb} queries; results differing from MIH: ${mismatches})`,
    `  speed-up at p99: ${(brute.p99 / mih.p99).toFixed(0)}x`,
  ];
}

/** Child-process mode: load a hash-list file into an index and report peak memory. */
async function loadOnly(path: string): Promise<void> {
  const t0 = performance.now();
  const loaded = await loadHashFile(path);
  const index = PdqIndex.fromWords(loaded.words, loaded.count);
  const seconds = (performance.now() - t0) / 1000;
  const probe = index.search(wordsToHash(loaded.words, 12345 * 8), maxDistance);
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(`  loaded ${loaded.count.toLocaleString('en')} hashes from ${path} in ${seconds.toFixed(1)} s; peak RSS ${peak.toFixed(0)} MiB (${(peak / 1024).toFixed(2)} GiB); probe found ${probe.length}`);
}

async function writeHashFile(path: string, n: number): Promise<void> {
  const next = rng(7);
  const out = createWriteStream(path);
  const hex = (x: number) => x.toString(16).padStart(8, '0');
  for (let i = 0; i < n; i += 10_000) {
    let chunk = '';
    for (let k = 0; k < Math.min(10_000, n - i); k++) {
      for (let w = 0; w < 8; w++) chunk += hex(next());
      chunk += '\n';
    }
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

if (values['load-only']) {
  await loadOnly(values['load-only']);
} else {
  const lines: string[] = [`load average at start: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`];
  for (const n of values.sizes.split(',').map(Number)) lines.push(...benchSize(n));
  if (values['load-file']) {
    const n = 10_000_000;
    const path = join(tmpdir(), 'pdq-bench-10m.txt');
    if (!existsSync(path) || statSync(path).size !== n * 65) await writeHashFile(path, n);
    const child = spawnSync(process.execPath, [process.argv[1], '--load-only', path], { encoding: 'utf8' });
    lines.push(`memory (separate process): ${child.stdout.trim() || child.stderr.trim()}`);
  }
  if (values.reference) {
    // The reference's MIH builds slowly (about 27 s per 100 000 hashes here), so it runs at its own sizes.
    for (const n of values['reference-sizes'].split(',').map(Number)) {
      for (const method of ['mih', 'linear']) {
        const nq = Number(values['brute-queries']);
        const out = execFileSync(values.reference, ['-b', String(n), '-q', String(nq), '-d', String(maxDistance), '-m', method], { encoding: 'utf8' });
        lines.push(`reference benchmark-query n=${n} -m ${method}: ${out.trim().split('\n').filter((l) => /QUERIES PER SECOND|QUERY COUNT|INDEX COUNT|MATCH COUNT/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim()).join(' | ')}`);
      }
    }
  }
  console.log(lines.join('\n'));
}
