// Group commit: ingest calls that arrive while a batch is being decided and stored wait on the queue anyway; instead
// of one transaction (and one fsync) each, the next turn of the queue takes all of them, in arrival order, as one
// batch. Every caller is answered only after that batch's commit, with the results of its own events. If the
// group fails, each call is run again alone, so a poisoned event fails only the call that sent it and the others
// are stored as if they had come one by one (a failed batch leaves nothing behind, see ingest.ts).
// The queue moves on once a group is committed; its callers are answered when its commit is on disk (`answers`),
// so the next group is decided while the disk syncs (src/adapters/store/wal-sync.ts). A group whose commit cannot
// be synced is not run again: its callers get that error.
import type { SerialQueue } from './serial-queue.ts';

export interface GroupLimits {
  /** Events per group: a call is never split, so one larger call runs alone. */
  maxEvents: number;
  /** Calls per group. */
  maxCalls: number;
}

/** A transaction of 2,000 events takes tens of milliseconds to decide and store: enough calls to share one fsync. */
export const GROUP_LIMITS: GroupLimits = { maxEvents: 2_000, maxCalls: 256 };

/** A committed group: the queue may go on; `answers` settles once its callers may be answered (one per item). */
export interface Committed<R> {
  answers: Promise<R[]>;
}

interface Call<E, R> {
  items: readonly E[];
  resolve(results: R[]): void;
  reject(error: unknown): void;
}

export class GroupCommit<E, R> {
  readonly #queue: SerialQueue;
  readonly #run: (items: readonly E[]) => Promise<Committed<R>>;
  readonly #limits: GroupLimits;
  #waiting: Call<E, R>[] = [];
  /** A turn of the queue is already booked for the waiting calls. */
  #booked = false;

  /** `run` stores its items in one transaction and answers one result per item, in order. */
  constructor(queue: SerialQueue, run: (items: readonly E[]) => Promise<Committed<R>>, limits: GroupLimits = GROUP_LIMITS) {
    this.#queue = queue;
    this.#run = run;
    this.#limits = limits;
  }

  /** Calls waiting for the next turn of the queue (not yet in a group). */
  get waiting(): number {
    return this.#waiting.length;
  }

  submit(items: readonly E[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.#waiting.push({ items, resolve, reject });
      this.#book();
    });
  }

  #book(): void {
    if (this.#booked || this.#waiting.length === 0) return;
    this.#booked = true;
    // The group is taken when the turn starts, not when it is booked: calls arriving until then join it.
    void this.#queue.run(async () => {
      this.#booked = false;
      const group = this.#take();
      this.#book();
      await this.#runGroup(group);
    });
  }

  #take(): Call<E, R>[] {
    let events = 0;
    let count = 0;
    for (const call of this.#waiting) {
      if (count > 0 && (count >= this.#limits.maxCalls || events + call.items.length > this.#limits.maxEvents)) break;
      events += call.items.length;
      count++;
    }
    return this.#waiting.splice(0, count);
  }

  async #runGroup(group: Call<E, R>[]): Promise<void> {
    if (group.length === 1) return this.#runAlone(group[0]);
    let committed: Committed<R>;
    try {
      committed = await this.#run(group.flatMap((call) => call.items));
    } catch {
      // Nothing of the group was stored: each call again on its own, in order, each answered with its own outcome.
      for (const call of group) await this.#runAlone(call);
      return;
    }
    committed.answers.then(
      (results) => {
        let offset = 0;
        for (const call of group) {
          call.resolve(results.slice(offset, offset + call.items.length));
          offset += call.items.length;
        }
      },
      (error: unknown) => {
        for (const call of group) call.reject(error);
      },
    );
  }

  async #runAlone(call: Call<E, R>): Promise<void> {
    try {
      (await this.#run(call.items)).answers.then(call.resolve, call.reject);
    } catch (error) {
      call.reject(error);
    }
  }
}
