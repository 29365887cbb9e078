// Ingestion benchmark: message.sent events in-process (IngestService) and over HTTP (batched
// throughput, and single synchronous calls' latency), next to a bare Fastify endpoint in the same run.
// Run: npx node bench/core/ingest.ts [--messages 50000] [--batch 500] [--single 2000]
//   [--phases inprocess,batch,single] (a subset, e.g. to profile one load) [--server-node-args "--cpu-prof --cpu-prof-dir=/tmp/p"]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { messages } from './traffic.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '50000' }, batch: { type: 'string', default: '500' }, single: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '4' }, phases: { type: 'string', default: 'inprocess,batch,single' }, 'server-node-args': { type: 'string', default: '' } } });
const phases = new Set(values.phases.split(','));
const serverNodeArgs = values['server-node-args'].split(' ').filter(Boolean);
const total = Number(values.messages);
const batchSize = Number(values.batch);
const singles = Number(values.single);
const concurrency = Number(values.concurrency);

/** Throughput by the wall clock and per CPU-second used (the latter holds on a shared, loaded machine). */
interface Rate {
  wall: number;
  cpu: number;
  /** µs of CPU per message by thread (HTTP runs only). */
  threads?: string;
}

const fmt = (rate: Rate) => `${rate.wall.toFixed(0)} msg/s wall, ${rate.cpu.toFixed(0)} msg per CPU-second`;

async function inProcess(sync: 'full' | 'normal'): Promise<Rate> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, sqliteSync: sync, logLevel: 'silent' }), { background: false });
  const events = messages(total, `inproc-${sync}`);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < events.length; i += batchSize) await cb.ingest.ingestValid(events.slice(i, i + batchSize));
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - started) / 1000;
  await cb.close();
  rmSync(dir, { recursive: true, force: true });
  return { wall: total / seconds, cpu: total / ((cpu.user + cpu.system) / 1e6) };
}

/** CPU seconds a child process has used so far (utime + stime from /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds per thread of a child process (utime + stime of each task in /proc), keyed by thread name and, for
 * names several threads share, their order of creation: the server's first `WorkerThread` is the WAL checkpointer
 * (the store opens before the modules), the next the text worker; V8's GC helpers and libuv's pool are summed.
 */
function threadCpuSeconds(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  const seen = new Map<string, number>();
  const tids = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    const key = name === 'WorkerThread' ? `${name}#${index}` : name;
    threads.set(key, (threads.get(key) ?? 0) + seconds);
  }
  return threads;
}

/** µs of CPU per message by thread between two snapshots, largest first. */
function perThread(before: Map<string, number>, after: Map<string, number>, count: number): string {
  return [...after]
    .map(([name, seconds]) => [name, ((seconds - (before.get(name) ?? 0)) * 1e6) / count] as const)
    .filter(([, us]) => us > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => `${name} ${us.toFixed(1)}`)
    .join(', ');
}

function startServer(command: string, args: string[], ready: RegExp, nodeOptions: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const env = nodeOptions.length ? { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...nodeOptions].join(' ').trim() } : process.env;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (!match) return;
      // Stop collecting once started: the benchmark must not spend its own time on the server's output.
      child.stdout!.off('data', onData).resume();
      child.stderr!.off('data', onData).resume();
      resolve({ child, url: match[1] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

async function httpBatches(url: string, key: string, runId: string, pid: number): Promise<Rate> {
  const events = messages(total, runId);
  const batches: string[] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(JSON.stringify({ events: events.slice(i, i + batchSize) }));
  let next = 0;
  const started = performance.now();
  const cpu0 = cpuSeconds(pid);
  const threads0 = threadCpuSeconds(pid);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const body = batches[next++];
        const response = await fetch(`${url}/v1/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
  const wall = total / ((performance.now() - started) / 1000);
  const cpu = total / (cpuSeconds(pid) - cpu0);
  return { wall, cpu, threads: perThread(threads0, threadCpuSeconds(pid), total) };
}

interface SingleStats {
  p50: number;
  p99: number;
  perSecond: number;
  /** The service's own time per call, from its Server-Timing header. */
  serverP50: number;
  serverP99: number;
}

async function httpSingles(url: string, key: string, runId: string): Promise<SingleStats> {
  const events = messages(singles, runId).map((e) => JSON.stringify(e));
  const latencies: number[] = [];
  const serverTimes: number[] = [];
  const started = performance.now();
  for (const body of events) {
    const t0 = performance.now();
    const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
    await response.arrayBuffer();
    latencies.push(performance.now() - t0);
    const timing = response.headers.get('server-timing')?.match(/dur=([\d.]+)/);
    serverTimes.push(timing ? Number(timing[1]) : Number.NaN);
  }
  const elapsed = (performance.now() - started) / 1000;
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  };
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    perSecond: singles / elapsed,
    serverP50: quantile(serverTimes, 0.5),
    serverP99: quantile(serverTimes, 0.99),
  };
}

/** prom-client's default `eventLoopMonitoringPrecision`: the timer monitorEventLoopDelay samples with. */
const LAG_RESOLUTION_MS = 10;

/**
 * The server's event-loop delay since the previous scrape (prom-client's monitorEventLoopDelay, reset by every
 * scrape): a stall on the event loop (GC, a synchronous fsync, a checkpoint) shows as its max and p99. The
 * histogram holds whole timer intervals, so the sampling interval is taken off to leave the delay.
 */
async function eventLoopLag(url: string, key: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
  const value = (name: string) => Math.max(0, Number(text.match(new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm'))?.[1]) * 1000 - LAG_RESOLUTION_MS);
  return `p50 ${value('p50').toFixed(2)} ms, p99 ${value('p99').toFixed(2)} ms, max ${value('max').toFixed(2)} ms`;
}

const node = process.execPath;
console.log(`machine: ${cpus().length} x ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`messages ${total}, batch ${batchSize}, HTTP concurrency ${concurrency}, single calls ${singles}`);

if (phases.has('inprocess')) {
  const inprocNormal = await inProcess('normal');
  const inprocFull = await inProcess('full');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`in-process, synchronous=NORMAL: ${fmt(inprocNormal)}`);
  console.log(`in-process, synchronous=FULL:   ${fmt(inprocFull)}`);
} else {
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'cb-bench-http-'));
// Through the checkout's own launcher, so the server runs with the Node flags a deployment gets (./chainbreak);
// extra Node flags (a profile) reach it through NODE_OPTIONS.
const chainbreak = await startServer('./chainbreak', ['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], /listening on (http:\/\/[\d.:]+)/, serverNodeArgs);
const key = readFileSync(join(dataDir, 'bootstrap-api-key.txt'), 'utf8').trim();
const bare = await startServer(node, ['bench/core/bare-server.ts', '0'], /(http:\/\/[\d.:]+)/);
try {
  if (phases.has('batch')) {
    const cbBatch = await httpBatches(chainbreak.url, key, 'http', chainbreak.child.pid!);
    const bareBatch = await httpBatches(bare.url, key, 'bare', bare.child.pid!);
    console.log(`HTTP batched: chainbreak ${fmt(cbBatch)} (server CPU); bare fastify ${fmt(bareBatch)}; ratio ${(cbBatch.wall / bareBatch.wall).toFixed(3)} wall, ${(cbBatch.cpu / bareBatch.cpu).toFixed(3)} CPU`);
    console.log(`HTTP batched, server CPU by thread (µs per message; WorkerThread#1 checkpointer, #2 text): ${cbBatch.threads}`);
  }
  if (phases.has('single')) {
    await eventLoopLag(chainbreak.url, key);
    const cbSingle = await httpSingles(chainbreak.url, key, 'single');
    const lag = await eventLoopLag(chainbreak.url, key);
    const bareSingle = await httpSingles(bare.url, key, 'bare-single');
    console.log(`HTTP single sync, client round trip: chainbreak p50 ${cbSingle.p50.toFixed(2)} ms p99 ${cbSingle.p99.toFixed(2)} ms (${cbSingle.perSecond.toFixed(0)}/s); bare fastify p50 ${bareSingle.p50.toFixed(2)} ms p99 ${bareSingle.p99.toFixed(2)} ms (${bareSingle.perSecond.toFixed(0)}/s); p99 ratio ${(cbSingle.p99 / bareSingle.p99).toFixed(2)}`);
    console.log(`HTTP single sync, decision latency inside the service (Server-Timing): p50 ${cbSingle.serverP50.toFixed(2)} ms p99 ${cbSingle.serverP99.toFixed(2)} ms`);
    console.log(`server event-loop delay during the single calls: ${lag}`);
  }
} finally {
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  chainbreak.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
  // A profiled server writes its profile while it exits: wait for the exit, not a fixed time.
  await new Promise((r) => chainbreak.child.exitCode !== null ? r(undefined) : chainbreak.child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
