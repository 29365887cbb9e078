// Scale-out benchmark: N Chainbreak nodes (separate processes) ingest in batches into one PostgreSQL, each its own
// share of the conversations, next to one node taking all of it, in the same run. Needs Debian's postgresql.
// Run: npx node bench/core/scale-out.ts [--messages 20000] [--batch 500] [--nodes 2]
import { fork } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startTempPostgres } from '../../test-system/helpers/postgres.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, batch: { type: 'string', default: '500' }, nodes: { type: 'string', default: '2' }, child: { type: 'string' }, url: { type: 'string' }, share: { type: 'string' } } });

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
  for (let i = 0; i < mine.length; i += Number(values.batch)) await cb.ingest.ingestValid(mine.slice(i, i + Number(values.batch)));
  process.send!({ count: mine.length, seconds: (performance.now() - started) / 1000 });
  await cb.close();
  process.exit(0);
}

async function run(url: string, nodes: number, runId: string): Promise<number> {
  const children = Array.from({ length: nodes }, (_, k) =>
    fork(new URL(import.meta.url).pathname, ['--child', runId, '--url', url, '--share', `${k}/${nodes}`, '--messages', values.messages!, '--batch', values.batch!], { stdio: 'inherit' }),
  );
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  const started = performance.now();
  for (const c of children) c.send('go');
  const results = await Promise.all(children.map((c) => new Promise<{ count: number }>((resolve) => c.once('message', (m) => resolve(m as { count: number })))));
  const seconds = (performance.now() - started) / 1000;
  return results.reduce((sum, r) => sum + r.count, 0) / seconds;
}

const server = startTempPostgres();
try {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('create database one_node');
  await admin.query('create database many_nodes');
  await admin.end();
  const nodes = Number(values.nodes);
  console.log(`machine: ${cpus().length} x ${cpus()[0].model.split(' ').slice(0, 2).join(' ')}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`messages ${values.messages}, batch ${values.batch}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const one = await run(server.url.replace(/\/postgres$/, '/one_node'), 1, 'one');
  const many = await run(server.url.replace(/\/postgres$/, '/many_nodes'), nodes, 'many');
  console.log(`1 node: ${one.toFixed(0)} msg/s; ${nodes} nodes: ${many.toFixed(0)} msg/s; ratio ${(many / one).toFixed(2)}`);
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  server.stop();
}
