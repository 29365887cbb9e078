// Splits a message into plain and highlighted segments from stage marks (UTF-16 ranges, end exclusive),
// so the console can show the exact words that moved a conversation to a stage. Overlapping marks are
// merged into one segment that lists every stage it belongs to.

export interface Mark {
  stage: string;
  start: number;
  end: number;
  message?: string;
  kind?: string;
}

export interface Segment {
  text: string;
  start: number;
  end: number;
  /** Empty for plain text. */
  stages: string[];
  messages: string[];
}

export function segmentText(text: string, marks: readonly Mark[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  const valid = marks.filter((m) => m.start < m.end && m.start < text.length && m.end > 0);
  for (const m of valid) {
    cuts.add(Math.max(0, m.start));
    cuts.add(Math.min(text.length, m.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (start === end) continue;
    const covering = valid.filter((m) => m.start <= start && m.end >= end);
    const stages = [...new Set(covering.map((m) => m.stage))];
    const messages = [...new Set(covering.map((m) => m.message).filter((x): x is string => !!x))];
    const previous = segments.at(-1);
    // Adjacent segments with the same stages read as one highlight.
    if (previous && previous.stages.join() === stages.join() && previous.messages.join() === messages.join()) {
      previous.text += text.slice(start, end);
      previous.end = end;
    } else segments.push({ text: text.slice(start, end), start, end, stages, messages });
  }
  return segments;
}

/** "3 h 12 min", "45 s": how long a stage took after the previous one. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
