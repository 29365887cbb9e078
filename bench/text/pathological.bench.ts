// Issue 17.1: how long one 100 KB batch of pathological messages (five 20,000-character texts built from the
// inputs that were quadratic before: long runs of spaces, dots, "[at]" and " dot " forms, digits, single
// letters) takes to be decided by the text analysis. Reports the median and worst of many repeats, in CPU time.
// Run: taskset -c 0 npx node bench/text/pathological.bench.ts   (BENCH_REPEATS=40 by default)
import { analyzeText } from '../../src/modules/text/index.ts';

const LENGTH = 20_000;
const fill = (unit: string, tail: string) => (unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH - tail.length) + tail);
const TAIL = ' add me on telegram';
const BATCHES: Record<string, string[]> = {
  'issue 17.1 (spaces, spaces+dot, spaces+[at])': [fill(' ', 'a b'), fill(' ', ' dotx'), fill(' ', 'x [at]'), fill(' ', TAIL), fill(' ', ' dot com')],
  'mixed runs (dots, [at], dot, digits, letters)': [fill('.', TAIL), fill(' [at]', TAIL), fill(' dot ', TAIL), fill('1', TAIL), fill('a ', TAIL)],
  'obfuscation runs (emoji, [.], leet, CJK, Thai)': [fill('a🍑', TAIL), fill('[.]', TAIL), fill('a1', TAIL), fill('動画', TAIL), fill('ส่งคลิป ', TAIL)],
};
const repeats = Number(process.env.BENCH_REPEATS ?? 40);

console.log(`node ${process.version}, ${repeats} repeats per batch (after 3 warm-up batches)`);
console.log('| batch | bytes (UTF-16 chars) | median ms (CPU) | worst ms (CPU) |');
console.log('|---|---|---|---|');
for (const [name, batch] of Object.entries(BATCHES)) {
  for (let i = 0; i < 3; i++) for (const text of batch) analyzeText(text);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const cpu = process.cpuUsage();
    for (const text of batch) analyzeText(text);
    const used = process.cpuUsage(cpu);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  const chars = batch.reduce((s, t) => s + t.length, 0);
  console.log(`| ${name} | ${chars} | ${times[Math.floor(times.length / 2)].toFixed(1)} | ${times[times.length - 1].toFixed(1)} |`);
}
