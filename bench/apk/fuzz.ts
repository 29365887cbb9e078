// The dedicated fuzz run of the APK scanner: N mutated test APKs (bytes, central directory, truncation,
// binary XML chunks and string pool, DEX header, signing block, zip bombs), each of which must give one
// well-formed report within --max-case-ms, with the heap bounded. Run it under a memory cap:
//   npx node --max-old-space-size=256 bench/apk/fuzz.ts --cases 100000
// Exit code 0 when every case passed, 1 otherwise (the failing seeds are printed for replay).
import { parseArgs } from 'node:util';
import { runFuzz } from '../../test/apk/support/fuzz-run.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'max-case-ms': { type: 'string', default: '2000' },
    'max-heap-mb': { type: 'string', default: '200' },
    'max-rss-mb': { type: 'string', default: '512' },
  },
});
const cases = Number(values.cases);
const maxHeapMb = Number(values['max-heap-mb']);
const maxRssMb = Number(values['max-rss-mb']);
const heapLimitMb = Math.round((await import('node:v8')).getHeapStatistics().heap_size_limit / 1048576);
console.log(`fuzzing ${cases} cases from seed ${values.seed}; V8 heap limit ${heapLimitMb} MB, asserted heap ≤ ${maxHeapMb} MB and RSS ≤ ${maxRssMb} MB`);
const outcome = runFuzz({
  cases,
  firstSeed: Number(values.seed),
  maxCaseMs: Number(values['max-case-ms']),
  onProgress: (done) => {
    if (done % 10_000 === 0) console.log(`  ${done} cases, ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB heap, ${Math.round(process.memoryUsage().rss / 1048576)} MB RSS`);
  },
});
const memoryOk = outcome.maxHeapMb <= maxHeapMb && outcome.maxRssMb <= maxRssMb;
console.log(JSON.stringify({ ...outcome, failures: outcome.failures.slice(0, 20), failureCount: outcome.failures.length, heapLimitMb, memoryOk }, null, 2));
process.exitCode = outcome.failures.length === 0 && memoryOk ? 0 : 1;
