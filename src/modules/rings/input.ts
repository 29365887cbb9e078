// Reads link lines `{"account": "...", "type": "...", "value": "..."}` (JSONL), validating and normalising each
// one; a bad line yields an error naming the line and the problem, and reading goes on.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { IdentifierType } from '../../core/signals.ts';
import type { LinkStrength } from './graph.ts';
import { isIdentifierType, normaliseIdentifier } from '../../core/identifiers/normalise.ts';

export interface LinkInput {
  account: string;
  type: IdentifierType;
  /** Normalised. */
  value: string;
  strength?: LinkStrength;
  source?: string;
  eventId?: string;
  /** Epoch milliseconds. */
  time?: number;
  /** A victim who reported paying into (or being asked to pay into) this identifier. */
  victim?: string;
  /** The value as it was written, when normalising changed it (provenance: "BDO-01640177123"). */
  original?: string;
}

export type ParsedLine = { ok: true; link: LinkInput } | { ok: false; error: string };

const MAX_ACCOUNT_LENGTH = 200;

export function parseLinkObject(raw: unknown): ParsedLine {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('a link must be a JSON object');
  const o = raw as Record<string, unknown>;
  if (typeof o.account !== 'string' || o.account.trim() === '') return bad('"account" is missing or not a non-empty string');
  if (o.account.length > MAX_ACCOUNT_LENGTH) return bad(`"account" is longer than ${MAX_ACCOUNT_LENGTH} characters`);
  if (!isIdentifierType(o.type)) return bad(`"type" ${JSON.stringify(o.type)} is not an identifier type`);
  const normalised = normaliseIdentifier(o.type, o.value);
  if (!normalised.ok) return bad(normalised.error);
  if (o.strength !== undefined && o.strength !== 'strong' && o.strength !== 'weak') return bad('"strength" must be "strong" or "weak"');
  const time = parseTime(o.time);
  if (time === null) return bad('"time" must be an ISO 8601 date-time or epoch milliseconds');
  for (const field of ['source', 'event_id', 'victim'] as const) {
    if (o[field] !== undefined && typeof o[field] !== 'string') return bad(`"${field}" must be a string`);
  }
  // A payment account that is really a crypto address or a phone number is filed under that type, so it meets the
  // same identifier written elsewhere; a value that can collide between strangers is evidence, not a link.
  const link: LinkInput = { account: o.account.trim(), type: normalised.type ?? o.type, value: normalised.value };
  if (o.strength !== undefined) link.strength = o.strength;
  else if (normalised.weak) link.strength = 'weak';
  if (typeof o.value === 'string' && o.value.trim() !== normalised.value) link.original = o.value;
  if (o.source !== undefined) link.source = o.source as string;
  if (o.event_id !== undefined) link.eventId = o.event_id as string;
  if (time !== undefined) link.time = time;
  if (o.victim !== undefined) link.victim = o.victim as string;
  return { ok: true, link };
}

function bad(error: string): ParsedLine {
  return { ok: false, error };
}

function parseTime(raw: unknown): number | undefined | null {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

export function parseLinkLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return bad(`not JSON (${(error as Error).message})`);
  }
  return parseLinkObject(raw);
}

export interface ReadSummary {
  lines: number;
  accepted: number;
  failed: number;
}

/** Streams a JSONL file (or stdin for `-`), calling `onLink` per good line and `onError` per bad one. */
export async function readLinkFile(
  path: string,
  onLink: (link: LinkInput) => void,
  onError: (lineNumber: number, error: string) => void,
): Promise<ReadSummary> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const summary: ReadSummary = { lines: 0, accepted: 0, failed: 0 };
  for await (const line of lines) {
    summary.lines++;
    if (line.trim() === '') continue;
    const parsed = parseLinkLine(line);
    if (parsed.ok) {
      onLink(parsed.link);
      summary.accepted++;
    } else {
      onError(summary.lines, parsed.error);
      summary.failed++;
    }
  }
  return summary;
}
