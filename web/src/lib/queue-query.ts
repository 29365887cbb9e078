// The queue's query string and its time formatting, kept apart from React so they are unit-tested.
export interface QueueQuery {
  q?: string;
  queue?: string;
  stage?: string;
  status?: 'active' | 'open' | 'claimed' | 'closed';
  assignee?: string;
  language?: string;
  ring?: string;
  sort?: 'priority' | 'risk' | 'age' | 'stage' | 'sla';
  reverse?: boolean;
  offset?: number;
}

export function queueUrl(path: string, query: QueueQuery, limit: number): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'queue', 'stage', 'status', 'assignee', 'language', 'ring', 'sort'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.reverse) params.set('reverse', 'true');
  params.set('limit', String(limit));
  params.set('offset', String(query.offset ?? 0));
  return `${path}?${params}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number): string {
  if (ms < HOUR) return `${Math.max(0, Math.floor(ms / MINUTE))} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${Math.floor((ms % HOUR) / MINUTE)} min`;
  return `${Math.floor(ms / DAY)} d ${Math.floor((ms % DAY) / HOUR)} h`;
}

/** "3 h 5 min" since the case was opened. */
export function formatAge(createdAt: number, now: number): string {
  return span(now - createdAt);
}

/** Time left before the SLA deadline, or how long it has been overdue. */
export function formatSla(dueAt: number, now: number): { text: string; overdue: boolean } {
  const left = dueAt - now;
  return left >= 0 ? { text: `${span(left)} left`, overdue: false } : { text: `overdue ${span(-left)}`, overdue: true };
}
