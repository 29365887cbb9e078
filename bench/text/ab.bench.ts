// Same-process A/B of the text analysis: this checkout's analyzeText against another checkout's (the peer, e.g.
// main unpacked with `git archive`), alternating 500-message chunks of the same short messages, CPU time per side.
// Alternation puts both sides under the same load, so the ratio holds on a shared machine where absolute figures
// do not.
// Run: AB_TREE=/tmp/text-base taskset -c 0 npx node bench/text/ab.bench.ts   (AB_SECONDS=20 total by default;
// AB_LENGTH=80 characters per message)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loadCorpus } from '../../tools/text/corpus.ts';
import { analyzeText } from '../../src/modules/text/index.ts';

type Analyze = (text: string) => unknown;

const tree = process.env.AB_TREE;
if (!tree) {
  console.error('AB_TREE must name the peer checkout (a directory with src/modules/text and node_modules)');
  process.exit(2);
}
const peer = ((await import(pathToFileURL(resolve(tree, 'src/modules/text/index.ts')).href)) as { analyzeText: Analyze }).analyzeText;
const seconds = Number(process.env.AB_SECONDS ?? 20);
const length = Number(process.env.AB_LENGTH ?? 80);
const CHUNK = 500;

/** The analyze bench's workload: corpus messages padded with later ones and cut to `length`. */
function sized(corpus: string[], size: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    let text = corpus[i % corpus.length];
    for (let k = 1; text.length < size; k++) text += ` ${corpus[(i + k * 7) % corpus.length]}`;
    out.push(text.slice(0, size));
  }
  return out;
}
const texts = sized(loadCorpus().map((e) => e.text), length, 2000);

function chunk(run: Analyze, from: number): number {
  const cpu = process.cpuUsage();
  for (let i = 0; i < CHUNK; i++) run(texts[(from + i) % texts.length]);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
}

for (let i = 0; i < 4; i++) {
  chunk(analyzeText, i * CHUNK); // warm-up (JIT) of both sides
  chunk(peer, i * CHUNK);
}
const cpu = { self: 0, peer: 0 };
let messages = 0;
const until = performance.now() + seconds * 1000;
for (let round = 0; performance.now() < until; round++) {
  const from = (round * CHUNK) % texts.length;
  // Which side goes first alternates too, so neither always runs right after a GC of the other.
  if (round % 2 === 0) {
    cpu.self += chunk(analyzeText, from);
    cpu.peer += chunk(peer, from);
  } else {
    cpu.peer += chunk(peer, from);
    cpu.self += chunk(analyzeText, from);
  }
  messages += CHUNK;
}
const rate = (s: number) => (messages / s).toFixed(0);
console.log(`${messages} messages of ${length} chars per side, ${CHUNK}-message chunks alternated`);
console.log(`this tree  ${rate(cpu.self).padStart(8)} msg/CPU-s  ${((cpu.self / messages) * 1e6).toFixed(1)} µs/msg`);
console.log(`peer       ${rate(cpu.peer).padStart(8)} msg/CPU-s  ${((cpu.peer / messages) * 1e6).toFixed(1)} µs/msg  (${tree})`);
console.log(`ratio this/peer (throughput) ${(cpu.peer / cpu.self).toFixed(3)}`);
