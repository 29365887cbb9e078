// Rings benchmark, both sides in one run: Chainbreak's engine (bench/rings/engine.ts in a fresh process, so its
// peak RSS is its own) and PostgreSQL 15 + pgRouting `pgr_connectedComponents` on the same generated links with the
// same semantics (only strong links, identifiers over the shared cap left out). Checks both find the same rings.
// Usage: bench/rings/pg-cluster.sh start
//        npx node bench/rings/compare.ts [--accounts 5000000] [--links 10000000] [--pg postgres://postgres@127.0.0.1:55432/postgres]
import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_SHARED_CAP } from '../../src/modules/rings/graph.ts';
import { generateLinks } from './generate.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000000' },
    links: { type: 'string', default: '10000000' },
    seed: { type: 'string', default: '42' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:55432/postgres' },
    csv: { type: 'string', default: '/tmp/rings-bench-links.csv' },
  },
});
const accounts = Number(values.accounts);

const engineOut = execFileSync(
  process.execPath,
  ['bench/rings/engine.ts', '--accounts', values.accounts, '--links', values.links, '--seed', values.seed],
  { encoding: 'utf8', maxBuffer: 1 << 24 },
);
const engine = JSON.parse(engineOut) as { rings: number; buildSeconds: number; buildCpuSeconds: { user: number; system: number }; peakRssMiB: number; singleLinkMicros: { p99: number } };

// The same links as integers: account, identifier (offset past the accounts), strong flag.
const csv = createWriteStream(values.csv);
let chunk = '';
generateLinks(accounts, Number(values.links), Number(values.seed), (account, ident, _type, strong) => {
  chunk += `${account},${ident},${strong ? 't' : 'f'}\n`;
  if (chunk.length > 1 << 20) {
    if (!csv.write(chunk)) void 0;
    chunk = '';
  }
});
csv.end(chunk);
await once(csv, 'finish');

const client = new pg.Client({ connectionString: values.pg });
await client.connect();
// One backend, no parallel workers: both sides single-threaded. The backend's CPU time comes from /proc (Linux),
// for a comparison that holds even when the machine is shared with other jobs.
await client.query('SET max_parallel_workers_per_gather = 0');
const backendPid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
const ticks = 100; // USER_HZ on Linux
const backendCpuSeconds = (): number => {
  const fields = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
};
const timed = async (sql: string): Promise<{ seconds: number; cpuSeconds: number; rows: Record<string, unknown>[] }> => {
  const t0 = process.hrtime.bigint();
  const cpu0 = backendCpuSeconds();
  const result = await client.query(sql);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: backendCpuSeconds() - cpu0, rows: result.rows };
};
await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE');
await client.query('DROP TABLE IF EXISTS bench_links, bench_edges, bench_components');
await client.query('CREATE UNLOGGED TABLE bench_links (account integer, ident integer, strong boolean)');
const url = new URL(values.pg);
const loadStart = process.hrtime.bigint();
execFileSync('psql', ['-h', url.hostname, '-p', url.port, '-U', url.username || 'postgres', '-d', url.pathname.slice(1) || 'postgres', '-c', `\\copy bench_links FROM '${values.csv}' CSV`]);
const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
const edges = await timed(`
  CREATE UNLOGGED TABLE bench_edges AS
  SELECT row_number() OVER () AS id, l.account::bigint AS source, (l.ident::bigint + ${accounts}) AS target, 1.0::float8 AS cost
  FROM bench_links l
  JOIN (SELECT ident FROM bench_links GROUP BY ident HAVING count(*) <= ${DEFAULT_SHARED_CAP}) merging USING (ident)
  WHERE l.strong`);
const components = await timed(`
  CREATE UNLOGGED TABLE bench_components AS
  SELECT * FROM pgr_connectedComponents('SELECT id, source, target, cost FROM bench_edges')`);
const rings = await timed(`
  SELECT count(*)::int AS rings FROM (
    SELECT component FROM bench_components WHERE node < ${accounts} GROUP BY component HAVING count(*) >= 2) r`);
await client.end();

const pgRings = rings.rows[0].rings as number;
const pgroutingSeconds = edges.seconds + components.seconds + rings.seconds;
const pgroutingCpuSeconds = edges.cpuSeconds + components.cpuSeconds + rings.cpuSeconds;
const engineCpuSeconds = engine.buildCpuSeconds.user + engine.buildCpuSeconds.system;
console.log(
  JSON.stringify(
    {
      engine,
      postgres: {
        copySeconds: +loadSeconds.toFixed(2),
        filterEdgesSeconds: +edges.seconds.toFixed(2),
        connectedComponentsSeconds: +components.seconds.toFixed(2),
        countRingsSeconds: +rings.seconds.toFixed(2),
        totalWithoutCopySeconds: +pgroutingSeconds.toFixed(2),
        backendCpuSeconds: { filterEdges: +edges.cpuSeconds.toFixed(2), connectedComponents: +components.cpuSeconds.toFixed(2), countRings: +rings.cpuSeconds.toFixed(2) },
        rings: pgRings,
      },
      sameRings: pgRings === engine.rings,
      ratioPgToEngine: +(pgroutingSeconds / engine.buildSeconds).toFixed(2),
      ratioPgWithCopyToEngine: +((pgroutingSeconds + loadSeconds) / engine.buildSeconds).toFixed(2),
      ratioPgCpuToEngineCpu: +(pgroutingCpuSeconds / engineCpuSeconds).toFixed(2),
    },
    null,
    2,
  ),
);
