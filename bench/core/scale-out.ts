// Scale-out benchmark: 1, 2, 3 … Chainbreak nodes (separate processes) ingest in batches into one PostgreSQL, each
// its own share of the conversations, one database per node count, all in the same run (so the numbers are peers).
// Needs Debian's postgresql. Run: npx node bench/core/scale-out.ts [--messages 20000] [--batch 500] [--nodes 1,2,3]
import { fork } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startTempPostgres } from '../../test-system/helpers/postgres.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, batch: { type: 'string', default: '500' }, nodes: { type: 'string', default: '1,2,3' }, child: { type: 'string' }, url: { type: 'string' }, share: { type: 'string' } } });

if (values.child) {
  // A node: ingest the conversations `share` = "k/n" owns, report msg/s.
  const { createChainbreak } = await import('../../src/app.ts');
  const { loadConfig } = await import('../../src/config.ts');
  const { messages } = await import('./traffic.ts');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const [k, n] = values.share!.split('/').map(Number);
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: mkdtempSync(join(tmpdir(), 'cb-scale-')), postgresUrl: values.url, logLevel: 'silent', detectorThreads: 0 }), { background: false });
  const mine = messages(Number(values.messages), values.child).filter((_, i) => (i % 1_000) % n === k);
  process.send!('ready');
  await new Promise((resolve) => process.once('message', resolve));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < mine.length; i += Number(values.batch)) await cb.ingest.ingestValid(mine.slice(i, i + Number(values.batch)));
  const cpu = process.cpuUsage(cpuBefore);
  // Lock-per-component counters (docs/scale-out.md): batches retried after a conflict, components caught up.
  process.send!({ count: mine.length, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, sync: cb.services.rings?.syncStats ?? null });
  await cb.close();
  process.exit(0);
}

/**
 * Samples pg_stat_activity every 10 ms while the nodes ingest: the share of samples in which a node's backend
 * waits for a lock (and on which relation) shows how much of the run is serialised by the database's locks.
 */
function sampleLockWaits(url: string, database: string) {
  const client = new pg.Client({ connectionString: url });
  let samples = 0;
  let waiting = 0;
  const events = new Map<string, number>();
  let stop = false;
  const done = (async () => {
    await client.connect();
    while (!stop) {
      // advisory: a state lock (conversation, account); transactionid/tuple: a row lock (a ring component row, or the rings_clock row before ring locks per component).
      const rows = await client.query<{ wait_event: string }>(`select wait_event from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [database]);
      samples++;
      if (rows.rows.length > 0) waiting++;
      for (const name of new Set(rows.rows.map((r) => r.wait_event))) events.set(name, (events.get(name) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await client.end();
  })();
  return async () => {
    stop = true;
    await done;
    const share = (n: number) => (samples === 0 ? 0 : n / samples);
    return { share: share(waiting), byEvent: [...events].map(([name, n]) => `${name} ${(share(n) * 100).toFixed(0)}%`).join(', ') || 'none' };
  };
}

type Sync = { conflicts: number; catchUps: number; locked: number } | null;

async function run(url: string, nodes: number, runId: string): Promise<{ rate: number; nodeCpuMsPerMessage: number; lockWaits: { share: number; byEvent: string }; sync: string }> {
  const children = Array.from({ length: nodes }, (_, k) =>
    fork(new URL(import.meta.url).pathname, ['--child', runId, '--url', url, '--share', `${k}/${nodes}`, '--messages', values.messages!, '--batch', values.batch!], { stdio: 'inherit' }),
  );
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  const stopSampling = sampleLockWaits(url, new URL(url).pathname.slice(1));
  const started = performance.now();
  for (const c of children) c.send('go');
  // A node that dies before reporting fails the run instead of leaving it waiting for ever.
  const reported = (c: (typeof children)[number]) =>
    new Promise<{ count: number; cpuSeconds: number; sync?: Sync }>((resolve, reject) => {
      c.once('message', (m) => resolve(m as { count: number; cpuSeconds: number; sync?: Sync }));
      c.once('exit', (code) => reject(new Error(`a node exited with code ${code} before reporting`)));
    });
  const results = await Promise.all(children.map(reported));
  const seconds = (performance.now() - started) / 1000;
  const lockWaits = await stopSampling();
  const count = results.reduce((sum, r) => sum + r.count, 0);
  const nodeCpuMsPerMessage = (1000 * results.reduce((sum, r) => sum + r.cpuSeconds, 0)) / count;
  const syncs = results.map((r) => r.sync).filter((x): x is NonNullable<Sync> => Boolean(x));
  const total = (k: 'conflicts' | 'catchUps' | 'locked') => syncs.reduce((sum, x) => sum + x[k], 0);
  const sync = syncs.length ? `; components locked ${total('locked')}, caught up ${total('catchUps')} times, batches retried ${total('conflicts')}` : '';
  return { rate: count / seconds, nodeCpuMsPerMessage, lockWaits, sync };
}

const server = startTempPostgres();
try {
  const counts = values.nodes!.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error(`--nodes: a list of node counts from 1 to 16, e.g. 1,2,3 (got ${values.nodes})`);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  // One database per entry, so a list such as 1,2,3,1,2,3 (interleaved repeats, fairer on a noisy machine) works.
  for (const [i, n] of counts.entries()) await admin.query(`create database run${i}_nodes_${n}`);
  await admin.end();
  console.log(`machine: ${cpus().length} x ${cpus()[0].model.split(' ').slice(0, 2).join(' ')}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`messages ${values.messages}, batch ${values.batch}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let single = 0;
  for (const [i, n] of counts.entries()) {
    const { rate, nodeCpuMsPerMessage, lockWaits, sync } = await run(server.url.replace(/\/postgres$/, `/run${i}_nodes_${n}`), n, `r${i}n${n}`);
    single ||= rate;
    console.log(`${n} node(s): ${rate.toFixed(0)} msg/s (ratio to the first: ${(rate / single).toFixed(2)}), node CPU ${nodeCpuMsPerMessage.toFixed(2)} ms/msg; a node waiting on a lock in ${(lockWaits.share * 100).toFixed(0)}% of samples (${lockWaits.byEvent})${sync}`);
  }
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  server.stop();
}
