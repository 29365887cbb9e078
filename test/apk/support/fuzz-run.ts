// The fuzz loop shared by `npm test` (a short run) and bench/apk/fuzz.ts (the 100,000-case run):
// every mutated APK must give exactly one well-formed report, quickly, with the heap staying bounded.
import { scanApk, type ApkReport } from '../../../src/modules/apk/index.ts';
import { mutatedApk, type Mutation } from './mutate.ts';

export interface FuzzOutcome {
  cases: number;
  verdicts: Record<string, number>;
  mutations: Record<string, number>;
  /** Seeds whose report broke a property, with the reason. */
  failures: { seed: number; mutation: Mutation; problem: string }[];
  slowestMs: number;
  slowestSeed: number;
  maxHeapMb: number;
  /** Resident set size, which also counts inflate buffers outside the V8 heap. */
  maxRssMb: number;
  durationMs: number;
}

const VERDICTS = new Set(['contact_stealer', 'suspicious', 'clean', 'unparseable']);

/** Returns a description of what is wrong with a report, or null when it is well-formed. */
export function reportProblem(report: ApkReport): string | null {
  if (!VERDICTS.has(report.verdict)) return `verdict ${report.verdict}`;
  if (report.ok !== (report.verdict !== 'unparseable')) return 'ok and verdict disagree';
  if (!report.ok && !(typeof report.error === 'string' && report.error.length > 0)) return 'ok:false without an error';
  if (!report.ok && /^(RangeError|TypeError|ReferenceError|Error):/.test(report.error ?? '')) return `unexpected exception: ${report.error}`;
  if (!(report.score >= 0 && report.score <= 1)) return `score ${report.score}`;
  if (!/^[0-9a-f]{64}$/.test(report.sha256)) return 'sha256 missing';
  try {
    JSON.stringify(report);
  } catch (error) {
    return `report is not JSON-serialisable: ${(error as Error).message}`;
  }
  return null;
}

export function runFuzz(options: { cases: number; firstSeed?: number; maxCaseMs: number; onProgress?: (done: number) => void }): FuzzOutcome {
  const outcome: FuzzOutcome = { cases: 0, verdicts: {}, mutations: {}, failures: [], slowestMs: 0, slowestSeed: -1, maxHeapMb: 0, maxRssMb: 0, durationMs: 0 };
  const started = performance.now();
  const first = options.firstSeed ?? 1;
  for (let seed = first; seed < first + options.cases; seed++) {
    const { bytes, mutation } = mutatedApk(seed);
    const t = performance.now();
    let problem: string | null;
    let report: ApkReport | undefined;
    try {
      report = scanApk(bytes);
      problem = reportProblem(report);
    } catch (error) {
      problem = `scanApk threw: ${(error as Error).message}`;
    }
    const ms = performance.now() - t;
    if (ms > outcome.slowestMs) [outcome.slowestMs, outcome.slowestSeed] = [ms, seed];
    if (ms > options.maxCaseMs) problem ??= `took ${ms.toFixed(0)} ms`;
    if (problem) outcome.failures.push({ seed, mutation, problem });
    outcome.cases++;
    outcome.mutations[mutation] = (outcome.mutations[mutation] ?? 0) + 1;
    if (report) outcome.verdicts[report.verdict] = (outcome.verdicts[report.verdict] ?? 0) + 1;
    if (seed % 100 === 0) {
      const memory = process.memoryUsage();
      outcome.maxHeapMb = Math.max(outcome.maxHeapMb, memory.heapUsed / 1048576);
      outcome.maxRssMb = Math.max(outcome.maxRssMb, memory.rss / 1048576);
    }
    if (seed % 1000 === 0) options.onProgress?.(outcome.cases);
  }
  outcome.maxHeapMb = Math.round(Math.max(outcome.maxHeapMb, process.memoryUsage().heapUsed / 1048576));
  outcome.maxRssMb = Math.round(outcome.maxRssMb);
  outcome.durationMs = Math.round(performance.now() - started);
  return outcome;
}
