// The review queue for a working day: the server pages, searches, sorts and filters (a page is 50 rows
// whatever the queue's size), cases can be grouped by suspect or ring, selected and closed in bulk with
// a reason, and driven from the keyboard (press ? for the shortcuts).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { formatAge, formatSla, queueUrl, type QueueQuery } from '../lib/queue-query.ts';
import { ShortcutHelp, useShortcuts } from './Shortcuts.tsx';
import { navigate } from './router.ts';
import type { User } from './types.ts';
import type { QueueCase, CaseGroup } from '../../../src/modules/console/queue-search.ts';

const PAGE = 50;
const STAGES = ['first_contact', 'escalation', 'offplatform', 'app_lure', 'threat', 'payment'];
export const QUEUE_SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous case in the list'],
  ['Enter', 'open the highlighted case'],
  ['x', 'select or unselect the highlighted case'],
  ['/', 'search'],
  ['[ / ]', 'previous / next page'],
  ['g', 'switch grouping (cases, by suspect, by ring)'],
  ['?', 'show or hide this help'],
];
/** The case page reads this list to open the next case with `n`. */
export const QUEUE_ORDER_KEY = 'chainbreak.queue-order';

export function QueuePage({ user }: { user: User }) {
  const canAct = user.role === 'moderator' || user.role === 'admin';
  // Other pages link here with ?q= or ?ring= (a victim report's identifier or ring).
  const [query, setQuery] = useState<QueueQuery>(() => {
    const params = new URLSearchParams(window.location.search);
    return { status: 'active', sort: 'priority', offset: 0, q: params.get('q') ?? undefined, ring: params.get('ring') ?? undefined };
  });
  const [queues, setQueues] = useState<{ queue: string; open: number; claimed: number }[]>([]);
  const [data, setData] = useState<{ total: number; cases: QueueCase[] } | null>(null);
  const [groups, setGroups] = useState<{ total: number; groups: CaseGroup[] } | null>(null);
  const [groupBy, setGroupBy] = useState<'none' | 'suspect' | 'ring'>('none');
  const [error, setError] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api<{ queues: typeof queues }>('GET', '/console/api/queues').then((r) => setQueues(r.queues)).catch(() => undefined);
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const load = useCallback(async () => {
    setError(null);
    const started = performance.now();
    try {
      if (groupBy === 'none') {
        const result = await api<{ total: number; cases: QueueCase[] }>('GET', queueUrl('/console/api/cases', query, PAGE));
        setData(result);
        sessionStorage.setItem(QUEUE_ORDER_KEY, JSON.stringify(result.cases.map((c) => c.id)));
      } else setGroups(await api<{ total: number; groups: CaseGroup[] }>('GET', `${queueUrl('/console/api/case-groups', query, PAGE)}&by=${groupBy}`));
      (window as unknown as { __queueLoadedMs?: number }).__queueLoadedMs = performance.now() - started;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'the queue could not be loaded');
    }
  }, [query, groupBy]);
  useEffect(() => {
    setCursor(0);
    void load();
  }, [load]);

  const cases = data?.cases ?? [];
  const update = (patch: Partial<QueueQuery>) => setQuery((q) => ({ ...q, offset: 0, ...patch }));
  const page = (delta: number) =>
    setQuery((q) => {
      const total = (groupBy === 'none' ? data?.total : groups?.total) ?? 0;
      const offset = Math.max(0, Math.min((q.offset ?? 0) + delta * PAGE, Math.max(0, total - 1)));
      return { ...q, offset: offset - (offset % PAGE) };
    });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useShortcuts({
    '?': () => setHelp((h) => !h),
    Escape: () => setHelp(false),
    '/': () => searchRef.current?.focus(),
    j: () => setCursor((c) => Math.min(c + 1, Math.max(0, cases.length - 1))),
    k: () => setCursor((c) => Math.max(0, c - 1)),
    Enter: () => cases[cursor] && navigate(`/cases/${encodeURIComponent(cases[cursor].id)}`),
    x: () => cases[cursor] && canAct && toggle(cases[cursor].id),
    ']': () => page(1),
    '[': () => page(-1),
    g: () => setGroupBy((g) => (g === 'none' ? 'suspect' : g === 'suspect' ? 'ring' : 'none')),
  });

  async function bulk(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    try {
      const result = await api<{ done: string[]; skipped: { id: string; problem: string }[] }>('POST', '/console/api/cases/bulk', {
        ids: [...selected],
        action: submitter?.value === 'release' ? 'release' : 'close',
        verdict: String(form.get('bulk-verdict')),
        reason: String(form.get('bulk-reason') ?? ''),
      });
      setNotice(`${result.done.length} cases ${submitter?.value === 'release' ? 'released' : 'closed'}${result.skipped.length ? `; skipped ${result.skipped.map((s) => `${s.id} (${s.problem})`).join(', ')}` : ''}.`);
      setSelected(new Set());
      await load();
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : 'bulk action failed');
    }
  }

  const filtered = !!(query.q || query.queue || query.stage || query.assignee || query.language || query.ring || (query.status && query.status !== 'active'));
  const total = groupBy === 'none' ? (data?.total ?? 0) : (groups?.total ?? 0);
  const offset = query.offset ?? 0;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Review queue</h1>
      <form className="toolbar filters" role="search" onSubmit={(e) => (e.preventDefault(), update({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim() || undefined }))}>
        <label htmlFor="queue-search">Search</label>
        <input id="queue-search" name="q" ref={searchRef} type="search" placeholder="account, handle, phone, payment id or words" defaultValue={query.q} size={34} />
        <button type="submit">Search</button>
        <Select id="queue-filter" label="Queue" value={query.queue} onChange={(v) => update({ queue: v })} options={queues.map((q) => [q.queue, `${q.queue} (${q.open} open, ${q.claimed} claimed)`])} all="All queues" />
        <Select id="stage-filter" label="Stage" value={query.stage} onChange={(v) => update({ stage: v })} options={STAGES.map((s) => [s, s])} all="Any stage" />
        <Select id="status-filter" label="Status" value={query.status} onChange={(v) => update({ status: (v as QueueQuery['status']) ?? 'active' })} options={[['active', 'open or claimed'], ['open', 'open'], ['claimed', 'claimed'], ['closed', 'closed']]} />
        <Select id="assignee-filter" label="Assignee" value={query.assignee} onChange={(v) => update({ assignee: v })} options={[[user.username, 'me'], ['none', 'nobody']]} all="Anyone" />
        <span className="field">
          <label htmlFor="language-filter">Language</label>
          <input id="language-filter" size={4} defaultValue={query.language} placeholder="en" onBlur={(e) => update({ language: e.target.value.trim() || undefined })} />
        </span>
        <span className="field">
          <label htmlFor="ring-filter">Ring</label>
          <input id="ring-filter" size={12} defaultValue={query.ring} placeholder="ring_…" onBlur={(e) => update({ ring: e.target.value.trim() || undefined })} />
        </span>
        <Select id="sort" label="Sort" value={query.sort} onChange={(v) => update({ sort: (v as QueueQuery['sort']) ?? 'priority' })} options={[['priority', 'priority'], ['risk', 'suspect risk'], ['age', 'oldest first'], ['stage', 'furthest stage'], ['sla', 'SLA due first']]} />
        <label>
          <input type="checkbox" checked={!!query.reverse} onChange={(e) => update({ reverse: e.target.checked })} /> reverse
        </label>
        <Select id="group-by" label="Group" value={groupBy} onChange={(v) => setGroupBy((v as typeof groupBy) ?? 'none')} options={[['none', 'cases'], ['suspect', 'by suspect'], ['ring', 'by ring']]} />
        <button type="button" className="link" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Keyboard shortcuts
        </button>
      </form>
      <p className="muted" data-testid="case-count" aria-live="polite">
        {error ? '' : total ? `${offset + 1}–${Math.min(offset + PAGE, total)} of ${total} ${groupBy === 'none' ? (query.status === 'closed' ? 'closed cases' : 'open cases') : 'groups'}` : data || groups ? `0 ${filtered ? 'matching' : 'open'} cases` : 'Loading…'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error} <button type="button" onClick={() => void load()}>Try again</button>
        </p>
      )}
      {notice && <p role="status" className="ok" data-testid="queue-notice">{notice}</p>}
      {canAct && selected.size > 0 && (
        <form className="card bulk" onSubmit={(e) => void bulk(e)} aria-label="Bulk action">
          <strong>{selected.size} selected</strong>{' '}
          <label htmlFor="bulk-verdict">Verdict</label>{' '}
          <select id="bulk-verdict" name="bulk-verdict" defaultValue="false_positive">
            <option value="confirmed">Confirmed</option>
            <option value="false_positive">False positive</option>
            <option value="inconclusive">Inconclusive</option>
          </select>{' '}
          <label htmlFor="bulk-reason">Reason (one audit entry per case)</label>{' '}
          <input id="bulk-reason" name="bulk-reason" required minLength={3} size={30} />{' '}
          <button type="submit" className="primary" value="close">
            Close selected
          </button>{' '}
          <button type="submit" value="release">
            Release selected
          </button>{' '}
          <button type="button" className="link" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </form>
      )}
      {groupBy === 'none' && data && (data.cases.length === 0 ? <EmptyQueue filtered={filtered} status={query.status} /> : <CaseTable cases={data.cases} cursor={cursor} selected={selected} onToggle={canAct ? toggle : undefined} now={now} showTenant={user.tenant == null} />)}
      {groupBy !== 'none' && groups && (groups.groups.length === 0 ? <EmptyQueue filtered={filtered} status={query.status} /> : <GroupTable groups={groups.groups} now={now} onOpen={(g) => (setGroupBy('none'), update(g.by === 'ring' ? { ring: g.key } : { q: g.key }))} />)}
      <nav className="toolbar" aria-label="Pages">
        <button type="button" disabled={offset === 0} onClick={() => page(-1)}>
          Previous page
        </button>
        <button type="button" disabled={offset + PAGE >= total} onClick={() => page(1)}>
          Next page
        </button>
      </nav>
      {help && <ShortcutHelp title="Queue shortcuts" shortcuts={QUEUE_SHORTCUTS} onClose={() => setHelp(false)} />}
    </section>
  );
}

function Select({ id, label, value, onChange, options, all }: { id: string; label: string; value: string | undefined; onChange: (v: string | undefined) => void; options: [string, string][]; all?: string }) {
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        {all && <option value="">{all}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Says why the list is empty: a clear queue is good news, an over-narrow filter is not. */
function EmptyQueue({ filtered, status }: { filtered: boolean; status?: string }) {
  return (
    <div className="card empty" data-testid="queue-empty">
      {filtered ? (
        <p>No {status === 'closed' ? 'closed' : 'open'} case matches these filters. Clear the search or a filter to see more.</p>
      ) : (
        <p>The queue is clear: no case is waiting for review. New cases appear here as the engine opens them.</p>
      )}
    </div>
  );
}

// Deployment-wide staff see every tenant's cases in one queue, so each row says whose it is.
function CaseTable({ cases, cursor, selected, onToggle, now, showTenant }: { cases: QueueCase[]; cursor: number; selected: Set<string>; onToggle?: (id: string) => void; now: number; showTenant: boolean }) {
  return (
    <div className="table-scroll">
      <table className="queue" aria-label="Cases">
        <thead>
          <tr>
            {onToggle && <th scope="col"><span className="sr-only">Select</span></th>}
            <th scope="col">Case</th>
            {showTenant && <th scope="col">Tenant</th>}
            <th scope="col">Queue</th>
            <th scope="col">Stage</th>
            <th scope="col">Risk</th>
            <th scope="col" title="Time since Chainbreak opened the case (the SLA clock); the conversation itself may be older">In queue</th>
            <th scope="col">SLA</th>
            <th scope="col">Suspect</th>
            <th scope="col">Recipient</th>
            <th scope="col">Claimed by</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c, i) => {
            const sla = formatSla(c.sla_due_at, now);
            return (
              <tr key={c.id} className={`queue-row${i === cursor ? ' cursor' : ''}`} aria-current={i === cursor ? 'true' : undefined} data-case={c.id}>
                {onToggle && (
                  <td>
                    <input type="checkbox" aria-label={`Select case ${c.id}`} checked={selected.has(c.id)} onChange={() => onToggle(c.id)} />
                  </td>
                )}
                <td>
                  <a href={`/cases/${encodeURIComponent(c.id)}`} onClick={(e) => (e.preventDefault(), navigate(`/cases/${encodeURIComponent(c.id)}`))}>
                    {c.id.length > 18 ? `${c.id.slice(0, 17)}…` : c.id}
                  </a>
                </td>
                {showTenant && <td>{c.tenant}</td>}
                <td>{c.queue}</td>
                <td>
                  <span className={`stage stage-${c.stage_max ?? 'none'}`}>{c.stage_max ?? '—'}</span>
                </td>
                <td>{c.suspect_risk == null ? '—' : `${Math.round(c.suspect_risk * 100)} %`}</td>
                <td>{formatAge(c.created_at, now)}</td>
                <td className={c.status === 'closed' ? 'muted' : sla.overdue ? 'error' : ''}>{c.status === 'closed' ? (c.outcome ?? 'closed') : sla.text}</td>
                <td data-testid="suspect">{c.suspect_account ?? '—'}</td>
                <td>{c.victim_account ?? '—'}</td>
                <td>{c.claimed_by ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function GroupTable({ groups, now, onOpen }: { groups: CaseGroup[]; now: number; onOpen: (g: CaseGroup) => void }) {
  return (
    <div className="table-scroll">
      <table className="queue" aria-label="Case groups">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Cases</th>
            <th scope="col">Suspects</th>
            <th scope="col">Furthest stage</th>
            <th scope="col">Top priority</th>
            <th scope="col">Oldest</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key} data-group={g.key}>
              <td>
                <button type="button" className="link" onClick={() => onOpen(g)}>
                  {g.by === 'ring' ? `Ring ${g.key}` : g.key}
                </button>
              </td>
              <td>{g.cases}</td>
              <td>{g.suspects.length > 3 ? `${g.suspects.slice(0, 3).join(', ')} +${g.suspects.length - 3}` : g.suspects.join(', ')}</td>
              <td>
                <span className={`stage stage-${g.furthestStage ?? 'none'}`}>{g.furthestStage ?? '—'}</span>
              </td>
              <td>{g.topPriority}</td>
              <td>{formatAge(g.oldestAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
