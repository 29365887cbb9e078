// Detector work off the decision path (issue 16.2). A detector that needs the network (the file behind an APK
// link) leaves a task in its detection; the task is stored with the decision, and after the commit this runner
// does the work outside the ingestion queue, a few tasks at a time, then feeds what was found back through
// ingestion as a `detector.follow_up` event. Its decision (stored, sent by webhook, added to the case) is the
// follow-up; meanwhile the original decision has already said what to hold. No other event waits on a fetch.
//
// Crash safety: the task row is deleted only after its follow-up event is stored, and a row whose lease lapsed is
// run again by any node; the follow-up's id is derived from the original event, so a second run is a duplicate.
import type { Detector } from '../core/detector.ts';
import type { PendingFollowUp } from '../core/engine/outcome.ts';
import { FollowUpEvent, toFieldErrors } from '../core/events.ts';
import type { Detection } from '../core/signals.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import type { IngestService } from './ingest.ts';
import { FOLLOW_UP_LEASE_MS } from './persist.ts';

export interface FollowUpRunnerOptions {
  db: CoreDb;
  ingest: IngestService;
  detectors: readonly Detector[];
  /** Tasks run at once (default 4): fetches wait on the network, not on the CPU. */
  concurrency?: number;
  leaseMs?: number;
  /** Attempts before a task is given up and its follow-up says so (default 5). */
  maxAttempts?: number;
  onError?: (error: Error, task: PendingFollowUp) => void;
}

export class FollowUpRunner {
  readonly #options: FollowUpRunnerOptions;
  readonly #waiting: PendingFollowUp[] = [];
  readonly #running = new Set<string>();
  #idle: (() => void)[] = [];
  #closed = false;

  constructor(options: FollowUpRunnerOptions) {
    this.#options = options;
  }

  /** Tasks of a batch that was just stored (and claimed by this node in the same transaction). */
  schedule(tasks: readonly PendingFollowUp[]): void {
    if (this.#closed) return;
    this.#waiting.push(...tasks);
    this.#pump();
  }

  /** Claims and runs tasks whose lease lapsed: a node died mid-task, or a store error stopped it. */
  async sweep(now = Date.now()): Promise<number> {
    const { db } = this.#options;
    const due = await db.selectFrom('follow_ups').selectAll().where('claimed_until', '<', now).orderBy('created_at').limit(100).execute();
    let claimed = 0;
    for (const row of due) {
      if (this.#running.has(keyOf(row))) continue;
      const won = await db
        .updateTable('follow_ups')
        .set({ claimed_until: now + this.#lease(), attempts: row.attempts + 1 })
        .where('tenant', '=', row.tenant)
        .where('event_id', '=', row.event_id)
        .where('claimed_until', '=', row.claimed_until)
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) continue; // another node claimed it first
      const task = JSON.parse(row.task) as PendingFollowUp;
      if (row.attempts + 1 > (this.#options.maxAttempts ?? 5)) task.input = { ...task.input, gaveUp: row.attempts };
      this.#waiting.push(task);
      claimed += 1;
    }
    this.#pump();
    return claimed;
  }

  /** Resolves once no task is waiting or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.#waiting.length === 0 && this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops taking tasks and waits for the running ones; unfinished rows stay for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#waiting.length = 0;
    await this.idle();
  }

  get pending(): number {
    return this.#waiting.length + this.#running.size;
  }

  #lease(): number {
    return this.#options.leaseMs ?? FOLLOW_UP_LEASE_MS;
  }

  #pump(): void {
    const limit = this.#options.concurrency ?? 4;
    while (this.#running.size < limit && this.#waiting.length > 0) {
      const task = this.#waiting.shift()!;
      const key = keyOf(task);
      if (this.#running.has(key)) continue;
      this.#running.add(key);
      void this.#run(task).finally(() => {
        this.#running.delete(key);
        this.#pump();
        if (this.#waiting.length === 0 && this.#running.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #run(task: PendingFollowUp): Promise<void> {
    try {
      const detection = await this.#work(task);
      const event = followUpEvent(task, detection);
      await this.#options.ingest.ingestValid([event]);
      await this.#options.db.deleteFrom('follow_ups').where('tenant', '=', task.tenant).where('event_id', '=', task.event_id).execute();
    } catch (error) {
      // The row stays claimed until its lease lapses; the sweep runs it again then.
      this.#options.onError?.(error as Error, task);
    }
  }

  async #work(task: PendingFollowUp): Promise<Detection> {
    if (task.input.gaveUp !== undefined) return failed(task, `gave up after ${String(task.input.gaveUp)} attempts`);
    const detector = this.#options.detectors.find((d) => d.name === task.detector);
    if (!detector?.followUp) return failed(task, `detector ${task.detector} is not running on this node`);
    try {
      return await detector.followUp(task);
    } catch (error) {
      return failed(task, (error as Error).message);
    }
  }
}

function keyOf(task: { tenant: string; event_id: string }): string {
  return `${task.tenant}\u001f${task.event_id}`;
}

/** A failed task still gets its follow-up: the moderator sees that the work was not done, and why. */
function failed(task: PendingFollowUp, why: string): Detection {
  return {
    signals: [{ detector: task.detector, kind: `${task.detector}.follow_up_failed`, score: 0, reasons: [{ code: 'follow_up_failed', message: `${task.task} for ${task.of_event} was not done: ${why}`, evidence: { task: task.task, input: task.input } }] }],
    identifiers: [],
  };
}

function followUpEvent(task: PendingFollowUp, detection: Detection): FollowUpEvent {
  const raw = {
    type: 'detector.follow_up',
    id: task.event_id,
    tenant: task.tenant,
    time: task.time,
    of_event: task.of_event,
    detector: task.detector,
    task: task.task,
    subject: task.subject,
    conversation_id: task.conversation_id,
    recipients: task.recipients,
    signals: detection.signals,
    identifiers: detection.identifiers,
  };
  const parsed = FollowUpEvent.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = toFieldErrors(parsed.error).slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
  return FollowUpEvent.parse({ ...raw, ...failed(task, `the detector's result was malformed (${problems})`) });
}
