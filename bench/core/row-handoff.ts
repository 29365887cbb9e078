// What handing a group's rows to a storage worker would cost the main thread (the design the third round measured
// but did not build, docs/benchmarks.md "A faster node, third round"): the rows a real run stored, in groups of
// `--group` events, posted to a worker thread as objects (structured clone), as one JSON string, and as one
// UTF-8 buffer transferred without a copy. Prints main-thread CPU per message for each, next to what the same rows
// cost to store on the main thread (multi-row statements and the commit, bench/core/hot-rows.ts).
// Run: npx node bench/core/row-handoff.ts [--messages 6000] [--group 2000] [--rounds 5]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { realRows, type Tables } from './stored-rows.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '6000' }, group: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } } });
const total = Number(values.messages);
const group = Number(values.group);

const cpuUs = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

function groups(t: Tables): Tables[] {
  const out: Tables[] = [];
  for (let from = 0; from < t.events.length; from += group) {
    const to = from + group;
    out.push({ events: t.events.slice(from, to), messages: t.messages.slice(from, to), decisions: t.decisions.slice(from, to), accounts: t.accounts, conversations: t.conversations });
  }
  return out;
}

// The worker only acknowledges, after decoding what it got the way a storage worker would have to.
const worker = new Worker(
  `const { parentPort } = require('node:worker_threads');
   const decoder = new TextDecoder();
   parentPort.on('message', (m) => {
     const rows = typeof m === 'string' ? JSON.parse(m) : m instanceof Uint8Array ? JSON.parse(decoder.decode(m)) : m;
     parentPort.postMessage(rows.events.length);
   });`,
  { eval: true },
);
const answered = () => new Promise<void>((resolve) => worker.once('message', () => resolve()));

const encoder = new TextEncoder();
const ways: Record<string, (rows: Tables) => void> = {
  'structured clone of the row objects': (rows) => worker.postMessage(rows),
  'one JSON string': (rows) => worker.postMessage(JSON.stringify(rows)),
  'one UTF-8 buffer, transferred': (rows) => {
    const bytes = encoder.encode(JSON.stringify(rows));
    worker.postMessage(bytes, [bytes.buffer]);
  },
};

const t = await realRows(total);
const all = groups(t);
const messagesPerRound = all.reduce((n, g) => n + g.events.length, 0);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; groups of ${group} events, ${all.length} per round`);
const spent = new Map<string, number>(Object.keys(ways).map((k) => [k, 0]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, post] of Object.entries(ways)) {
    for (const rows of all) {
      const c0 = cpuUs();
      post(rows);
      spent.set(name, spent.get(name)! + cpuUs() - c0);
      await answered();
    }
  }
}
for (const [name, us] of spent) console.log(`${name}: ${(us / (messagesPerRound * Number(values.rounds))).toFixed(2)} µs/msg of main-thread CPU`);
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await worker.terminate();
