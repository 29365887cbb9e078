// Issue 16.2: single-event decision latency of ordinary conversations while messages link to an APK on a server
// that never answers (link fetching on). Same run, same process: the baseline without any link, then the same
// traffic with one hanging link every 50 events. Latency is per `ingest()` call (one event, decided and stored).
// Run: npx node bench/core/slow-link.ts [--events 3000]
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '3000' } } });
const total = Number(values.events);

const hanging: ServerResponse[] = [];
const silent = createServer((_request, response) => void hanging.push(response));
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const port = (silent.address() as AddressInfo).port;

function ordinary(i: number, run: string) {
  return { id: `${run}-o${i}`, tenant: 'bench', type: 'message.sent', time: new Date(Date.UTC(2026, 10, 20, 10) + i * 1000).toISOString(), conversation_id: `${run}-c${i % 200}`, sender: `u${i % 200}`, recipients: [`v${i % 200}`], text: i % 3 ? 'are we still on for dinner at 7?' : 'sure, see you there' };
}

function lure(i: number, run: string) {
  return { id: `${run}-l${i}`, tenant: 'bench', type: 'message.sent', time: new Date(Date.UTC(2026, 10, 20, 10) + i * 1000).toISOString(), conversation_id: `${run}-lure${i}`, sender: `s${i}`, recipients: [`t${i}`], text: 'my audio is broken, install this', attachments: [{ kind: 'link', url: `http://127.0.0.1:${port}/slow${i}.apk` }] };
}

async function run(withLinks: boolean): Promise<{ p50: number; p99: number; max: number; pendingAtEnd: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-slowlink-'));
  const config = loadConfig(undefined, { dataDir: dir, sqliteSync: 'normal', logLevel: 'silent', apk: { fetchLinks: true, maxBytes: 1_000_000, timeoutMs: 600_000, allowAddresses: [`127.0.0.1:${port}`] } } as never);
  const cb = await createChainbreak(config, { background: false });
  const name = withLinks ? 'links' : 'base';
  const latencies: number[] = [];
  for (let i = 0; i < total; i++) {
    if (withLinks && i % 50 === 0) await cb.ingest.ingest([lure(i, name)]);
    const started = performance.now();
    await cb.ingest.ingest([ordinary(i, name)]);
    if (i >= 200) latencies.push(performance.now() - started); // after warm-up
  }
  const pendingAtEnd = cb.followUps.pending;
  for (const response of hanging.splice(0)) response.destroy();
  await cb.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1], pendingAtEnd };
}

console.log(`# ${new Date().toISOString()} · ${cpus().length}× ${cpus()[0]?.model} · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · node ${process.version}`);
const base = await run(false);
const links = await run(true);
const ms = (x: number) => `${x.toFixed(2)} ms`;
console.log(`baseline (no links):                    p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  max ${ms(base.max)}`);
console.log(`with a silent APK link every 50 events: p50 ${ms(links.p50)}  p99 ${ms(links.p99)}  max ${ms(links.max)}  (fetches still hanging at the end: ${links.pendingAtEnd})`);
console.log(`p99 ratio (links / baseline): ${(links.p99 / base.p99).toFixed(2)}`);
silent.closeAllConnections();
silent.close();
