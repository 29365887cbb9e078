// Fixed work for instruction counting: N analyses of 80-character corpus messages after 2,000 warm-up calls.
// Run it twice under callgrind with different N; the difference of the totals divided by the difference of N is
// the instructions per message, with start-up and warm-up cancelled out (stable under load, unlike timings):
//   N=1000 valgrind --tool=callgrind --smc-check=all-non-file $(which node) bench/text/instructions.ts
//   N=3000 valgrind --tool=callgrind --smc-check=all-non-file $(which node) bench/text/instructions.ts
// TREE=<checkout> analyses with another checkout's module (the peer) over the same messages.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCorpus } from '../../tools/text/corpus.ts';

const tree = process.env.TREE ?? resolve(import.meta.dirname, '../..');
const { analyzeText } = (await import(pathToFileURL(resolve(tree, 'src/modules/text/index.ts')).href)) as { analyzeText: (text: string) => unknown };
const corpus = loadCorpus().map((e) => e.text);
const texts: string[] = [];
for (let i = 0; texts.length < 2000; i++) {
  let text = corpus[i % corpus.length];
  for (let k = 1; text.length < 80; k++) text += ` ${corpus[(i + k * 7) % corpus.length]}`;
  texts.push(text.slice(0, 80));
}
const n = Number(process.env.N ?? 1000);
for (let i = 0; i < 2000; i++) analyzeText(texts[i]);
const cpu = process.cpuUsage();
for (let i = 0; i < n; i++) analyzeText(texts[i % texts.length]);
const used = process.cpuUsage(cpu);
console.log(`${n} messages, ${((used.user + used.system) / n).toFixed(1)} µs CPU each (inflated under valgrind)`);
