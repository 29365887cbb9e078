// The one way Chainbreak fetches a URL chosen by someone else (an APK link in a message, a profile photo).
// Every hop is vetted by target.ts (scheme, host, every resolved address) and then connected to THE VETTED
// ADDRESS, redirects are followed by hand and vetted again, and one deadline, one byte cap and one redirect
// cap bound the whole exchange.
//
// Why node:http/node:https and not the global fetch (undici): fetch resolves the name itself and follows
// redirects itself, and pinning its address needs an undici Agent, which Node does not export (it would be
// one more package). node:http takes a `lookup` option: we hand it a lookup that can only answer with the
// addresses we checked, so there is no second resolution to rebind, while the request still names the
// original host, so the Host header, TLS SNI and the certificate check all stay on the real name. A fresh
// agent per request (`agent: false`) means no pooled socket to some earlier address and no proxy settings
// from the environment; no cookies or credentials are ever sent, and the headers are fixed.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { compileTargetPolicy, displayUrl, resolveTarget, type FetchCode, type FetchFailure, type Target, type TargetOptions, type TargetPolicy } from './target.ts';

export type { FetchCode, FetchFailure, ResolvedAddress, Resolver } from './target.ts';

export interface GuardedFetchOptions extends TargetOptions {
  /** Largest body accepted, streamed and cut off when passed (default 10 MiB). */
  maxBytes?: number;
  /** One deadline for the whole exchange: resolution, connection, redirects and body (default 10 s). */
  timeoutMs?: number;
  /** Redirects followed at most (default 3); each hop is vetted like the first. */
  maxRedirects?: number;
  /** Cancels the fetch from outside. */
  signal?: AbortSignal;
  /**
   * Extra request headers, for fetches the operator configured (a hash-exchange peer's credentials); never for
   * URLs strangers chose. They are never sent to another origin: a redirect that leaves the origin is refused.
   */
  headers?: Readonly<Record<string, string>>;
}

export interface GuardedFetchSuccess {
  ok: true;
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Uint8Array;
  /** The URL that finally answered, after redirects (credentials removed). */
  finalUrl: string;
  /** The vetted address the answer came from. */
  address: string;
}

export type GuardedFetchResult = GuardedFetchSuccess | FetchFailure;

export const FETCH_DEFAULTS = { maxBytes: 10 * 1024 * 1024, timeoutMs: 10_000, maxRedirects: 3 } as const;

/** Names Chainbreak, so a site owner who sees the request in a log can tell what fetched it. */
export const USER_AGENT = 'Chainbreak/0.1 (safety scanner for links and photos sent on a platform)';

const HEADERS = { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'identity', connection: 'close' };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Limits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  headers?: Readonly<Record<string, string>>;
}

type Answer = { kind: 'redirect'; status: number; location: string | undefined } | { kind: 'done'; result: GuardedFetchResult };

/** Fetches `url` with GET under the guard; never throws for anything the remote side does. */
export async function guardedFetch(url: string | URL, options: GuardedFetchOptions = {}): Promise<GuardedFetchResult> {
  const limits: Limits = {
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    timeoutMs: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    headers: options.headers,
  };
  const policy = compileTargetPolicy(options);
  const deadline = new Deadline(limits.timeoutMs, options.signal);
  try {
    return await follow(String(url), policy, limits, deadline);
  } finally {
    deadline.clear();
  }
}

async function follow(start: string, policy: TargetPolicy, limits: Limits, deadline: Deadline): Promise<GuardedFetchResult> {
  let current = start;
  let via: string | undefined;
  for (let redirects = 0; ; redirects++) {
    let answer: Answer;
    try {
      const target = await resolveTarget(current, policy, deadline.signal, via);
      if (!target.ok) return target;
      answer = await exchange(target, limits, deadline);
    } catch (error) {
      if (deadline.signal.aborted) return deadline.failure(current);
      throw error;
    }
    if (answer.kind === 'done') return answer.result;
    const here = new URL(current);
    const location = answer.location === undefined ? null : URL.parse(answer.location, here);
    if (!location) return failure('bad_redirect', `${displayUrl(here)} answered HTTP ${answer.status} without a usable Location`, here);
    if (redirects >= limits.maxRedirects) return failure('too_many_redirects', `gave up on ${displayUrl(new URL(start))}: it redirected more than ${limits.maxRedirects} times`, here);
    if (limits.headers && location.origin !== here.origin) return failure('bad_redirect', `${displayUrl(here)} redirected to ${location.origin}; configured credentials are never sent to another origin`, here);
    via = displayUrl(here);
    current = location.href;
  }
}

/** One request to a vetted target; resolves with its answer, never rejects except on abort. */
function exchange(target: Target, limits: Limits, deadline: Deadline): Promise<Answer> {
  const maxBytes = limits.maxBytes;
  return new Promise<Answer>((resolve, reject) => {
    const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request({
      protocol: target.url.protocol,
      hostname: target.host,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method: 'GET',
      // The fixed headers win, whatever the case of a configured one.
      headers: limits.headers ? { ...Object.fromEntries(Object.entries(limits.headers).map(([k, v]) => [k.toLowerCase(), v])), ...HEADERS } : HEADERS,
      agent: false,
      lookup: pinnedLookup(target),
      signal: deadline.signal,
    });
    req.on('error', (error) => (deadline.signal.aborted ? reject(error) : resolve(done(networkFailure(error, target)))));
    req.on('response', (res) => {
      const answer = judgeHead(res, target, maxBytes);
      if (answer) {
        req.destroy();
        resolve(answer);
      } else readBody(res, target, maxBytes, deadline).then((result) => {
        if (!result.ok) req.destroy();
        resolve(done(result));
      }, reject);
    });
    req.end();
  });
}

/** Decides from the status line and headers alone: redirects, errors and announced oversize bodies. */
function judgeHead(res: IncomingMessage, target: Target, maxBytes: number): Answer | null {
  const status = res.statusCode ?? 0;
  if (REDIRECTS.has(status)) return { kind: 'redirect', status, location: res.headers.location };
  if (status < 200 || status > 299) return done(failure('http_error', `${displayUrl(target.url)} answered HTTP ${status}${res.statusMessage ? ` (${res.statusMessage})` : ''}`, target.url));
  // Honour an announced length above the cap at once; a smaller one is not trusted, the body is counted.
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return done(tooLarge(target, maxBytes, `announced ${declared} bytes`));
  return null;
}

/** Streams the body, stopping as soon as it passes the cap. */
function readBody(res: IncomingMessage, target: Target, maxBytes: number, deadline: Deadline): Promise<GuardedFetchResult> {
  const address = res.socket?.remoteAddress ?? target.addresses[0].address;
  return new Promise<GuardedFetchResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        res.destroy();
        resolve(tooLarge(target, maxBytes, `stopped reading after ${total} bytes`));
      } else chunks.push(chunk);
    });
    res.on('end', () => resolve({ ok: true, status: res.statusCode ?? 200, headers: res.headers, bytes: new Uint8Array(Buffer.concat(chunks)), finalUrl: displayUrl(target.url), address }));
    res.on('error', (error) => (deadline.signal.aborted ? reject(error) : resolve(networkFailure(error, target))));
    res.on('close', () => {
      if (deadline.signal.aborted) reject(deadline.signal.reason);
      else if (!res.complete) resolve(failure('network_error', `${displayUrl(target.url)}: the connection closed before the whole answer arrived`, target.url));
    });
  });
}

/**
 * The `lookup` handed to node:net: whatever name it is asked about, it can only answer with the addresses
 * resolveTarget vetted. (Literal IP hosts never reach it; node:net connects to them directly.)
 */
function pinnedLookup(target: Target) {
  return (_hostname: string, options: LookupOptions, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    const wanted = options.family === 4 || options.family === 6 ? target.addresses.filter((a) => a.family === options.family) : target.addresses;
    if (wanted.length === 0) callback(Object.assign(new Error('no vetted address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
    else if (options.all) callback(null, wanted.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, wanted[0].address, wanted[0].family);
  };
}

function networkFailure(error: Error, target: Target): FetchFailure {
  const code = (error as NodeJS.ErrnoException).code;
  return failure('network_error', `could not fetch ${displayUrl(target.url)}: ${code ? `${code} (${error.message})` : error.message}`, target.url);
}

function tooLarge(target: Target, maxBytes: number, detail: string): FetchFailure {
  return failure('too_large', `${displayUrl(target.url)} is above the ${maxBytes}-byte cap (${detail})`, target.url);
}

function failure(code: FetchCode, reason: string, url: URL): FetchFailure {
  return { ok: false, code, reason, url: displayUrl(url) };
}

function done(result: GuardedFetchResult): Answer {
  return { kind: 'done', result };
}

/** One deadline for the whole exchange, merged with the caller's signal; says which of the two fired. */
class Deadline {
  readonly signal: AbortSignal;
  readonly #timeoutMs: number;
  readonly #outer?: AbortSignal;
  readonly #timer: NodeJS.Timeout;

  constructor(timeoutMs: number, outer?: AbortSignal) {
    const controller = new AbortController();
    this.#timeoutMs = timeoutMs;
    this.#outer = outer;
    this.#timer = setTimeout(() => controller.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    this.signal = outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
  }

  failure(url: string): FetchFailure {
    const shown = URL.canParse(url) ? displayUrl(new URL(url)) : url;
    if (this.#outer?.aborted) return { ok: false, code: 'aborted', reason: `stopped fetching ${shown}: the request was cancelled`, url: shown };
    return { ok: false, code: 'timeout', reason: `gave up on ${shown}: no complete answer within ${this.#timeoutMs} ms`, url: shown };
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
