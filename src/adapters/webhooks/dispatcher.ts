// Delivers decided actions to the platform: an outbox row per delivery (written in the same
// transaction as the decision, so nothing acknowledged is lost), signed with HMAC-SHA256, retried
// with bounded exponential backoff for a retry window of hours (a receiver's outage of an afternoon
// loses nothing); after the window it becomes a dead letter, kept and replayable (dead-letters.ts).
//
// Every attempt of one delivery carries the same `chainbreak-delivery` id, and the `v2` signature covers
// it: a receiver that remembers the ids it processed (see `DeliveryVerifier`) acts on each delivery
// once, even when an attempt timed out on our side after the receiver had already acted on it.
//
// Several nodes may run a dispatcher on one store: each attempt is claimed first (claims.ts: a lease, the
// attempt number as fencing token, FOR UPDATE SKIP LOCKED on PostgreSQL), so it is made by one node, and a
// node that dies mid-attempt leaves the delivery to the others when its lease lapses.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CoreDb } from '../store/db.ts';
import type { WebhookTarget } from '../../app/persist.ts';
import type { Metrics } from '../../app/metrics.ts';
import { claimDue, recordAttempt, type AttemptResult, type ClaimedDelivery } from './claims.ts';

export const SIGNATURE_HEADER = 'chainbreak-signature';
export const DELIVERY_HEADER = 'chainbreak-delivery';
/**
 * The attempt number (1, 2, …) of this delivery. Not signed and not needed for de-duplication (the delivery
 * id is); it tells a receiver's logs apart a retry after its own failure from one after a sender-side timeout.
 */
export const ATTEMPT_HEADER = 'chainbreak-attempt';

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
  /**
   * How long a node's claim on a delivery holds (default 60 s, must exceed `timeoutMs`): a node that dies
   * mid-attempt leaves the delivery to the others once it lapses.
   */
  leaseMs?: number;
  /** This node's id in `claimed_by` (default: a random one per process). */
  node?: string;
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
      leaseMs: 60_000,
      pollMs: 500,
      batchSize: 50,
      node: `node-${randomUUID()}`,
      now: Date.now,
      ...options,
    };
    // A lease shorter than one attempt could lapse while the attempt is still in flight, and a second node
    // would send the same attempt again.
    if (this.#options.leaseMs <= this.#options.timeoutMs) throw new Error(`webhook lease (${this.#options.leaseMs} ms) must be longer than the attempt timeout (${this.#options.timeoutMs} ms)`);
  }

  /** This node's id, written into `claimed_by` of the deliveries it is attempting. */
  get node(): string {
    return this.#options.node;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.deliverDue().catch(() => undefined), this.#options.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  /** Claims the due deliveries no other node holds and attempts each once; returns how many were attempted. */
  deliverDue(): Promise<number> {
    this.#running ??= this.#deliverDue().finally(() => (this.#running = null));
    return this.#running;
  }

  async #deliverDue(): Promise<number> {
    const { node, leaseMs, batchSize } = this.#options;
    const claimed = await claimDue(this.#db, { node, now: this.#options.now(), leaseMs, limit: batchSize });
    await Promise.all(claimed.map((delivery) => this.#attempt(delivery)));
    return claimed.length;
  }

  async #attempt(delivery: ClaimedDelivery): Promise<void> {
    const target = this.#options.targets.find((t) => t.url === delivery.url);
    const error = target ? await this.#post(target, delivery) : 'no webhook target is configured for this URL any more';
    const result = this.#result(delivery, error);
    const recorded = await recordAttempt(this.#db, this.#options.node, delivery, result);
    // Fenced: this node's lease lapsed and another node holds a later attempt, whose result counts.
    const outcome = !recorded ? 'fenced' : result.status === 'pending' ? 'retry' : result.status;
    this.#options.metrics?.webhooks.inc({ result: outcome });
  }

  #result(delivery: ClaimedDelivery, error: string | null): AttemptResult {
    const now = this.#options.now();
    if (error === null) return { status: 'delivered', at: now };
    const attempts = delivery.attempts;
    const delay = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** Math.min(attempts - 1, 40));
    const windowStart = delivery.retry_from ?? delivery.created_at;
    const exhausted =
      (this.#options.maxAttempts !== undefined && attempts >= this.#options.maxAttempts) || now + delay - windowStart > this.#options.retryForMs;
    return { status: exhausted ? 'failed' : 'pending', at: now, nextAttemptAt: now + delay, error };
  }

  /** Returns null on a 2xx answer, otherwise what went wrong. */
  async #post(target: WebhookTarget, delivery: ClaimedDelivery): Promise<string | null> {
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [DELIVERY_HEADER]: delivery.id,
          [ATTEMPT_HEADER]: String(delivery.attempts),
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
