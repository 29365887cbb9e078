// Delivers decided actions to the platform: an outbox row per delivery (written in the same
// transaction as the decision, so nothing acknowledged is lost), signed with HMAC-SHA256, retried
// with exponential backoff until it succeeds or the attempts run out.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CoreDb } from '../store/db.ts';
import type { WebhookTarget } from '../../app/persist.ts';
import type { Metrics } from '../../app/metrics.ts';

export const SIGNATURE_HEADER = 'chainbreak-signature';

export interface DispatcherOptions {
  targets: WebhookTarget[];
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  pollMs?: number;
  batchSize?: number;
  metrics?: Metrics;
  now?: () => number;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme Stripe-style receivers expect. */
export function signPayload(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** For receivers: checks the signature and that it is recent (replay window in seconds). */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, body, timestamp).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class WebhookDispatcher {
  readonly #db: CoreDb;
  readonly #options: Required<Omit<DispatcherOptions, 'metrics'>> & { metrics?: Metrics };
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;

  constructor(db: CoreDb, options: DispatcherOptions) {
    this.#db = db;
    this.#options = {
      maxAttempts: 8,
      baseDelayMs: 1_000,
      maxDelayMs: 3_600_000,
      timeoutMs: 5_000,
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

  async #attempt(delivery: { id: string; url: string; body: string; attempts: number }): Promise<void> {
    const target = this.#options.targets.find((t) => t.url === delivery.url);
    const error = target ? await this.#post(target, delivery) : 'no webhook target is configured for this URL any more';
    const attempts = delivery.attempts + 1;
    const now = this.#options.now();
    if (error === null) {
      this.#options.metrics?.webhooks.inc({ result: 'delivered' });
      await this.#db.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, delivered_at: now, last_error: null }).where('id', '=', delivery.id).execute();
      return;
    }
    const exhausted = attempts >= this.#options.maxAttempts;
    this.#options.metrics?.webhooks.inc({ result: exhausted ? 'failed' : 'retry' });
    const delay = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** (attempts - 1));
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ status: exhausted ? 'failed' : 'pending', attempts, next_attempt_at: now + delay, last_error: error })
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
          'chainbreak-delivery': delivery.id,
          [SIGNATURE_HEADER]: signPayload(target.secret, delivery.body, Math.floor(this.#options.now() / 1000)),
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
