// Turns a URL into a vetted connection target: parsed (WHATWG, so `2130706433`, `0177.0.0.1`, `0x7f.1`
// and `127.1` all arrive here as `127.0.0.1`), scheme and credentials checked, the host name checked against
// the operator's list, resolved ONCE, and every resolved address judged by the address policy. The caller
// connects to exactly these addresses, so a second DNS answer (rebinding) never matters.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkAddress, isLocalhostName, parseAllowAddresses, type AllowEntry } from './address-policy.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to addresses; the default is node:dns `lookup` with `all: true`. Injected in tests. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Stable machine codes of a refused or failed fetch. */
export type FetchCode =
  | 'bad_url'
  | 'bad_scheme'
  | 'credentials_in_url'
  | 'host_not_allowed'
  | 'blocked_address'
  | 'dns_failed'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'too_large'
  | 'timeout'
  | 'aborted'
  | 'http_error'
  | 'network_error';

export interface FetchFailure {
  ok: false;
  code: FetchCode;
  /** A sentence a moderator can read; it ends up in a decision's reasons. */
  reason: string;
  /** The URL of the hop that failed (credentials removed). */
  url: string;
}

export interface Target {
  ok: true;
  url: URL;
  /** The host without IPv6 brackets, as node:http and TLS (SNI, certificate name) expect it. */
  host: string;
  port: number;
  addresses: ResolvedAddress[];
}

export interface TargetOptions {
  /** CIDRs (optionally `addr:port`) an operator explicitly permits, e.g. an internal CDN. */
  allowAddresses?: readonly string[];
  /** When set, the only host names that may be fetched (exact, or `*.example.com` for subdomains). */
  allowHosts?: readonly string[];
  resolver?: Resolver;
}

export interface TargetPolicy {
  allow: AllowEntry[];
  hosts: string[] | null;
  resolver: Resolver;
  /** What the reasons say Chainbreak was about to do ("fetch", "deliver webhooks to"), and how to permit a refused address. */
  action: string;
  hint: string;
}

const FETCH_WORDING = { action: 'fetch', hint: 'internal and special-use addresses are never fetched' };

/** Parses the options once; throws on a malformed allow-list entry (a configuration error, not a fetch error). */
export function compileTargetPolicy(options: TargetOptions, wording = FETCH_WORDING): TargetPolicy {
  return {
    ...wording,
    allow: parseAllowAddresses(options.allowAddresses),
    hosts: options.allowHosts ? options.allowHosts.map(normaliseHost) : null,
    resolver: options.resolver ?? systemResolver,
  };
}

async function systemResolver(hostname: string): Promise<ResolvedAddress[]> {
  const found = await lookup(hostname, { all: true, order: 'verbatim' });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/**
 * Vets one URL. `via` is the URL that redirected here, so the reason can say so. `signal` aborts a slow
 * resolver (the rejection is the signal's reason; the caller turns it into a timeout or abort failure).
 */
export async function resolveTarget(raw: string, policy: TargetPolicy, signal?: AbortSignal, via?: string): Promise<Target | FetchFailure> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'bad_url', reason: `${subject(policy.action, raw, via)}: it is not a valid URL`, url: shorten(raw) };
  }
  const fail = (code: FetchCode, why: string): FetchFailure => ({ ok: false, code, reason: `${subject(policy.action, displayUrl(url), via, code !== 'dns_failed')}: ${why}`, url: displayUrl(url) });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('bad_scheme', `only http and https links are fetched, not ${url.protocol}`);
  if (url.username || url.password) return fail('credentials_in_url', 'the link carries a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.hosts && !hostAllowed(normaliseHost(host), policy.hosts)) return fail('host_not_allowed', `${host} is not one of the hosts Chainbreak is configured to fetch from`);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const resolved = await addressesOf(host, policy.resolver, signal);
  if ('error' in resolved) return fail('dns_failed', resolved.error);
  for (const { address } of resolved.addresses) {
    const verdict = checkAddress(address, port, policy.allow);
    if (!verdict.ok) return fail('blocked_address', `${describeHost(host, address)} ${verdict.why}; ${policy.hint}`);
  }
  return { ok: true, url, host, port, addresses: resolved.addresses };
}

/** Literal addresses are used as they are; `localhost` names stand for 127.0.0.1 without asking DNS; others are resolved. */
async function addressesOf(host: string, resolver: Resolver, signal?: AbortSignal): Promise<{ addresses: ResolvedAddress[] } | { error: string }> {
  const family = isIP(host);
  if (family) return { addresses: [{ address: host, family: family as 4 | 6 }] };
  if (isLocalhostName(host)) return { addresses: [{ address: '127.0.0.1', family: 4 }] };
  let found: readonly ResolvedAddress[];
  try {
    found = await abortable(resolver(host), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { error: `the host name ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  // A resolver answer that is not a plain IP string is treated as a failure rather than guessed at.
  const addresses = found.filter((a) => isIP(a.address) === a.family);
  if (addresses.length === 0 || addresses.length !== found.length) return { error: `the host name ${host} did not resolve to usable addresses` };
  return { addresses };
}

function describeHost(host: string, address: string): string {
  if (isIP(host)) return `${address} is`;
  if (isLocalhostName(host)) return `${host} is a name for this machine, and ${address} is`;
  return `${host} resolves to ${address}, which is`;
}

/** "refused to …" when the policy said no, "could not …" when the network did. */
function subject(action: string, url: string, via?: string, refused = true): string {
  const verb = refused ? 'refused to' : 'could not';
  return via ? `${verb} follow the redirect from ${via} to ${url}` : `${verb} ${action} ${url}`;
}

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** The URL as shown in reasons: credentials blanked, at most 200 characters. */
export function displayUrl(url: URL): string {
  if (!url.username && !url.password) return shorten(url.href);
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return shorten(copy.href);
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Rejects with the signal's reason as soon as it aborts, whatever the promise does. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
