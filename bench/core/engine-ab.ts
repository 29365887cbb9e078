// Same-process A/B of the main thread's CPU per message: this checkout and another one (--base, e.g. a
// `git archive main` copy with the same node_modules) each ingest the benchmark traffic in-process, their
// batches alternating, so both see the same machine load. Per batch it takes the main thread's CPU time
// (process.threadCpuUsage: validation (timed on its own too), engine, storing and the GC that runs on the main thread) and, inside
// that, the engine's share (Engine.process wrapped, start to finish). Prints mean, median and p10 per message for each side.
// Run: npx node bench/core/engine-ab.ts --base /tmp/fe-base [--messages 30000] [--batch 500] [--rounds 1] [--engine] [--engine-only]
// Under load, `--cpu-prof` of this run and scripts' sample shares per tree are the steadier comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { messages } from './traffic.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    messages: { type: 'string', default: '30000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '1' },
    engine: { type: 'boolean', default: false },
    'engine-only': { type: 'boolean', default: false },
  },
});
if (!values.base) throw new Error('--base /path/to/other/checkout is required');
const total = Number(values.messages);
const batchSize = Number(values.batch);

interface Side {
  name: string;
  validate: (raw: unknown[]) => unknown[];
  ingestValid: (events: unknown[]) => Promise<unknown>;
  engineCpu: () => number;
  close: () => Promise<void>;
  perMessage: number[];
  enginePerMessage: number[];
  validatePerMessage: number[];
  /** Wall time per message: above the main thread's CPU when it waits (for the text worker, a commit's fsync). */
  wallPerMessage: number[];
}

const cpuMicros = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

async function open(name: string, root: string): Promise<Side> {
  const tree = pathToFileURL(resolve(root) + '/').href;
  const { createChainbreak } = (await import(new URL('src/app.ts', tree).href)) as typeof import('../../src/app.ts');
  const { loadConfig } = (await import(new URL('src/config.ts', tree).href)) as typeof import('../../src/config.ts');
  const dir = mkdtempSync(join(tmpdir(), `cb-ab-${name}-`));
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, logLevel: 'silent' }), { background: false });
  let engine = 0;
  // --engine-only: the engine alone (no store, no transaction) on an in-memory workspace of this tree, with the
  // tree's own detectors and crew linking; the detectors are told about the batch first, as ingestion does.
  const { MemoryWorkspace } = (await import(new URL('src/core/engine/workspace.ts', tree).href)) as typeof import('../../src/core/engine/workspace.ts');
  const workspace = new MemoryWorkspace((cb.services.rings ?? null) as never);
  const engineOnly = async (events: unknown[]) => {
    const valid = events as Parameters<typeof cb.engine.process>[0][];
    for (const detector of cb.engine.detectors) detector.prepare?.(valid as never);
    for (const event of valid) await cb.engine.process(event, workspace);
  };
  // Two getrusage calls per event cost a few µs; only with --engine.
  if (values.engine) wrapEngine();
  function wrapEngine(): void {
    const process_ = cb.engine.process.bind(cb.engine);
    cb.engine.process = async (event, workspace) => {
      const start = cpuMicros();
      // Events are decided one after another, so start to finish is this event's engine time (plus any
      // callback that ran in between, such as a worker's answer arriving: the same for both sides).
      const outcome = await process_(event, workspace);
      engine += cpuMicros() - start;
      return outcome;
    };
  }
  return {
    name,
    validate: (raw) => cb.ingest.validate(raw),
    ingestValid: values['engine-only'] ? engineOnly : (events) => cb.ingest.ingestValid(events as never),
    engineCpu: () => engine,
    close: async () => {
      await cb.close();
      rmSync(dir, { recursive: true, force: true });
    },
    perMessage: [],
    enginePerMessage: [],
    validatePerMessage: [],
    wallPerMessage: [],
  };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `mean ${mean.toFixed(1)}, median ${s[Math.floor(s.length / 2)].toFixed(1)}, p10 ${s[Math.floor(s.length / 10)].toFixed(1)} µs`;
};

console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const sides = [await open('this', resolve(import.meta.dirname, '../..')), await open('base', values.base)];
for (let round = 0; round < Number(values.rounds); round++) {
  const traffic = sides.map((side) => messages(total, `ab-${side.name}-${round}`));
  for (let i = 0; i < total; i += batchSize) {
    // Alternate which side goes first, so neither always runs right after the other's GC.
    const order = (i / batchSize) % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const side = sides[k];
      const batch = traffic[k].slice(i, i + batchSize).map((e) => JSON.parse(JSON.stringify(e)) as unknown);
      const engine0 = side.engineCpu();
      const wall0 = performance.now();
      const start = cpuMicros();
      const events = side.validate(batch);
      const validated = cpuMicros();
      await side.ingestValid(events);
      const used = cpuMicros() - start;
      // The first tenth of the first round warms the JIT and the caches; it is not counted.
      if (round > 0 || i >= total / 10) {
        side.perMessage.push(used / batch.length);
        side.enginePerMessage.push((side.engineCpu() - engine0) / batch.length);
        side.validatePerMessage.push((validated - start) / batch.length);
        side.wallPerMessage.push(((performance.now() - wall0) * 1000) / batch.length);
      }
    }
  }
}
for (const side of sides) {
  console.log(`${side.name}: main thread per message ${stats(side.perMessage)}${values.engine ? `; engine ${stats(side.enginePerMessage)}` : ''}; validation ${stats(side.validatePerMessage)}; wall ${stats(side.wallPerMessage)}`);
  await side.close();
}
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
