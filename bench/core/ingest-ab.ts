// Alternating A/B of in-process ingestion between checkouts: each round runs one child process per checkout, in
// turn (the order flipped every round), each ingesting the same traffic in batches through its own
// `createChainbreak` on a fresh file store with synchronous=FULL. Prints main-thread CPU per message
// (process.threadCpuUsage: what the event loop spends), whole-process CPU per message (text worker, checkpointer and
// fsync threads included) and wall msg/s, with the load average.
// Run: npx node bench/core/ingest-ab.ts --roots /work/wt-x,/tmp/base [--messages 20000] [--batch 500] [--rounds 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { roots: { type: 'string', default: '' }, messages: { type: 'string', default: '20000' }, batch: { type: 'string', default: '500' }, rounds: { type: 'string', default: '3' }, child: { type: 'string', default: '' } } });

interface Result {
  mainUs: number;
  processUs: number;
  wall: number;
}

async function child(root: string): Promise<void> {
  const { createChainbreak } = (await import(join(root, 'src/app.ts'))) as typeof import('../../src/app.ts');
  const { loadConfig } = (await import(join(root, 'src/config.ts'))) as typeof import('../../src/config.ts');
  const { messages } = (await import(join(root, 'bench/core/traffic.ts'))) as typeof import('./traffic.ts');
  const total = Number(values.messages);
  const batch = Number(values.batch);
  const dir = mkdtempSync(join(tmpdir(), 'cb-ab-'));
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, sqliteSync: 'full', logLevel: 'silent' }), { background: false });
  // Warm-up on other ids, so both sides are measured after the JIT settled.
  const warm = messages(2_000, 'ab-warm');
  for (let i = 0; i < warm.length; i += batch) await cb.ingest.ingestValid(warm.slice(i, i + batch));
  const events = messages(total, 'ab');
  const main0 = process.threadCpuUsage();
  const all0 = process.cpuUsage();
  const started = performance.now();
  // Four batches in flight, as the HTTP benchmark sends them: lets a pipelined store overlap them.
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < events.length) {
        const from = next;
        next += batch;
        await cb.ingest.ingestValid(events.slice(from, from + batch));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const main = process.threadCpuUsage(main0);
  const all = process.cpuUsage(all0);
  await cb.close();
  rmSync(dir, { recursive: true, force: true });
  const result: Result = { mainUs: (main.user + main.system) / total, processUs: (all.user + all.system) / total, wall: total / seconds };
  console.log(JSON.stringify(result));
}

function parent(): void {
  const roots = values.roots.split(',').filter(Boolean).map((r) => resolve(r));
  const results = new Map<string, Result[]>(roots.map((r) => [r, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? roots : [...roots].reverse();
    for (const root of order) {
      const load = loadavg()[0].toFixed(1);
      const run = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--child', root, '--messages', values.messages, '--batch', values.batch], { cwd: root, encoding: 'utf8' });
      const line = run.stdout.trim().split('\n').pop() ?? '';
      if (run.status !== 0 || !line.startsWith('{')) throw new Error(`run in ${root} failed: ${run.stderr}`);
      const result = JSON.parse(line) as Result;
      results.get(root)!.push(result);
      console.log(`round ${round + 1} ${root} (load ${load}): main thread ${result.mainUs.toFixed(1)} µs/msg, process ${result.processUs.toFixed(1)} µs/msg, ${result.wall.toFixed(0)} msg/s wall`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [root, rs] of results) {
    console.log(`median ${root}: main thread ${median(rs.map((r) => r.mainUs)).toFixed(1)} µs/msg, process ${median(rs.map((r) => r.processUs)).toFixed(1)} µs/msg, ${median(rs.map((r) => r.wall)).toFixed(0)} msg/s wall`);
  }
}

if (values.child) await child(values.child);
else parent();
