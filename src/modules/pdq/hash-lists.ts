// Reading and writing the hash-list formats other tools exchange:
// - plain: one PDQ hash per line. Also accepted on input: `pdq <hash>` (python-threatexchange's file
//   exchange), `hash,quality,path` (the reference hasher's output), blank lines and `#` comments.
// - te-csv: the CSV that `threatexchange dataset --csv` prints, header
//   `signal_type,signal_str,collab,category,tags`; only `pdq` rows are read.
// Browser-safe: no Node APIs.
import { isPdqHash } from './hash256.ts';

export const LIST_FORMATS = ['plain', 'te-csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export const TE_CSV_HEADER = ['signal_type', 'signal_str', 'collab', 'category', 'tags'] as const;

export interface ListEntry {
  hash: string;
  quality?: number;
  /** Extra facts from the source row (collab, category, tags) kept as the entry's note. */
  note?: string;
}

export interface ParsedList {
  entries: ListEntry[];
  /** Rows read but not imported, with the reason (other signal types, negative opinions). */
  skipped: { line: number; reason: string }[];
  errors: { line: number; message: string }[];
}

export class HashListError extends Error {
  readonly errors: { line: number; message: string }[];
  constructor(errors: { line: number; message: string }[]) {
    const shown = errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`).join('; ');
    super(`hash list has ${errors.length} bad line(s): ${shown}${errors.length > 5 ? '; …' : ''}`);
    this.name = 'HashListError';
    this.errors = errors;
  }
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

export function parsePlainList(text: string): ParsedList {
  const result: ParsedList = { entries: [], skipped: [], errors: [] };
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(',');
    let hash = fields[0].trim();
    if (/^pdq\s+/i.test(hash)) hash = hash.replace(/^pdq\s+/i, '');
    if (!isPdqHash(hash)) {
      result.errors.push({ line: i + 1, message: `not a PDQ hash: "${line.slice(0, 80)}"` });
      return;
    }
    const quality = fields.length > 1 && /^\d{1,3}$/.test(fields[1].trim()) ? Number(fields[1]) : undefined;
    result.entries.push({ hash: hash.toLowerCase(), ...(quality !== undefined && quality <= 100 ? { quality } : {}) });
  });
  return result;
}

/** Splits one CSV record (RFC 4180 quoting; records do not span lines in these files). */
export function parseCsvRow(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function parseTeCsv(text: string): ParsedList {
  const result: ParsedList = { entries: [], skipped: [], errors: [] };
  const lines = splitLines(text);
  const header = parseCsvRow(lines[0] ?? '').map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  if (col('signal_type') < 0 || col('signal_str') < 0) {
    result.errors.push({ line: 1, message: `header must name signal_type and signal_str columns, got "${lines[0] ?? ''}"` });
    return result;
  }
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const row = parseCsvRow(lines[i]);
    const at = (name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');
    const type = at('signal_type').toLowerCase();
    if (type !== 'pdq') {
      result.skipped.push({ line: i + 1, reason: `signal type "${type}" is not pdq` });
      continue;
    }
    const category = at('category');
    if (category && category !== 'POSITIVE_CLASS') {
      result.skipped.push({ line: i + 1, reason: `category ${category} is not a positive match` });
      continue;
    }
    const hash = at('signal_str');
    if (!isPdqHash(hash)) {
      result.errors.push({ line: i + 1, message: `not a PDQ hash: "${hash.slice(0, 80)}"` });
      continue;
    }
    const facts = [['collab', at('collab')], ['tags', at('tags')]].filter(([, v]) => v).map(([k, v]) => `${k}=${v}`);
    result.entries.push({ hash: hash.toLowerCase(), ...(facts.length ? { note: facts.join('; ') } : {}) });
  }
  return result;
}

export function parseHashList(text: string, format: ListFormat): ParsedList {
  return format === 'te-csv' ? parseTeCsv(text) : parsePlainList(text);
}

export interface ExportRow {
  hash: string;
  source: string;
}

export function formatHashList(bank: string, rows: ExportRow[], format: ListFormat): string {
  if (format === 'plain') return rows.map((r) => `${r.hash}\n`).join('');
  const lines = [TE_CSV_HEADER.join(',')];
  for (const r of rows) {
    const tag = r.source.replace(/[^A-Za-z0-9_:.-]+/g, '_');
    lines.push(['pdq', r.hash, bank, 'POSITIVE_CLASS', tag].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
