// The demo's simulated platform: a first day of traffic is ingested at once, so cases are waiting
// when the console opens, then new traffic streams in continuously (ordinary users and scam crews).
import type { Chainbreak } from './app.ts';
import type { Config } from './config.ts';
import { simulateTraffic } from './sim/generate.ts';
import { liveTrafficLoop } from './sim/stream.ts';

export interface DemoTraffic {
  stop(): void;
  done: Promise<void>;
  /** Live batches generated so far (a slow store streams fewer than the speed-up promises). */
  readonly batches: number;
}

export const DEMO_TENANT = 'demo-dating';
const HOUR = 3_600_000;
/** The demo's default speed-up (simulated ms per real ms); `chainbreak demo --speed` changes it. */
export const DEMO_SPEED = 600;

/** Hours the demo keeps every message's text, so a case opened later still shows the chat that led to it. */
const DEMO_TEXT_HOURS = 48;

/**
 * The demo's settings over the operator's: reports from the help page are filed under the simulated platform (so
 * they link to its crews), and message text is kept for two days unless the operator chose a retention.
 */
export function demoConfig(config: Config): Config {
  const help = config.help.tenant ? config.help : { ...config.help, tenant: DEMO_TENANT };
  const retention = config.retention.pendingTextHours > 0 ? config.retention : { ...config.retention, pendingTextHours: DEMO_TEXT_HOURS };
  return { ...config, help, retention };
}

/** Per simulated batch: 40 ordinary users and 3 crews of 3–5 profiles with 4 victims each. */
export const DEMO_SHAPE = { tenant: DEMO_TENANT, ordinaryUsers: 40, crews: 3, victimsPerCrew: 4 } as const;

/** The live loop's traffic after the backfill of seed `seed` (tests generate its batches with `liveBatchOptions`). */
export function demoLiveTraffic(seed: number) {
  // The live crews are numbered after the backfill's, so no two crews share a numbered kit value.
  return { ...DEMO_SHAPE, seed: seed + 1, crewOffset: DEMO_SHAPE.crews };
}

export async function startDemoTraffic(cb: Chainbreak, options: { speed: number; seed: number; say: (line: string) => void }): Promise<DemoTraffic> {
  const backfill = pastTraffic({ ...DEMO_SHAPE, seed: options.seed, idPrefix: `demo${options.seed}` });
  for (let i = 0; i < backfill.events.length; i += 500) await cb.ingest.ingestValid(backfill.events.slice(i, i + 500));
  const cases = await cb.queries.cases({ tenant: DEMO_TENANT, limit: 500, offset: 0 });
  options.say(`demo: tenant ${DEMO_TENANT}: ingested ${backfill.events.length} events of the last 24 h (${backfill.crews.length} scam crews, ${DEMO_SHAPE.ordinaryUsers} ordinary users); ${cases.length} cases open`);

  let failures = 0;
  const loop = liveTrafficLoop({
    ...demoLiveTraffic(options.seed),
    start: new Date(),
    speed: options.speed,
    maxDelayMs: 2_000,
    // The speed-up shortens the waits; every event still carries the real time it is sent at.
    time: 'wallclock',
    onEvent: async (event) => {
      try {
        await cb.ingest.ingestValid([event]);
      } catch (error) {
        if (failures++ < 5) options.say(`demo: could not ingest ${event.id}: ${(error as Error).message}`);
      }
    },
    onBatch: (batch, events) => options.say(`demo: streaming simulated batch ${batch + 1} (${events} events at ${options.speed}x real time)`),
  });
  const closer = closeQuietCases(cb, options.speed, options.say);
  return {
    stop: () => {
      clearInterval(closer);
      loop.stop();
    },
    done: loop.done,
    get batches() {
      return loop.batches;
    },
  };
}

/**
 * Simulated hours after which a quiet attack's case is closed (`no_activity`, audited). Nobody works the demo's
 * queue, so without it every attack would leave a case open for ever and the queue would only grow (issue 13
 * measured ~700 open cases after 34 minutes); two quiet simulated days is long after any simulated chain ends.
 */
const DEMO_QUIET_HOURS = 48;

function closeQuietCases(cb: Chainbreak, speed: number, say: (line: string) => void): NodeJS.Timeout {
  // Events carry the real time they are sent at, so simulated hours are real hours divided by the speed-up.
  const quietForMs = (DEMO_QUIET_HOURS * HOUR) / speed;
  let reported = false;
  let running = false;
  const timer = setInterval(() => {
    // One sweep at a time: a slow store must not stack sweeps over the same cases.
    if (running) return;
    running = true;
    cb.console.inactive.close({ tenant: DEMO_TENANT, quietForMs }).finally(() => (running = false)).then(
      (closed) => closed.length > 0 && say(`demo: closed ${closed.length} quiet case(s) as no_activity (no new evidence for ${DEMO_QUIET_HOURS} simulated hours)`),
      (error: Error) => {
        if (!reported) say(`demo: closing quiet cases failed: ${error.message}`);
        reported = true;
      },
    );
  }, Math.min(60_000, Math.max(1_000, quietForMs / 4)));
  timer.unref();
  return timer;
}

/** A day of traffic that ends before now: the generated span is shifted back until its last event is past. */
export function pastTraffic(options: Omit<Parameters<typeof simulateTraffic>[0], 'start'>, now = Date.now()): ReturnType<typeof simulateTraffic> {
  const start = now - 24 * HOUR;
  const first = simulateTraffic({ ...options, start: new Date(start) });
  if (first.end < now) return first;
  return simulateTraffic({ ...options, start: new Date(start - (first.end - now) - 60_000) });
}
