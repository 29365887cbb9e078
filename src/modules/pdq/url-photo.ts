// Node adapter for the detector's opt-in `hashPhotoUrl` hook: fetches a profile photo over HTTP(S) with a
// timeout and a byte cap, then decodes (pixel-capped) and hashes it. Only http and https URLs are fetched.
import { hashImageBytes } from './decode.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS } from './limits.ts';

export interface UrlPhotoOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxPixels?: number;
  /**
   * Host names photos may be fetched from (the platform's CDN). Events carry URLs chosen by users, so without
   * this list the hook could be pointed at internal services; set it in production.
   */
  allowedHosts?: string[];
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`photo is ${declared} bytes, above the ${maxBytes}-byte limit`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const step = reader ? await reader.read() : { done: true as const, value: undefined };
    if (step.done) break;
    total += step.value.length;
    if (total > maxBytes) {
      await reader?.cancel();
      throw new Error(`photo is larger than the ${maxBytes}-byte limit`);
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function createUrlPhotoHasher(options: UrlPhotoOptions = {}): (url: string) => Promise<string | null> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const doFetch = options.fetch ?? fetch;
  return async (url: string) => {
    if (!/^https?:\/\//i.test(url)) return null;
    const allowed = options.allowedHosts;
    if (allowed && !allowed.includes(new URL(url).hostname.toLowerCase())) return null;
    // With a host list, redirects are refused: they could lead off the allowed hosts.
    const redirect = allowed ? 'error' : 'follow';
    const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5_000), redirect });
    if (!response.ok) throw new Error(`fetching ${url} gave HTTP ${response.status}`);
    const bytes = await readCapped(response, maxBytes);
    const { hash } = await hashImageBytes(bytes, { maxBytes, maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS });
    return hash;
  };
}
