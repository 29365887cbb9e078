// Delivers decided actions to the platform: an outbox row per delivery (written in the same
// transaction as the decision, so nothing acknowledged is lost), signed with HMAC-SHA256, retried
// with bounded exponential backoff for a retry window of hours (a receiver's outage of an afternoon
// loses nothing); after the window it becomes a dead letter, kept and replayable (dead-letters.ts).
//
// Every attempt of one delivery carries the same `chainbreak-delivery` id, and the `v2` signature covers
// it: a receiver that remembers the ids it processed (see `DeliveryVerifier`) acts on each delivery
// once, even when an attempt timed out on our side after the receiver had already acted on it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CoreDb } from '../store/db.ts';
import type { WebhookTarget } from '../../app/persist.ts';
import type { Metrics } from '../../app/metrics.ts';

export const SIGNATURE_HEADER = 'chainbreak-signature';
export const DELIVERY_HEADER = 'chainbreak-delivery';

export interface DispatcherOptions {
  targets: WebhookTarget[];
  /** Give up after this many attempts (default: no count limit, only the retry window). */
  maxAttempts?: number;
  /** How long a delivery is retried before it is dead-lettered (default 24 hours). */
  retryForMs?: number;
  baseDelayMs?: number;
  /** The longest wait between two attempts (default 10 minutes), so a recovered receiver is reached soon. */
  maxDelayMs?: number;
  /**
   * How long one attempt may take (default 30 s). A receiver slower than this is retried with the same
   * delivery id; one that honours the id (DeliveryVerifier) acts once.
   */
  timeoutMs?: number;
  pollMs?: number;
  batchSize?: number;
  metrics?: Metrics;
  now?: () => number;
}

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

/**
 * `t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<body>">`, the scheme Stripe-style receivers expect, and, when a
 * delivery id is given, `,v2=<HMAC-SHA256 of "<t>.<delivery id>.<body>">`, which also binds the id.
 */
export function signPayload(secret: string, body: string, timestampSeconds: number, deliveryId?: string): string {
  const v1 = `t=${timestampSeconds},v1=${hmac(secret, `${timestampSeconds}.${body}`)}`;
  return deliveryId === undefined ? v1 : `${v1},v2=${hmac(secret, `${timestampSeconds}.${deliveryId}.${body}`)}`;
}

/**
 * For receivers: checks the signature and that it is recent (replay window in seconds). With
 * `deliveryId` (the chainbreak-delivery header) the `v2` signature is required, so the id used for
 * de-duplication is the one we sent.
 */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300, deliveryId?: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const [given, signed] = deliveryId === undefined ? [parts.v1, `${timestamp}.${body}`] : [parts.v2, `${timestamp}.${deliveryId}.${body}`];
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(hmac(secret, signed), 'hex'));
}

/**
 * The receiver's side, for platforms written in TypeScript (and as the reference for others): verifies
 * the v2 signature and remembers each delivery id it accepted, so a retry of a delivery it already
 * processed is answered 2xx without acting again. Keep ids for at least the sender's retry window
 * (24 hours by default); `seen` can be a shared store's adapter when receivers run on several machines.
 */
export class DeliveryVerifier {
  readonly #secret: string;
  readonly #toleranceSeconds: number;
  readonly #seen: { has(id: string): boolean; add(id: string): unknown };

  constructor(secret: string, options: { toleranceSeconds?: number; seen?: { has(id: string): boolean; add(id: string): unknown } } = {}) {
    this.#secret = secret;
    this.#toleranceSeconds = options.toleranceSeconds ?? 300;
    this.#seen = options.seen ?? new Set<string>();
  }

  /** `process`: act on it; `duplicate`: answer 2xx and do nothing; `invalid`: answer 401. */
  check(headers: { signature?: string; deliveryId?: string }, body: string, nowSeconds: number): 'process' | 'duplicate' | 'invalid' {
    const { signature, deliveryId } = headers;
    if (!signature || !deliveryId || !verifySignature(this.#secret, body, signature, nowSeconds, this.#toleranceSeconds, deliveryId)) return 'invalid';
    if (this.#seen.has(deliveryId)) return 'duplicate';
    this.#seen.add(deliveryId);
    return 'process';
  }
}

export class WebhookDispatcher {
  readonly #db: CoreDb;
  readonly #options: Required<Omit<DispatcherOptions, 'metrics' | 'maxAttempts'>> & { metrics?: Metrics; maxAttempts?: number };
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;

  constructor(db: CoreDb, options: DispatcherOptions) {
    this.#db = db;
    this.#options = {
      retryForMs: 24 * 3_600_000,
      baseDelayMs: 1_000,
      maxDelayMs: 10 * 60_000,
      timeoutMs: 30_000,
      pollMs: 500,
      batchSize: 50,
      now: Date.now,
      ...options,
    };
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.deliverDue(), this.#options.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** Attempts every due delivery once; returns how many were attempted. */
  deliverDue(): Promise<number> {
    this.#running ??= this.#deliverDue().finally(() => (this.#running = null));
    return this.#running;
  }

  async #deliverDue(): Promise<number> {
    const now = this.#options.now();
    const due = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(this.#options.batchSize)
      .execute();
    await Promise.all(due.map((delivery) => this.#attempt(delivery)));
    return due.length;
  }

  async #attempt(delivery: { id: string; url: string; body: string; attempts: number; created_at: number; retry_from?: number | null }): Promise<void> {
    const target = this.#options.targets.find((t) => t.url === delivery.url);
    const error = target ? await this.#post(target, delivery) : 'no webhook target is configured for this URL any more';
    const attempts = delivery.attempts + 1;
    const now = this.#options.now();
    if (error === null) {
      this.#options.metrics?.webhooks.inc({ result: 'delivered' });
      await this.#db.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, delivered_at: now, last_error: null }).where('id', '=', delivery.id).execute();
      return;
    }
    const delay = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** Math.min(attempts - 1, 40));
    const windowStart = Number(delivery.retry_from ?? delivery.created_at);
    const exhausted =
      (this.#options.maxAttempts !== undefined && attempts >= this.#options.maxAttempts) || now + delay - windowStart > this.#options.retryForMs;
    this.#options.metrics?.webhooks.inc({ result: exhausted ? 'failed' : 'retry' });
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ status: exhausted ? 'failed' : 'pending', attempts, next_attempt_at: now + delay, last_error: error, dead_at: exhausted ? now : null })
      .where('id', '=', delivery.id)
      .execute();
  }

  /** Returns null on a 2xx answer, otherwise what went wrong. */
  async #post(target: WebhookTarget, delivery: { id: string; body: string }): Promise<string | null> {
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [DELIVERY_HEADER]: delivery.id,
          [SIGNATURE_HEADER]: signPayload(target.secret, delivery.body, Math.floor(this.#options.now() / 1000), delivery.id),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
