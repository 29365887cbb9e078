// Replays simulated traffic in scaled real time for the demo: a conversation that took two hours
// plays in two minutes at speed 60. `liveTrafficLoop` keeps generating fresh batches so the demo
// keeps producing cases for as long as it runs.
import type { ChainEvent } from '../core/events.ts';
import { MINUTE, iso, sortByTime } from './context.ts';
import { simulateTraffic, type TrafficOptions } from './generate.ts';

export interface StreamOptions {
  /** How many simulated milliseconds pass per real millisecond (60 = one simulated hour per minute). */
  speed: number;
  onEvent: (event: ChainEvent) => void | Promise<void>;
  /** Longest real wait between two events, so quiet simulated hours do not stall a demo (default: no cap). */
  maxDelayMs?: number;
  /**
   * `original` keeps the generated times; `wallclock` stamps each event with the real time it is emitted,
   * for consumers that refuse events dated in the future.
   */
  time?: 'original' | 'wallclock';
  /** Called when `onEvent` throws; without it the stream stops and `done` rejects with the error. */
  onError?: (error: unknown, event: ChainEvent) => void;
}

export interface StreamHandle {
  /** Stops before the next event; `done` then resolves. Safe to call more than once. */
  stop(): void;
  done: Promise<void>;
}

export function streamTraffic(events: readonly ChainEvent[], options: StreamOptions): StreamHandle {
  validateStreamOptions(options);
  const sleeper = createSleeper();
  const done = (async () => {
    // Never call onEvent before the caller has the handle (it may want to stop from inside onEvent).
    await sleeper.sleep(0);
    if (sleeper.stopped) return;
    const ordered = sortByTime([...events]);
    let previous = ordered.length ? Date.parse(ordered[0].time) : 0;
    for (const event of ordered) {
      const time = Date.parse(event.time);
      const wait = Math.min(Math.max(0, (time - previous) / options.speed), options.maxDelayMs ?? Infinity);
      previous = time;
      if (wait > 0) await sleeper.sleep(wait);
      if (sleeper.stopped) return;
      await emit(event, options);
      if (sleeper.stopped) return;
    }
  })();
  return { stop: sleeper.stop, done };
}

async function emit(event: ChainEvent, options: StreamOptions): Promise<void> {
  // Never an event dated in the future: a sped-up replay would otherwise run ahead of the clock, and a
  // case minutes old would show its first messages as already past retention.
  const now = Date.now();
  const out = options.time === 'wallclock' || Date.parse(event.time) > now ? { ...event, time: iso(now) } : event;
  try {
    await options.onEvent(out);
  } catch (error) {
    if (!options.onError) throw error;
    options.onError(error, out);
  }
}

export interface LiveLoopOptions extends Omit<TrafficOptions, 'start' | 'idPrefix'>, StreamOptions {
  /** Simulated start of the first batch (default: now). */
  start?: Date;
  /** Called after each batch is generated, with its index and size (for logs). */
  onBatch?: (batch: number, events: number) => void;
}

export interface LiveLoopHandle extends StreamHandle {
  /** How many batches have been generated so far. */
  readonly batches: number;
}

/**
 * Streams batch after batch: each new batch has its own seed and id prefix (so ids never repeat) and
 * starts where the previous one's simulated time ended.
 */
export function liveTrafficLoop(options: LiveLoopOptions): LiveLoopHandle {
  validateStreamOptions(options);
  let current: StreamHandle | null = null;
  let stopped = false;
  let batches = 0;
  const done = (async () => {
    let start = options.start ?? new Date();
    while (!stopped) {
      const batch = batches++;
      const traffic = simulateTraffic(liveBatchOptions(options, batch, start));
      options.onBatch?.(batch, traffic.events.length);
      if (traffic.events.length === 0) throw new Error('the traffic options produce no events; raise ordinaryUsers or crews');
      current = streamTraffic(traffic.events, options);
      await current.done;
      start = new Date(traffic.end + MINUTE);
    }
  })();
  return {
    stop() {
      stopped = true;
      current?.stop();
    },
    done,
    get batches() {
      return batches;
    },
  };
}

/**
 * The traffic options of batch `batch` of a live loop: its own seed and id prefix (so ids never repeat) and the
 * crew serials after the previous batches' (so crews of a long run never share a numbered kit value). Exported so
 * tests can generate exactly the batches a long demo streams without waiting for them.
 */
export function liveBatchOptions(options: Omit<TrafficOptions, 'start' | 'idPrefix'>, batch: number, start: Date): TrafficOptions {
  const base = (Math.trunc(options.seed) >>> 0).toString(36);
  const crewOffset = (options.crewOffset ?? 0) + batch * options.crews;
  return { ...options, start, seed: options.seed + batch * 7919, idPrefix: `L${base}b${batch}`, crewOffset };
}

function validateStreamOptions(options: StreamOptions): void {
  if (!Number.isFinite(options.speed) || options.speed <= 0) throw new Error(`speed must be a positive number, got ${options.speed}`);
  if (typeof options.onEvent !== 'function') throw new Error('onEvent must be a function');
  if (options.maxDelayMs !== undefined && !(options.maxDelayMs >= 0)) {
    throw new Error(`maxDelayMs must be zero or more, got ${options.maxDelayMs}`);
  }
}

/** A sleep that `stop()` cuts short, so stopping never waits for a long simulated gap. */
function createSleeper() {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  const state = {
    stopped: false,
    sleep(ms: number): Promise<void> {
      return new Promise<void>((resolve) => {
        if (state.stopped) return resolve();
        wake = resolve;
        timer = setTimeout(() => {
          wake = undefined;
          resolve();
        }, ms);
      });
    },
    stop(): void {
      state.stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
    },
  };
  return state;
}
