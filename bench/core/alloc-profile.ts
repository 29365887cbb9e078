// Bytes allocated per message on the batched HTTP route (POST /v1/events/batch through Fastify's inject), by
// V8's sampling heap profiler with objects already collected by the GC included, so short-lived garbage counts.
// Prints the total per message and the top functions by self and inclusive bytes. Allocation, not time: it is
// the same on a loaded machine, which makes it the figure to compare two trees by (GC cost follows it).
// Run: npx node bench/core/alloc-profile.ts [--messages 20000] [--top 25]
import { Session } from 'node:inspector/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { messages } from './traffic.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, top: { type: 'string', default: '25' } } });
const total = Number(values.messages);
const warmUp = Math.min(5000, Math.floor(total / 4));
const BATCH = 500;

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const dir = mkdtempSync(join(tmpdir(), 'cb-alloc-'));
const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, logLevel: 'silent' }), { background: false });
const app = await buildHttpApp(cb);
const { key } = await cb.keys.create('bench', ['events:write', 'read']);
const events = messages(total, 'alloc');
const bodies: string[] = [];
for (let i = 0; i < events.length; i += BATCH) bodies.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
const post = async (payload: string) => {
  const answer = await app.inject({ method: 'POST', url: '/v1/events/batch', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload });
  if (answer.statusCode !== 200) throw new Error(`batch answered ${answer.statusCode}: ${answer.body.slice(0, 200)}`);
};
const warmBatches = warmUp / BATCH;
for (const body of bodies.slice(0, warmBatches)) await post(body);

const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (const body of bodies.slice(warmBatches)) await post(body);
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();
await app.close();
await cb.close();
rmSync(dir, { recursive: true, force: true });

const measured = total - warmUp;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^file:\/\/.*?\/(src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
/** Sums bytes per function; a function recursing on its own stack is counted once inclusively. */
function walk(node: ProfileNode, onStack: Set<string>): number {
  const name = keyOf(node);
  self.set(name, (self.get(name) ?? 0) + node.selfSize);
  const fresh = !onStack.has(name);
  if (fresh) onStack.add(name);
  let bytes = node.selfSize;
  for (const child of node.children) bytes += walk(child, onStack);
  if (fresh) {
    onStack.delete(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + bytes);
  }
  return bytes;
}
const all = walk(profile.head as ProfileNode, new Set());
const top = Number(values.top);
const perMessage = (bytes: number) => (bytes / measured).toFixed(0).padStart(7);
console.log(`${measured} messages after ${warmUp} to warm up, batches of ${BATCH}: ${perMessage(all).trim()} bytes allocated per message`);
console.log('-- self bytes per message');
for (const [name, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(perMessage(bytes), name);
console.log('-- inclusive bytes per message, src/ only');
for (const [name, bytes] of [...inclusive].filter(([name]) => name.includes(' src/')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(perMessage(bytes), name);
