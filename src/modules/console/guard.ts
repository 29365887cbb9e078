// Console hardening (issue 17.6): sign-in throttling with lockout, the session cookie's `Secure` flag,
// and the cross-site request check on every console write.
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { HttpError } from '../../adapters/http/fastify.ts';
import type { CoreDb } from '../../adapters/store/db.ts';

export interface ThrottleLimits {
  /** Failed sign-ins for one user name before it is locked. */
  perUser: number;
  /** Failed sign-ins from one address (any user names) before it is locked. */
  perAddress: number;
  /** Failures are counted over this window, and a lock lasts this long. */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perUser: 5, perAddress: 20, windowMs: 15 * 60_000 };

/**
 * Counts failed sign-ins per user name and per address, in the store (table `console_sign_in_failures`), so the
 * count is the same on every node and survives a restart. A locked key is refused before the password is checked,
 * so guessing stops even when the right password comes next.
 */
export class SignInThrottle {
  readonly #db: CoreDb;
  readonly #limits: ThrottleLimits;
  readonly #now: () => number;
  #sweptAt = 0;

  constructor(db: CoreDb, limits: ThrottleLimits = DEFAULT_THROTTLE, now: () => number = Date.now) {
    this.#db = db;
    this.#limits = limits;
    this.#now = now;
  }

  /** Throws a 429 when the user name or the address is locked. */
  async check(username: string, address: string): Promise<void> {
    const now = this.#now();
    const keys = { [userKey(username)]: 'this user', [`a:${address}`]: 'this address' };
    const rows = await this.#db.selectFrom('console_sign_in_failures').select(['key', 'locked_until']).where('key', 'in', Object.keys(keys)).where('locked_until', '>', now).execute();
    const locked = rows.sort((a, b) => Number(b.locked_until) - Number(a.locked_until))[0];
    if (!locked) return;
    const seconds = Math.ceil((Number(locked.locked_until) - now) / 1000);
    const error = new HttpError(429, 'sign_in_locked', `too many failed sign-ins for ${keys[locked.key]}; try again in ${Math.ceil(seconds / 60)} minute(s)`);
    throw Object.assign(error, { retryAfterSeconds: seconds });
  }

  async failed(username: string, address: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await this.#count(trx, userKey(username), this.#limits.perUser);
      await this.#count(trx, `a:${address}`, this.#limits.perAddress);
    });
    await this.#forgetOld();
  }

  /** A spray of made-up user names must not grow the table for ever: counts that no longer count are dropped. */
  async #forgetOld(): Promise<void> {
    const now = this.#now();
    if (now - this.#sweptAt < 60_000) return;
    this.#sweptAt = now;
    await this.#db.deleteFrom('console_sign_in_failures').where('locked_until', '<=', now).where('first_at', '<', now - this.#limits.windowMs).execute();
  }

  /** A good sign-in clears the user's count (not the address's: one good account must not reset a spray). */
  async succeeded(username: string): Promise<void> {
    await this.#db.deleteFrom('console_sign_in_failures').where('key', '=', userKey(username)).execute();
  }

  /**
   * One statement per key, so two nodes counting the same key at once both count: a count whose window has passed
   * (and whose lock, if any, is over) starts again at one; the count that reaches the limit sets the lock.
   */
  async #count(trx: CoreDb, key: string, limit: number): Promise<void> {
    const now = this.#now();
    const windowMs = this.#limits.windowMs;
    // A limit of one locks at the first failure.
    const lockedAtOnce = limit <= 1 ? now + windowMs : 0;
    await trx
      .insertInto('console_sign_in_failures')
      .values({ key, failures: 1, first_at: now, locked_until: lockedAtOnce })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when ${expired(now, windowMs)} then 1 else console_sign_in_failures.failures + 1 end`,
          first_at: sql`case when ${expired(now, windowMs)} then ${big(now)} else console_sign_in_failures.first_at end`,
          locked_until: sql`case when (case when ${expired(now, windowMs)} then 1 else console_sign_in_failures.failures + 1 end) 
            >= ${limit} then ${big(now + windowMs)} else cast(0 as bigint) end`,
        }),
      )
      .execute();
  }
}

const userKey = (username: string) => `u:${username.toLowerCase()}`;

/** A stored count no longer counts once its lock is over, or (never locked) once its window has passed. */
function expired(now: number, windowMs: number) {
  return sql`((console_sign_in_failures.locked_until > 0 and console_sign_in_failures.locked_until <= ${big(now)}) or (console_sign_in_failures.locked_until = 0 and ${big(now)} - console_sign_in_failures.first_at > ${big(windowMs)}))`;
}

/** Epoch milliseconds pass 2^31: typed, or PostgreSQL would take a bare parameter beside `0` for an integer. */
const big = (value: number) => sql`cast(${value} as bigint)`;

/** Whether the request reached us over TLS: directly, or through a proxy the operator trusts. */
export function isSecureRequest(request: FastifyRequest, trustProxy: boolean): boolean {
  if (request.protocol === 'https') return true;
  if (!trustProxy) return false;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/** The client address for throttling; behind a trusted proxy, the first X-Forwarded-For entry. */
export function clientAddress(request: FastifyRequest, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.ip;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site console writes. Browsers send `Origin` on every cross-origin POST, PUT and DELETE
 * (and `Sec-Fetch-Site`), so a write must come from the console's own origin (the Host it was sent to)
 * or one of `allowedOrigins`; non-browser clients send neither and carry no ambient cookie risk. Bodies
 * must be JSON, which a cross-site HTML form or a CORS "simple" request cannot send.
 */
export function assertSameOriginWrite(request: FastifyRequest, allowedOrigins: readonly string[] = []): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') throw new HttpError(403, 'bad_origin', 'console writes must come from the console itself (cross-site request refused)');
  const origin = request.headers.origin;
  if (origin !== undefined && !originMatches(origin, request.headers.host, allowedOrigins)) {
    throw new HttpError(403, 'bad_origin', `console writes must come from the console itself; origin ${JSON.stringify(origin)} is not allowed`);
  }
  const type = request.headers['content-type'];
  const hasBody = type !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
    throw new HttpError(415, 'unsupported_media_type', 'console writes take a JSON body (content-type: application/json)');
  }
}

function originMatches(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  if (!host) return false;
  try {
    const from = new URL(origin);
    const to = new URL(`${from.protocol}//${host}`);
    return from.protocol.startsWith('http') && from.host === to.host;
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and malformed values
  }
}
