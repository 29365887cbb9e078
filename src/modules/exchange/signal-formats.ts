// The hash-list formats banks are exchanged in, read and written without I/O:
// - `jsonl`: one signal per line with everything Chainbreak knows (type, hash, PDQ quality, category, tags,
//   collab, provenance); the round-trip format between two Chainbreak instances.
// - `te-csv`: python-threatexchange's dataset CSV, header `signal_type,signal_str,collab,category,tags`
//   (tags space-separated), now with `video_md5` rows next to `pdq`.
// - `signal-file`: python-threatexchange's file exchange (`LocalFileSignalExchangeAPI`), `<signal_type> <hash>`
//   per line — what an HMA instance configured with a file exchange reads.
// And the two delta feeds a peer pull reads: ThreatExchange's Graph API `/threat_updates` pages and StopNCII's
// `FetchHashes` pages.
import { parseCsvRow } from '../pdq/hash-lists.ts';

export const SIGNAL_TYPES = ['pdq', 'video_md5'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];
export const CATEGORIES = ['POSITIVE_CLASS', 'NEGATIVE_CLASS', 'INVESTIGATION_SEED'] as const;
export type Category = (typeof CATEGORIES)[number];
export const EXCHANGE_FORMATS = ['jsonl', 'te-csv', 'signal-file'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

export interface SignalRecord {
  signal_type: SignalType;
  /** Lowercase hex: 64 digits for pdq, 32 for video_md5. */
  signal: string;
  quality?: number;
  category?: Category;
  tags?: string[];
  collab?: string;
  /** The source exchange's id for the record, so later updates and deletes find it. */
  external_id?: string;
  /** A tombstone: the source withdrew the hash; the entry is disabled (never deleted). */
  deleted?: boolean;
  /** Provenance as exported (jsonl only). */
  source?: string;
  added_at?: string;
}

export interface ParsedSignals {
  records: SignalRecord[];
  skipped: { line: number; reason: string }[];
  errors: { line: number; message: string }[];
}

const HEX = { pdq: /^[0-9a-f]{64}$/, video_md5: /^[0-9a-f]{32}$/ } as const;
const TAG_RE = /^[A-Za-z0-9_:.\-]{1,100}$/;

export function isSignal(type: SignalType, value: string): boolean {
  return HEX[type].test(value);
}

function signalType(raw: string): SignalType | undefined {
  const t = raw.trim().toLowerCase();
  if (t === 'pdq' || t === 'hash_pdq') return 'pdq';
  if (t === 'video_md5' || t === 'hash_video_md5' || t === 'md5') return 'video_md5';
  return undefined;
}

/** Checks one record; returns an error message or undefined. Normalises case in place. */
export function checkRecord(r: SignalRecord): string | undefined {
  if (!r || typeof r !== 'object') return 'a record must be an object';
  const type = signalType(String(r.signal_type ?? ''));
  if (!type) return `signal_type "${String(r.signal_type).slice(0, 40)}" is not pdq or video_md5`;
  r.signal_type = type;
  if (typeof r.signal !== 'string') return 'signal must be a string';
  r.signal = r.signal.trim().toLowerCase();
  if (!isSignal(type, r.signal)) return `not a ${type} hash (${type === 'pdq' ? 64 : 32} hex digits): "${r.signal.slice(0, 80)}"`;
  if (r.quality !== undefined && (type !== 'pdq' || !Number.isInteger(r.quality) || r.quality < 0 || r.quality > 100)) return `quality ${r.quality} must be an integer 0-100 on a pdq signal`;
  if (r.category !== undefined && !(CATEGORIES as readonly string[]).includes(r.category)) return `category "${r.category}" is not one of ${CATEGORIES.join(', ')}`;
  if (r.tags !== undefined && (!Array.isArray(r.tags) || r.tags.length > 50 || r.tags.some((t) => typeof t !== 'string' || !TAG_RE.test(t)))) return 'tags must be at most 50 words of letters, digits, _ : . -';
  for (const field of ['collab', 'external_id', 'source', 'added_at'] as const) {
    if (r[field] !== undefined && (typeof r[field] !== 'string' || r[field]!.length > 200)) return `${field} must be a string of at most 200 characters`;
  }
  return undefined;
}

export function parseSignals(text: string, format: ExchangeFormat): ParsedSignals {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: ParsedSignals = { records: [], skipped: [], errors: [] };
  const accept = (line: number, r: SignalRecord) => {
    const problem = checkRecord(r);
    if (problem) out.errors.push({ line, message: problem });
    else out.records.push(r);
  };
  if (format === 'jsonl') {
    lines.forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        out.errors.push({ line: i + 1, message: `not JSON (${(error as Error).message})` });
        return;
      }
      const o = value as Record<string, unknown>;
      if (o && typeof o === 'object' && 'format' in o && !('signal' in o)) return; // header line
      accept(i + 1, { ...(o as unknown as SignalRecord) });
    });
  } else if (format === 'signal-file') {
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [type, hash, ...rest] = line.split(/\s+/);
      if (rest.length || !hash) out.errors.push({ line: i + 1, message: `expected "<signal_type> <hash>", got "${line.slice(0, 80)}"` });
      else accept(i + 1, { signal_type: type as SignalType, signal: hash });
    });
  } else {
    const header = parseCsvRow(lines[0] ?? '').map((h) => h.trim());
    const col = (name: string) => header.indexOf(name);
    if (col('signal_type') < 0 || col('signal_str') < 0) {
      out.errors.push({ line: 1, message: `header must name signal_type and signal_str columns, got "${(lines[0] ?? '').slice(0, 120)}"` });
      return out;
    }
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      const row = parseCsvRow(lines[i]);
      const at = (name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');
      const type = signalType(at('signal_type'));
      if (!type) {
        out.skipped.push({ line: i + 1, reason: `signal type "${at('signal_type')}" is not pdq or video_md5` });
        continue;
      }
      const tags = at('tags').split(/[\s;]+/).filter(Boolean);
      const quality = at('quality');
      accept(i + 1, {
        signal_type: type,
        signal: at('signal_str'),
        ...(at('category') ? { category: at('category') as Category } : {}),
        ...(tags.length ? { tags } : {}),
        ...(at('collab') ? { collab: at('collab') } : {}),
        ...(/^\d{1,3}$/.test(quality) ? { quality: Number(quality) } : {}),
      });
    }
  }
  return out;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatSignals(bank: string, records: readonly SignalRecord[], format: ExchangeFormat): string {
  if (format === 'signal-file') return records.map((r) => `${r.signal_type} ${r.signal}\n`).join('');
  if (format === 'te-csv') {
    const rows = records.map((r) => [r.signal_type, r.signal, r.collab ?? bank, r.category ?? 'POSITIVE_CLASS', (r.tags ?? []).join(' ')].map(csvField).join(','));
    return `${['signal_type,signal_str,collab,category,tags', ...rows].join('\n')}\n`;
  }
  const header = JSON.stringify({ format: 'chainbreak.hash-list', version: 1, bank, count: records.length });
  return `${[header, ...records.map((r) => JSON.stringify(r))].join('\n')}\n`;
}

export interface FeedPage {
  records: SignalRecord[];
  skipped: number;
  /** Where the next page starts (a URL, a page token); absent when the feed is drained. */
  next?: string;
  /** What to store as the checkpoint once the page is applied. */
  checkpoint?: string;
}

/**
 * One page of ThreatExchange `/threat_updates`: `{data: [{id, indicator, type, last_updated, should_delete, tags,
 * status}], paging: {next}}`. HASH_MD5 counts as video only with the `media_type_video` tag, as
 * python-threatexchange reads it.
 */
export function parseThreatUpdatesPage(body: unknown): FeedPage {
  const o = body as { data?: unknown; paging?: { next?: unknown } };
  if (!o || typeof o !== 'object' || !Array.isArray(o.data)) throw new Error('not a /threat_updates page: no "data" list');
  const page: FeedPage = { records: [], skipped: 0 };
  let latest = 0;
  for (const item of o.data as Record<string, unknown>[]) {
    const tags = tagList(item?.tags);
    const rawType = String(item?.type ?? '');
    const type = rawType === 'HASH_PDQ' ? 'pdq' : rawType === 'HASH_VIDEO_MD5' || (rawType === 'HASH_MD5' && tags.includes('media_type_video')) ? 'video_md5' : undefined;
    const record: SignalRecord | undefined = type && typeof item.indicator === 'string'
      ? {
          signal_type: type,
          signal: item.indicator,
          external_id: String(item.id ?? ''),
          deleted: item.should_delete === true,
          category: item.status === 'NON_MALICIOUS' ? 'NEGATIVE_CLASS' : 'POSITIVE_CLASS',
          tags: tags.filter((t) => TAG_RE.test(t)).slice(0, 50),
        }
      : undefined;
    if (!record || checkRecord(record)) {
      page.skipped++;
      continue;
    }
    page.records.push(record);
    latest = Math.max(latest, Number(item.last_updated) || 0);
  }
  if (typeof o.paging?.next === 'string') page.next = o.paging.next;
  if (latest) page.checkpoint = String(latest);
  return page;
}

/** One page of StopNCII `FetchHashes`: `{count, hashRecords, nextPageToken, nextSetTimestamp, hasMoreRecords}`. */
export function parseStopNciiPage(body: unknown): FeedPage {
  const o = body as { hashRecords?: unknown; nextPageToken?: unknown; nextSetTimestamp?: unknown; hasMoreRecords?: unknown };
  if (!o || typeof o !== 'object' || !Array.isArray(o.hashRecords)) throw new Error('not a StopNCII FetchHashes page: no "hashRecords" list');
  const page: FeedPage = { records: [], skipped: 0 };
  for (const item of o.hashRecords as Record<string, unknown>[]) {
    const type = item?.signalType === 'ImagePDQ' ? 'pdq' : item?.signalType === 'VideoMD5' ? 'video_md5' : undefined;
    const status = String(item?.hashStatus ?? '');
    const record: SignalRecord | undefined = type && typeof item.hashValue === 'string'
      ? { signal_type: type, signal: item.hashValue, external_id: `stopncii:${item.hashValue}`.slice(0, 200), deleted: status === 'Withdrawn' || status === 'Deleted', category: 'POSITIVE_CLASS', tags: ['stopncii', 'ncii'] }
      : undefined;
    if (!record || checkRecord(record)) {
      page.skipped++;
      continue;
    }
    page.records.push(record);
  }
  if (o.hasMoreRecords === true && typeof o.nextPageToken === 'string') page.next = o.nextPageToken;
  if (Number.isFinite(Number(o.nextSetTimestamp))) page.checkpoint = String(o.nextSetTimestamp);
  return page;
}

function tagList(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((t) => (typeof t === 'string' ? t : String((t as { text?: unknown })?.text ?? ''))).filter(Boolean);
  const data = (raw as { data?: unknown })?.data;
  return Array.isArray(data) ? tagList(data) : [];
}
