// The one interface every detector implements. The engine calls each registered detector for the
// event types it declares and merges what they return; detectors never write state themselves.
import type { ChainEvent, EventType } from './events.ts';
import type { Detection, FollowUpRun } from './signals.ts';

export interface DetectorContext {
  /** Event time in epoch milliseconds. */
  now: number;
  /** Stages already seen in this event's conversation (empty outside conversations). */
  stagesSeen: ReadonlySet<string>;
}

export interface Detector {
  readonly name: string;
  readonly eventTypes: readonly EventType[];
  /**
   * Optional: the signal kinds it can emit (exact, or a family such as `photo.*`), so rule validation can warn
   * about rules on kinds nothing emits (src/core/rules/signal-kinds.ts). Without it, `<name>.*` is assumed.
   */
  readonly signalKinds?: readonly string[];
  /** Must not throw on any valid event; a detector that fails is reported and skipped by the engine. */
  detect(event: ChainEvent, context: DetectorContext): Detection | Promise<Detection>;
  /**
   * Optional: told about a batch before the engine reaches it, so a detector that needs no
   * conversation context can start working on it elsewhere (another thread) in the meantime.
   */
  prepare?(events: readonly ChainEvent[]): void;
  /**
   * Optional: runs work `detect` left in `followUps` (I/O such as fetching a linked file), off the decision
   * path. Must not throw: a failure is a zero-score signal whose reason says what went wrong.
   */
  followUp?(task: FollowUpRun): Promise<Detection>;
  /** Optional: releases threads or other resources. */
  close?(): Promise<void>;
}
