// Console hardening (issue 17.6): sign-in throttling with lockout, the session cookie's `Secure` flag,
// and the cross-site request check on every console write.
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../adapters/http/fastify.ts';

export interface ThrottleLimits {
  /** Failed sign-ins for one user name before it is locked. */
  perUser: number;
  /** Failed sign-ins from one address (any user names) before it is locked. */
  perAddress: number;
  /** Failures are counted over this window, and a lock lasts this long. */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perUser: 5, perAddress: 20, windowMs: 15 * 60_000 };

interface Counter {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

/**
 * Counts failed sign-ins per user name and per address. A locked key is refused before the password is
 * checked, so guessing stops even when the right password comes next. In memory: a restart clears it,
 * which costs an attacker a restart per few guesses, not a way around it.
 */
export class SignInThrottle {
  readonly #limits: ThrottleLimits;
  readonly #now: () => number;
  readonly #counters = new Map<string, Counter>();

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Throws a 429 when the user name or the address is locked. */
  check(username: string, address: string): void {
    for (const [key, what] of [[`u:${username.toLowerCase()}`, 'this user'], [`a:${address}`, 'this address']] as const) {
      const counter = this.#live(key);
      if (counter && counter.lockedUntil > this.#now()) {
        const seconds = Math.ceil((counter.lockedUntil - this.#now()) / 1000);
        const error = new HttpError(429, 'sign_in_locked', `too many failed sign-ins for ${what}; try again in ${Math.ceil(seconds / 60)} minute(s)`);
        throw Object.assign(error, { retryAfterSeconds: seconds });
      }
    }
  }

  failed(username: string, address: string): void {
    this.#count(`u:${username.toLowerCase()}`, this.#limits.perUser);
    this.#count(`a:${address}`, this.#limits.perAddress);
  }

  /** A good sign-in clears the user's count (not the address's: one good account must not reset a spray). */
  succeeded(username: string): void {
    this.#counters.delete(`u:${username.toLowerCase()}`);
  }

  #live(key: string): Counter | undefined {
    const counter = this.#counters.get(key);
    if (counter && counter.lockedUntil <= this.#now() && this.#now() - counter.firstAt > this.#limits.windowMs) {
      this.#counters.delete(key);
      return undefined;
    }
    return counter;
  }

  #count(key: string, limit: number): void {
    const now = this.#now();
    const counter = this.#live(key) ?? { failures: 0, firstAt: now, lockedUntil: 0 };
    if (counter.lockedUntil && counter.lockedUntil <= now) Object.assign(counter, { failures: 0, firstAt: now, lockedUntil: 0 });
    counter.failures += 1;
    if (counter.failures >= limit) counter.lockedUntil = now + this.#limits.windowMs;
    this.#counters.set(key, counter);
    // Bounded memory under a spray of user names: forget the oldest entries.
    if (this.#counters.size > 100_000) this.#counters.delete(this.#counters.keys().next().value!);
  }
}

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
