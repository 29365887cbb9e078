// The one piece of I/O in src/modules/apk: fetching the file behind an APK link, off unless a caller passes
// limits. The body is streamed and cut off at maxBytes, the whole exchange at timeoutMs, only http(s)
// is followed, and literal private/loopback addresses are refused so a message cannot point the
// scanner at internal services. (Host names that resolve to private addresses are the deployment's
// egress policy to block; we do not resolve names here.)

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  /** The fetch to use (tests inject one); the global fetch by default. */
  fetchImpl?: typeof fetch;
}

export type FetchResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

export async function fetchApkLink(url: string, limits: FetchLimits): Promise<FetchResult> {
  const fetchImpl = limits.fetchImpl ?? fetch;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: `not a URL: ${url.slice(0, 200)}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, error: `refusing ${parsed.protocol} link` };
  if (isPrivateHost(parsed.hostname)) return { ok: false, error: `refusing private or loopback address ${parsed.hostname}` };
  try {
    const response = await fetchImpl(parsed, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: 'follow' });
    if (!response.ok || !response.body) return { ok: false, error: `HTTP ${response.status}` };
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limits.maxBytes) {
      await response.body.cancel();
      return { ok: false, error: `declared ${declared} bytes, above the ${limits.maxBytes}-byte cap` };
    }
    return await readCapped(response.body, limits.maxBytes);
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, error: name === 'TimeoutError' ? `no complete answer within ${limits.timeoutMs} ms` : (error as Error).message };
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<FetchResult> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return { ok: false, error: `body passed the ${maxBytes}-byte cap` };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h.includes(':')) return h === '::1' || h === '::' || /^f[cd]/.test(h) || h.startsWith('fe80');
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}
