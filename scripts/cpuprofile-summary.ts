// Sums a V8 .cpuprofile (node --cpu-prof) by function: self time, or inclusive time (each sample counted once per
// function on its stack, so recursion is not double-counted), per message when --per is given. Keys carry the
// file's URL, so two checkouts loaded in one process (bench/core/engine-ab.ts) stay apart.
// Run: npx node scripts/cpuprofile-summary.ts FILE.cpuprofile [--per 30000] [--inclusive] [--match src/core] [--top 40]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { per: { type: 'string', default: '1' }, inclusive: { type: 'boolean', default: false }, match: { type: 'string', default: '' }, top: { type: 'string', default: '40' } },
});
if (positionals.length !== 1) throw new Error('usage: cpuprofile-summary.ts FILE.cpuprofile [--per N] [--inclusive] [--match TEXT] [--top N]');
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const keyOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^file:\/\//, '')}:${node.callFrame.lineNumber + 1}`;
const timeOf = new Map<number, number>();
profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + profile.timeDeltas[i]));

const totals = new Map<string, number>();
let busy = 0;
for (const [id, micros] of timeOf) {
  if (byId.get(id)!.callFrame.functionName !== '(idle)') busy += micros;
  const keys = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = values.inclusive ? parent.get(at) : undefined) keys.add(keyOf(byId.get(at)!));
  for (const key of keys) totals.set(key, (totals.get(key) ?? 0) + micros);
}
const per = Number(values.per);
console.log(`busy (not idle): ${(busy / per).toFixed(2)} µs${per > 1 ? ' per message' : ''}`);
const rows = [...totals].filter(([key]) => key.includes(values.match)).sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
for (const [key, micros] of rows) console.log(`${(micros / per).toFixed(2).padStart(10)}  ${key}`);
