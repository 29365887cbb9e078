// Node adapter for the detector's opt-in `hashPhotoUrl` hook: fetches a profile photo through the guarded
// fetcher (src/adapters/net/guarded-fetch.ts: http(s) only, every hop's resolved addresses vetted so a photo
// URL cannot reach loopback, private or metadata addresses, connection pinned to the vetted address,
// redirects re-checked, bytes/time/redirects capped), then decodes (pixel-capped) and hashes it.
import { guardedFetch, type FetchCode, type Resolver } from '../../adapters/net/guarded-fetch.ts';
import { hashImageBytes } from './decode.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS } from './limits.ts';

export interface UrlPhotoOptions {
  /** One deadline for the whole fetch, redirects included (default 5 s). */
  timeoutMs?: number;
  maxBytes?: number;
  maxPixels?: number;
  /**
   * Host names photos may be fetched from (the platform's CDN); `*.cdn.example` covers subdomains. Events carry
   * URLs chosen by users; the address guard applies either way, this list narrows it to the CDN. Set it in production.
   */
  allowedHosts?: string[];
  /** Internal addresses (CIDRs, optionally `addr:port`) a CDN lives on that the guard would otherwise refuse. */
  allowAddresses?: string[];
  /** Redirects followed at most (default 3), each re-checked against the lists above. */
  maxRedirects?: number;
  /** Host-name resolver (tests inject one); node:dns by default. */
  resolver?: Resolver;
}

/** Why a photo was not hashed; `message` is a sentence for the moderator, `code` the guard's code. */
export class PhotoFetchError extends Error {
  readonly code: FetchCode;
  constructor(message: string, code: FetchCode) {
    super(message);
    this.name = 'PhotoFetchError';
    this.code = code;
  }
}

/** The hook: resolves to the PDQ hash, or rejects with a PhotoFetchError (or a decode error) saying why not. */
export function createUrlPhotoHasher(options: UrlPhotoOptions = {}): (url: string) => Promise<string | null> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return async (url: string) => {
    const fetched = await guardedFetch(url, {
      maxBytes,
      timeoutMs: options.timeoutMs ?? 5_000,
      maxRedirects: options.maxRedirects,
      allowHosts: options.allowedHosts,
      allowAddresses: options.allowAddresses,
      resolver: options.resolver,
    });
    if (!fetched.ok) throw new PhotoFetchError(fetched.reason, fetched.code);
    const { hash } = await hashImageBytes(fetched.bytes, { maxBytes, maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS });
    return hash;
  };
}
