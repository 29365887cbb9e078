// Scheduled pulls from configured hash-exchange peers into a bank, the way HMA's curator fetches its exchanges:
// each peer has an API kind, a base URL, a target bank, an interval and a checkpoint, so a pull only asks for
// what changed since the last one. Kinds: `threatexchange` (Graph API `/threat_updates` delta feed, access
// token as a query parameter), `stopncii` (`FetchHashes` with its function and subscription keys as headers),
// and `chainbreak` (another Chainbreak instance's `jsonl` bank export, bearer key). Peers are configured by
// the operator; credentials come from configuration, never from the database.
import type { Kysely } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import { guardedFetch, type Resolver } from '../../adapters/net/guarded-fetch.ts';
import type { HashExchange } from './hash-exchange.ts';
import type { ExchangeTables } from './migration.ts';
import { parseSignals, parseStopNciiPage, parseThreatUpdatesPage, type FeedPage } from './signal-formats.ts';

export const PEER_APIS = ['threatexchange', 'stopncii', 'chainbreak'] as const;
export type PeerApi = (typeof PEER_APIS)[number];

export interface PeerCredentials {
  /** ThreatExchange access token, or a Chainbreak API key. */
  token?: string;
  /** Extra request headers (StopNCII: `x-functions-key`, `Ocp-Apim-Subscription-Key`). */
  headers?: Record<string, string>;
}

export interface PeerConfig {
  name: string;
  api: PeerApi;
  url: string;
  bank: string;
  intervalMs: number;
}

export interface PeerStatus extends PeerConfig {
  checkpoint: string | null;
  nextRunAt: number;
  lastRunAt: number | null;
  lastError: string | null;
  enabled: boolean;
}

export interface PullResult {
  peer: string;
  pages: number;
  added: number;
  duplicates: number;
  disabled: number;
  skipped: number;
  checkpoint: string | null;
  error?: string;
}

/** Fetches one page: JSON (or text for `chainbreak`). The default is the guarded fetcher (`guardedPageFetcher`). */
export type PageFetcher = (url: string, headers: Record<string, string>) => Promise<{ status: number; text: string }>;

/** How the default fetcher reaches peers (the `exchange.peerFetch` configuration). */
export interface PeerFetchOptions {
  /** Internal addresses (CIDRs, optionally `addr:port`) peers may be on; none by default. */
  allowAddresses?: readonly string[];
  /** When set, the only host names peers may be on. */
  allowHosts?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  /** Host-name resolver (tests inject one); node:dns by default. */
  resolver?: Resolver;
}

export class PeerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeerError';
  }
}

const MAX_PAGES = 200;
const MAX_PAGE_BYTES = 64 * 1024 * 1024;
const NAME_RE = /^[A-Za-z0-9_-]{1,100}$/;

export class PeerPuller {
  private readonly db: CoreDb;
  private readonly exchange: HashExchange;
  private readonly now: () => number;
  private readonly fetchPage: PageFetcher;
  private readonly credentials: Record<string, PeerCredentials>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PullResult[]> | undefined;

  constructor(options: { db: CoreDb; exchange: HashExchange; now?: () => number; fetchPage?: PageFetcher; credentials?: Record<string, PeerCredentials>; fetch?: PeerFetchOptions }) {
    this.db = options.db;
    this.exchange = options.exchange;
    this.now = options.now ?? Date.now;
    this.fetchPage = options.fetchPage ?? guardedPageFetcher(options.fetch);
    this.credentials = options.credentials ?? {};
  }

  async addPeer(config: PeerConfig): Promise<PeerStatus> {
    if (!NAME_RE.test(config.name)) throw new PeerError(`peer name "${config.name}" must be 1-100 letters, digits, _ or -`);
    if (!(PEER_APIS as readonly string[]).includes(config.api)) throw new PeerError(`peer api must be one of ${PEER_APIS.join(', ')}, got "${config.api}"`);
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new PeerError(`peer url "${config.url}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PeerError('peer url must be http(s)');
    if (url.username || url.password) throw new PeerError('put peer credentials in the configuration, not in the URL');
    if (!Number.isInteger(config.intervalMs) || config.intervalMs < 60_000) throw new PeerError('peer interval must be at least 60000 ms');
    await this.exchange.exportRecords(config.bank).catch(() => {
      throw new PeerError(`no bank named "${config.bank}" to pull into`);
    });
    const row = { api: config.api, url: url.toString().replace(/\/$/, ''), bank: config.bank, interval_ms: config.intervalMs, enabled: 1 };
    await this.db
      .insertInto('exchange_peers')
      .values({ name: config.name, ...row, checkpoint: null, next_run_at: this.now(), last_run_at: null, last_error: null })
      .onConflict((oc) => oc.column('name').doUpdateSet(row))
      .execute();
    return (await this.peer(config.name))!;
  }

  async peers(): Promise<PeerStatus[]> {
    return (await this.db.selectFrom('exchange_peers').selectAll().orderBy('name').execute()).map(fromRow);
  }

  async peer(name: string): Promise<PeerStatus | undefined> {
    const row = await this.db.selectFrom('exchange_peers').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Pulls every page the peer has since the checkpoint; a failure is recorded on the peer, not thrown. */
  async pull(name: string): Promise<PullResult> {
    const peer = await this.peer(name);
    if (!peer) throw new PeerError(`no peer named "${name}"`);
    const result: PullResult = { peer: name, pages: 0, added: 0, duplicates: 0, disabled: 0, skipped: 0, checkpoint: peer.checkpoint };
    try {
      let next: string | undefined;
      do {
        const page = await this.page(peer, result.checkpoint, next);
        const summary = await this.exchange.importRecords(peer.bank, page.records, { source: `peer:${name}`, added_by: 'peer-pull', note: `${peer.api} ${peer.url}` });
        result.pages++;
        result.added += summary.added;
        result.duplicates += summary.duplicates;
        result.disabled += summary.disabled;
        result.skipped += summary.skipped.length + page.skipped;
        next = page.next;
        // The checkpoint moves only once the feed is drained: a failure mid-way re-reads from the last good point.
        if (!next && page.checkpoint) result.checkpoint = page.checkpoint;
      } while (next && result.pages < MAX_PAGES);
      await this.db.updateTable('exchange_peers').set({ checkpoint: result.checkpoint, last_run_at: this.now(), next_run_at: this.now() + peer.intervalMs, last_error: null }).where('name', '=', name).execute();
    } catch (error) {
      result.error = (error as Error).message;
      // Retry sooner than the interval, but not in a tight loop against a peer that is down.
      const retry = Math.min(peer.intervalMs, 15 * 60_000);
      await this.db.updateTable('exchange_peers').set({ last_run_at: this.now(), next_run_at: this.now() + retry, last_error: result.error.slice(0, 1_000) }).where('name', '=', name).execute();
    }
    return result;
  }

  /** Pulls every enabled peer whose time has come. Concurrent calls share one run. */
  runDue(): Promise<PullResult[]> {
    this.running ??= (async () => {
      const due = await this.db.selectFrom('exchange_peers').select('name').where('enabled', '=', 1).where('next_run_at', '<=', this.now()).orderBy('next_run_at').execute();
      const out: PullResult[] = [];
      for (const { name } of due) out.push(await this.pull(name));
      return out;
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  start(checkEveryMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runDue().catch(() => undefined), checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async page(peer: PeerStatus, checkpoint: string | null, next: string | undefined): Promise<FeedPage> {
    const creds = this.credentials[peer.name] ?? {};
    const headers: Record<string, string> = { ...(creds.headers ?? {}) };
    let url: string;
    if (peer.api === 'threatexchange') {
      if (next) url = sameOrigin(peer.url, next);
      else {
        const u = new URL(`${peer.url}/threat_updates/`);
        u.searchParams.set('start_time', checkpoint ?? '0');
        u.searchParams.set('types', 'HASH_PDQ,HASH_MD5,HASH_VIDEO_MD5');
        u.searchParams.set('limit', '500');
        u.searchParams.set('fields', 'id,indicator,type,last_updated,should_delete,tags,status');
        if (creds.token) u.searchParams.set('access_token', creds.token);
        url = u.toString();
      }
    } else if (peer.api === 'stopncii') {
      const u = new URL(`${peer.url}/FetchHashes`);
      u.searchParams.set('startTimestamp', checkpoint ?? '10');
      if (next) u.searchParams.set('nextPageToken', next);
      url = u.toString();
    } else {
      url = peer.url;
      if (creds.token) headers.authorization = `Bearer ${creds.token}`;
    }
    const answer = await this.fetchPage(url, headers);
    if (answer.status < 200 || answer.status > 299) throw new PeerError(`${peer.name} answered HTTP ${answer.status} for ${redact(url)}`);
    if (peer.api === 'chainbreak') {
      const parsed = parseSignals(answer.text, 'jsonl');
      if (parsed.errors.length) throw new PeerError(`${peer.name} sent a bad list: line ${parsed.errors[0].line}: ${parsed.errors[0].message}`);
      return { records: parsed.records, skipped: parsed.skipped.length };
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch (error) {
      throw new PeerError(`${peer.name} did not answer JSON: ${(error as Error).message}`);
    }
    try {
      return peer.api === 'threatexchange' ? parseThreatUpdatesPage(body) : parseStopNciiPage(body);
    } catch (error) {
      throw new PeerError(`${peer.name}: ${(error as Error).message}`);
    }
  }
}

/** A next-page URL must stay on the configured peer: a feed cannot send the puller (and its token) elsewhere. */
function sameOrigin(base: string, next: string): string {
  const b = new URL(base);
  const n = new URL(next, base);
  if (n.origin !== b.origin) throw new PeerError(`the peer's next-page link points to ${n.origin}, not to the configured ${b.origin}`);
  return n.toString();
}

function redact(url: string): string {
  return url.replace(/(access_token=)[^&]+/, '$1…');
}

/**
 * Peer URLs are typed in by operators, but a peer URL is still a server-side fetch: a mistyped or copied one must
 * not reach the metadata service or the private network, and a feed's answer must not redirect the puller (with
 * its credentials) elsewhere. So pulls go through the guarded fetcher, which vets every resolved address, pins the
 * connection to it and caps time and size; no redirect is followed (peers' feeds have fixed URLs).
 */
export function guardedPageFetcher(options: PeerFetchOptions = {}): PageFetcher {
  const maxBytes = options.maxBytes ?? MAX_PAGE_BYTES;
  return async (url, headers) => {
    const fetched = await guardedFetch(url, { headers, maxRedirects: 0, maxBytes, timeoutMs: options.timeoutMs ?? 60_000, allowAddresses: options.allowAddresses, allowHosts: options.allowHosts, resolver: options.resolver });
    if (fetched.ok) return { status: fetched.status, text: Buffer.from(fetched.bytes).toString('utf8') };
    // An HTTP error status is the peer's answer; everything else (refused address, timeout, size) is a fetch error.
    const status = fetched.code === 'http_error' ? /HTTP (\d{3})/.exec(fetched.reason)?.[1] : undefined;
    if (status) return { status: Number(status), text: '' };
    throw new PeerError(`${fetched.code}: ${redact(fetched.reason)}`);
  };
}

function fromRow(row: ExchangeTables['exchange_peers']): PeerStatus {
  return {
    name: row.name,
    api: row.api as PeerApi,
    url: row.url,
    bank: row.bank,
    intervalMs: Number(row.interval_ms),
    checkpoint: row.checkpoint ?? null,
    nextRunAt: Number(row.next_run_at),
    lastRunAt: row.last_run_at == null ? null : Number(row.last_run_at),
    lastError: row.last_error ?? null,
    enabled: Number(row.enabled) === 1,
  };
}
