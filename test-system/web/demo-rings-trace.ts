// Traces which identifier joins two simulated crews into one ring: ingests the demo's backfill and then its live
// batches (same seeds, ids and crew serials as `npm run demo`) as fast as the engine takes them, and after each
// batch prints every ring whose accounts belong to more than one crew, with the hops that join them.
// `npx node test-system/web/demo-rings-trace.ts [batches]`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_SHAPE, DEMO_TENANT, demoConfig, demoLiveTraffic, pastTraffic } from '../../src/demo.ts';
import { MINUTE } from '../../src/sim/context.ts';
import { simulateTraffic, type SimulatedTraffic } from '../../src/sim/generate.ts';
import { liveBatchOptions } from '../../src/sim/stream.ts';

const SEED = 7;

const batches = Number(process.argv[2] ?? 120);
const dataDir = mkdtempSync(join(tmpdir(), 'chainbreak-rings-trace-'));
const cb = await createChainbreak(demoConfig(loadConfig(undefined, { dataDir, port: 0, logLevel: 'silent', bootstrapKey: false })));
const crewOf = new Map<string, string>();
const reported = new Set<string>();
const remember = (traffic: SimulatedTraffic, batch: string) => {
  for (const crew of traffic.crews) for (const p of crew.profiles) crewOf.set(p.id, `${batch}/${crew.label}`);
};
try {
  const backfill = pastTraffic({ ...DEMO_SHAPE, seed: SEED, idPrefix: `demo${SEED}` });
  remember(backfill, 'backfill');
  await ingest(backfill);
  let start = Date.now();
  for (let batch = 0; batch < batches; batch++) {
    const traffic = simulateTraffic(liveBatchOptions(demoLiveTraffic(SEED), batch, new Date(start)));
    remember(traffic, `b${batch}`);
    await ingest(traffic);
    start = traffic.end + MINUTE;
    await report(batch);
  }
} finally {
  await cb.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function ingest(traffic: SimulatedTraffic): Promise<void> {
  for (let i = 0; i < traffic.events.length; i += 500) await cb.ingest.ingestValid(traffic.events.slice(i, i + 500));
}

async function report(batch: number): Promise<void> {
  const rings = cb.services.rings;
  if (!rings) throw new Error('the rings module is not installed');
  let largest = 0;
  for (const ring of rings.rings(DEMO_TENANT)) {
    largest = Math.max(largest, ring.accounts.length);
    const crews = new Set(ring.accounts.map((a) => crewOf.get(a) ?? `not-a-crew:${a}`));
    if (crews.size < 2 || reported.has(ring.accounts.join())) continue;
    reported.add(ring.accounts.join());
    console.log(`after batch ${batch}: ring ${ring.id} of ${ring.accounts.length} accounts spans ${[...crews].join(', ')}`);
    const [first, ...rest] = ring.accounts;
    for (const other of rest) {
      if (crewOf.get(other) === crewOf.get(first)) continue;
      const why = rings.explain(DEMO_TENANT, first, other);
      for (const hop of why.hops) console.log(`   ${JSON.stringify(hop)}`);
      break;
    }
    for (const id of ring.identifiers.filter((i) => i.role === 'link')) console.log(`   link ${id.type} ${id.value} (${id.accounts} accounts)`);
  }
  if (batch % 10 === 0) console.log(`batch ${batch}: largest ring ${largest}`);
}
