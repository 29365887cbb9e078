// Messages per second for the whole text analysis (normalisation, entities, cues, model, evidence) on one
// core, for short (80 characters) and long (2,000 characters) messages, against one precompiled regular
// expression pass over the same texts (the cheapest keyword filter a platform could run instead).
// Run: taskset -c 0 npx node bench/text/analyze.bench.ts   (BENCH_SECONDS=5 per measurement by default)
import { loadCorpus } from '../../tools/text/corpus.ts';
import { analyzeText } from '../../src/modules/text/index.ts';
import { CUES } from '../../src/modules/text/lexicon.ts';

const corpus = loadCorpus().map((e) => e.text);
const SHORT = 80;
const LONG = 2000;

function sized(length: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    let text = corpus[i % corpus.length];
    for (let k = 1; text.length < length; k++) text += ` ${corpus[(i + k * 7) % corpus.length]}`;
    out.push(text.slice(0, length));
  }
  return out;
}

/** One alternation of every cue phrase, compiled once: a single regex pass per message. */
const SINGLE_REGEX = new RegExp(CUES.map((c) => `(?:${c.pattern.source})`).join('|'), 'giu');
function regexPass(text: string): number {
  let hits = 0;
  for (const _ of text.toLowerCase().matchAll(SINGLE_REGEX)) hits++;
  return hits;
}

function measure(name: string, texts: string[], run: (text: string) => unknown, seconds: number) {
  for (let i = 0; i < Math.min(texts.length, 2000); i++) run(texts[i]); // warm-up (JIT)
  const latencies: number[] = [];
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    run(texts[n % texts.length]);
    latencies.push(performance.now() - t0);
    n++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  // CPU time says what one core costs even when other processes share the machine; wall time says what we got.
  const cpuSeconds = (used.user + used.system) / 1e6;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] * 1000;
  return { name, messages: n, perSecond: n / elapsed, perCpuSecond: n / cpuSeconds, p50us: pct(0.5), p99us: pct(0.99) };
}

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rows = [];
for (const [label, length] of [['short', SHORT], ['long', LONG]] as const) {
  const texts = sized(length, 2000);
  const full = measure(`analyzeText ${label} (${length} chars)`, texts, (t) => analyzeText(t), seconds);
  const regex = measure(`single regex ${label} (${length} chars)`, texts, regexPass, seconds);
  rows.push(full, regex, { name: `ratio regex/analyze ${label} (CPU)`, ratio: regex.perCpuSecond / full.perCpuSecond });
}
for (const row of rows) {
  if ('ratio' in row) console.log(`${row.name.padEnd(36)} ${row.ratio.toFixed(2)}x`);
  else {
    console.log(
      `${row.name.padEnd(36)} ${row.perCpuSecond.toFixed(0).padStart(8)} msg/CPU-s ${row.perSecond.toFixed(0).padStart(8)} msg/wall-s  ` +
        `p50 ${row.p50us.toFixed(1).padStart(7)} µs  p99 ${row.p99us.toFixed(1).padStart(8)} µs  (${row.messages} msgs)`,
    );
  }
}
