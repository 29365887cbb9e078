// Rings engine benchmark: batch build of N links over M accounts (time, peak RSS), then single-link latency.
// Usage: npx node --expose-gc bench/rings/engine.ts [--accounts 5000000] [--links 10000000] [--samples 200000]
import { parseArgs } from 'node:util';
import { RingGraph } from '../../src/modules/rings/graph.ts';
import { createRandom } from '../../src/core/random.ts';
import { accountName, generateLinks, identValue } from './generate.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000000' },
    links: { type: 'string', default: '10000000' },
    samples: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '42' },
  },
});
const accounts = Number(values.accounts);
const links = Number(values.links);
const samples = Number(values.samples);
const seed = Number(values.seed);

let peakRss = process.memoryUsage().rss;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sampleRss, 50);

const graph = new RingGraph({ expectedAccounts: accounts, expectedIdentifiers: Math.ceil(accounts * 1.5), expectedLinks: links + samples });
const time = Date.UTC(2026, 10, 1);
const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
let count = 0;
// One name string per account, as a parser produces one per input line; consecutive links share the account.
let lastAccount = -1;
let lastName = '';
const strong = { strength: 'strong', time } as const;
const weak = { strength: 'weak', time } as const;
generateLinks(accounts, links, seed, (account, ident, type, isStrong) => {
  if (account !== lastAccount) {
    lastAccount = account;
    lastName = accountName(account);
  }
  graph.addLink(lastName, type, identValue(ident), isStrong ? strong : weak);
  if ((++count & 0xfffff) === 0) sampleRss();
});
const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
const buildCpu = process.cpuUsage(cpuStarted);
sampleRss();
const roots = graph.ringRoots();
const ringsMs = Number(process.hrtime.bigint() - started) / 1e6 - buildMs;
sampleRss();

// Single-link latency on the built graph: new links between existing accounts and existing or new identifiers.
const rand = createRandom(seed + 1).next;
const latencies = new Float64Array(samples);
for (let s = 0; s < samples; s++) {
  const account = accountName(Math.floor(rand() * accounts));
  const value = rand() < 0.5 ? `${42_000_000 + Math.floor(rand() * 4_000_000)}` : `new${s}`;
  const t0 = process.hrtime.bigint();
  graph.addLink(account, 'phone', value, { time });
  latencies[s] = Number(process.hrtime.bigint() - t0) / 1e3;
}
sampleRss();
clearInterval(timer);
latencies.sort();
const pct = (p: number): number => latencies[Math.min(samples - 1, Math.floor(samples * p))];

const result = {
  accounts,
  links,
  identifiers: graph.identifierCount,
  rings: roots.length,
  largestRing: roots.reduce((m, r) => Math.max(m, graph.componentSize(r)), 0),
  buildSeconds: +(buildMs / 1000).toFixed(2),
  // CPU time of this process (all threads, including GC helpers) during the build: on a machine shared with other
  // jobs it estimates the uncontended wall time from above, as the build itself is single-threaded.
  buildCpuSeconds: { user: +(buildCpu.user / 1e6).toFixed(2), system: +(buildCpu.system / 1e6).toFixed(2) },
  loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
  ringListingSeconds: +(ringsMs / 1000).toFixed(2),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
  singleLinkMicros: { p50: +pct(0.5).toFixed(2), p99: +pct(0.99).toFixed(2), p999: +pct(0.999).toFixed(2), samples },
};
console.log(JSON.stringify(result, null, 2));
