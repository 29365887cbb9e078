// Runs the demo's simulated platform against a fresh Chainbreak at a speed-up and samples the queue, so a
// two-hour demo can be checked in minutes: open cases over time, self-victim cases, cases a first hello opened
// alone, open cases whose text was removed, and rings held together by a platform-generic domain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_TENANT, demoConfig, startDemoTraffic } from '../../src/demo.ts';
import { isPlatformGeneric } from '../../src/modules/rings/generic-identifiers.ts';
import type { RingService } from '../../src/modules/rings/service.ts';

export interface QueueSample {
  /** Real seconds since the live traffic started. */
  seconds: number;
  /** Simulated hours that correspond to (seconds × speed). */
  simulatedHours: number;
  open: number;
  selfVictim: number;
  firstContactOnly: number;
  removedText: number;
  events: number;
  /** Strong ring links through a platform-generic identifier (wa.me, bit.ly, gmail.com, …): must stay 0. */
  genericLinks: number;
  /** Accounts in the largest ring (a simulated crew has 3 to 5 profiles). */
  largestRing: number;
  /** Live batches streamed so far: the simulated time actually covered when ingestion lags the speed-up. */
  batches: number;
}

export async function measureDemo(options: { speed: number; seconds: number; sampleEverySeconds: number; seed?: number; log?: (s: QueueSample) => void }): Promise<QueueSample[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chainbreak-demo-steady-'));
  const config = demoConfig(loadConfig(undefined, { dataDir, port: 0, logLevel: 'silent', bootstrapKey: false }));
  const cb = await createChainbreak(config);
  const samples: QueueSample[] = [];
  try {
    const demo = await startDemoTraffic(cb, { speed: options.speed, seed: options.seed ?? 7, say: () => undefined });
    const started = Date.now();
    while (Date.now() - started < options.seconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, options.sampleEverySeconds * 1000));
      const seconds = (Date.now() - started) / 1000;
      const sample = { seconds, simulatedHours: (seconds * options.speed) / 3600, ...(await queueFacts(cb.db)), ...ringFacts(cb.services.rings), batches: demo.batches };
      samples.push(sample);
      options.log?.(sample);
    }
    demo.stop();
    await demo.done;
  } finally {
    await cb.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return samples;
}

async function queueFacts(db: CoreDb) {
  const open = db.selectFrom('cases').where('tenant', '=', DEMO_TENANT).where('status', 'in', ['open', 'claimed']);
  const count = async (q: typeof open) => Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const removed = await db
    .selectFrom('messages')
    .innerJoin('cases', (join) => join.onRef('cases.tenant', '=', 'messages.tenant').onRef('cases.conversation_id', '=', 'messages.conversation_id'))
    .where('cases.status', 'in', ['open', 'claimed'])
    .where('messages.text', 'is', null)
    .select((eb) => eb.fn.count<number>('cases.id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  const events = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    open: await count(open),
    selfVictim: await count(open.whereRef('suspect_account', '=', 'victim_account')),
    firstContactOnly: await count(open.where('stage_max', '=', 'first_contact')),
    removedText: Number(removed.n),
    events: Number(events.n),
  };
}

function ringFacts(rings: RingService | undefined) {
  const all = rings?.rings(DEMO_TENANT) ?? [];
  return {
    genericLinks: all.reduce((n, ring) => n + ring.identifiers.filter((i) => i.role === 'link' && isPlatformGeneric(i.type, i.value)).length, 0),
    largestRing: all.reduce((n, ring) => Math.max(n, ring.accounts.length), 0),
  };
}

// `npx node test-system/web/demo-measure.ts [speed] [minutes] [sample-seconds]`: one JSON line per sample.
if (import.meta.main) {
  const [speed = 600, minutes = 10, every = 60] = process.argv.slice(2).map(Number);
  await measureDemo({ speed, seconds: minutes * 60, sampleEverySeconds: every, log: (sample) => console.log(JSON.stringify(sample)) });
}
