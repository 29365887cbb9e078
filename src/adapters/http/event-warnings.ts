// Warnings about an accepted event that an integrator should see in the answer rather than discover in the
// decisions. Fields the event model does not know are dropped, not refused (platforms add fields of their own),
// but a misspelt optional field (`attachment` for `attachments`) would otherwise vanish without a word. An event time far from the server's clock is stored and decided as sent (a platform may backfill
// history, and rejecting it would lose evidence), but stage timing ("threat 3 minutes after first contact") and
// account age are computed from it, so a wrong clock or time zone quietly changes every decision after it.

export interface EventWarning {
  code: 'time_in_future' | 'time_far_past' | 'unknown_field' | 'duplicate_in_batch';
  path: string;
  message: string;
}

/** Clocks of well-run platforms agree within seconds; 15 minutes leaves room for queues and bad NTP. */
export const FUTURE_TOLERANCE_MS = 15 * 60_000;
/**
 * Backfills of recent history are normal. The usual mistakes are far bigger than a year (epoch seconds read as
 * milliseconds lands in 1970, a two-digit year in the 1920s) or exactly one (the old year kept after New Year).
 */
export const PAST_TOLERANCE_MS = 366 * 24 * 60 * 60_000;

export function timeWarnings(event: { time: string }, now: number, path: string): EventWarning[] {
  const time = Date.parse(event.time);
  if (!Number.isFinite(time)) return [];
  if (time - now > FUTURE_TOLERANCE_MS) {
    return [{ code: 'time_in_future', path, message: `the event time is ${span(time - now)} ahead of the server clock; it was accepted, but stage timing and account age are computed from it (check the sender's clock and time zone)` }];
  }
  if (now - time > PAST_TOLERANCE_MS) {
    return [{ code: 'time_far_past', path, message: `the event time is ${span(now - time)} before the server clock; it was accepted and decided as of that time (if this is not a backfill, check the year and the time zone)` }];
  }
  return [];
}

function span(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 120) return `${Math.round(minutes)} minutes`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours)} hours`;
  const days = hours / 24;
  return days < 730 ? `${Math.round(days)} days` : `${Math.round(days / 365.25)} years`;
}

/**
 * One warning per field of `raw` that validation dropped (`parsed` lacks it), at any depth, with its path.
 * Fields validation added (defaults) are not reported.
 */
export function unknownFieldWarnings(raw: unknown, parsed: unknown, path: string, limit = 20): EventWarning[] {
  const found: string[] = [];
  collectDropped(raw, parsed, path, found, limit);
  return found.map((field) => ({ code: 'unknown_field', path: field, message: `"${field.split('.').pop()}" is not a field of this event type and was ignored (check its spelling against the event schema)` }));
}

function collectDropped(raw: unknown, parsed: unknown, path: string, found: string[], limit: number): void {
  if (found.length >= limit || !isObject(raw) || !isObject(parsed)) return;
  // Paths are built only for what is reported or descended into: most fields are primitives that were kept, and a
  // string per field of every event in a 500-event batch was a measurable share of the batch route's allocation.
  if (Array.isArray(raw)) {
    if (!Array.isArray(parsed)) return;
    for (let i = 0; i < raw.length; i++) if (isObject(raw[i])) collectDropped(raw[i], parsed[i], `${path}.${i}`, found, limit);
    return;
  }
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    if (found.length >= limit) return;
    if (!Object.hasOwn(parsed, key)) found.push(`${path}.${key}`);
    else {
      const value = (raw as Record<string, unknown>)[key];
      if (isObject(value)) collectDropped(value, (parsed as Record<string, unknown>)[key], `${path}.${key}`, found, limit);
    }
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
