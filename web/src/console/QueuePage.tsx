// The review queue: every open case in one virtualised list (only visible rows are in the DOM), filtered
// by queue, newest-priority first. Claiming happens on the case page, under the server's lock.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../lib/api.ts';
import { visibleRange } from '../lib/virtual.ts';
import { navigate } from './router.ts';
import type { CaseRow, User } from './types.ts';

const ROW_HEIGHT = 36;
const VIEWPORT = 560;

export function QueuePage({ user }: { user: User }) {
  const [queues, setQueues] = useState<{ queue: string; open: number; claimed: number }[]>([]);
  const [queue, setQueue] = useState('');
  const [cases, setCases] = useState<CaseRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [mineOnly, setMineOnly] = useState(false);

  useEffect(() => {
    void api<{ queues: typeof queues }>('GET', '/console/api/queues').then((r) => setQueues(r.queues));
  }, []);
  useEffect(() => {
    const started = performance.now();
    setCases(null);
    void api<{ total: number; cases: CaseRow[] }>('GET', `/console/api/cases?status=active&limit=20000${queue ? `&queue=${encodeURIComponent(queue)}` : ''}`).then((r) => {
      setCases(r.cases);
      setTotal(r.total);
      (window as unknown as { __queueLoadedMs?: number }).__queueLoadedMs = performance.now() - started;
    });
  }, [queue]);

  const shown = useMemo(() => (cases ?? []).filter((c) => !mineOnly || c.claimed_by === user.username), [cases, mineOnly, user.username]);

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Review queue</h1>
      <div className="toolbar">
        <label htmlFor="queue-filter">Queue</label>{' '}
        <select id="queue-filter" value={queue} onChange={(e) => setQueue(e.target.value)}>
          <option value="">All queues</option>
          {queues.map((q) => (
            <option key={q.queue} value={q.queue}>
              {q.queue} ({q.open} open, {q.claimed} claimed)
            </option>
          ))}
        </select>{' '}
        <label>
          <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} /> Only my claims
        </label>
        <span className="muted" data-testid="case-count">
          {cases ? `${shown.length} of ${total} open cases` : 'Loading…'}
        </span>
      </div>
      {cases && <CaseList cases={shown} />}
    </section>
  );
}

export function CaseList({ cases }: { cases: CaseRow[] }) {
  const [scrollTop, setScrollTop] = useState(0);
  const range = visibleRange(cases.length, ROW_HEIGHT, scrollTop, VIEWPORT);
  const rows = cases.slice(range.first, range.last + 1);
  return (
    <div className="case-list" role="table" aria-label="Open cases" aria-rowcount={cases.length + 1}>
      <div className="case-row head" role="row" aria-rowindex={1}>
        <span role="columnheader">Case</span>
        <span role="columnheader">Queue</span>
        <span role="columnheader">Stage</span>
        <span role="columnheader">Priority</span>
        <span role="columnheader">Suspect</span>
        <span role="columnheader">Claimed by</span>
      </div>
      <div className="case-scroll" style={{ height: VIEWPORT }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="case-scroll">
        <div style={{ height: range.totalHeight, position: 'relative' }}>
          <div style={{ transform: `translateY(${range.offsetTop}px)` }}>
            {rows.map((c, i) => (
              <div className="case-row" role="row" aria-rowindex={range.first + i + 2} key={c.id} style={{ height: ROW_HEIGHT }}>
                <span role="cell">
                  <a href={`/cases/${encodeURIComponent(c.id)}`} onClick={(e) => (e.preventDefault(), navigate(`/cases/${encodeURIComponent(c.id)}`))}>
                    {c.id}
                  </a>
                </span>
                <span role="cell">{c.queue}</span>
                <span role="cell">
                  <span className={`stage stage-${c.stage_max ?? 'none'}`}>{c.stage_max ?? '—'}</span>
                </span>
                <span role="cell">{c.priority}</span>
                <span role="cell">{c.suspect_account ?? '—'}</span>
                <span role="cell">{c.claimed_by ?? ''}</span>
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
