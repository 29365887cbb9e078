// The one piece of I/O in src/modules/apk: fetching the file behind an APK link, off unless a caller passes
// limits. The fetch goes through the guarded fetcher (src/adapters/net/guarded-fetch.ts), because the link
// comes from whoever sent the message: every hop's scheme, host and resolved addresses are vetted (no
// loopback, private, link-local, metadata … addresses, in any spelling), the connection goes to the vetted
// address, redirects are re-checked, and the body, the total time and the redirect count are capped.
import { guardedFetch, type FetchCode, type Resolver } from '../../adapters/net/guarded-fetch.ts';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  /** Redirects followed at most (default 3). */
  maxRedirects?: number;
  /** Internal addresses (CIDRs, optionally `addr:port`) the operator permits, e.g. an internal file host. */
  allowAddresses?: readonly string[];
  /** When set, the only host names links may be fetched from. */
  allowHosts?: readonly string[];
  /** Host-name resolver (tests inject one); node:dns by default. */
  resolver?: Resolver;
}

/** `error` is a sentence for the moderator (it becomes a reason), `code` the guard's stable code. */
export type FetchResult = { ok: true; bytes: Uint8Array; finalUrl: string } | { ok: false; error: string; code: FetchCode };

export async function fetchApkLink(url: string, limits: FetchLimits): Promise<FetchResult> {
  const fetched = await guardedFetch(url, limits);
  return fetched.ok ? { ok: true, bytes: fetched.bytes, finalUrl: fetched.finalUrl } : { ok: false, error: fetched.reason, code: fetched.code };
}
