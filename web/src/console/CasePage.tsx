// One case, the way the crime happened: stage timeline, the conversation with the triggering words
// marked, the suspect's risk and reasons, APK and photo evidence, the ring, and the actions with reasons.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { formatDuration } from '../lib/highlight.ts';
import { HighlightedText, hashBits } from '../lib/highlighted-text.ts';
import { AuditTable } from './AuditPage.tsx';
import { BanDialog, ringMembers } from './BanDialog.tsx';
import { QUEUE_ORDER_KEY } from './QueuePage.tsx';
import { navigate } from './router.ts';
import { ShortcutHelp, useShortcuts } from './Shortcuts.tsx';
import { RingGraph } from './RingGraph.tsx';
import type { CaseDetail, EvidenceItem, User } from './types.ts';
import { canTakeAction } from '../../../src/modules/console/permissions.ts';

const ACTIONS = [
  ['warn_recipient', 'Warn the recipient'],
  ['hold_link', 'Hold links from the suspect'],
  ['hide_social_graph', "Hide the victim's friends list"],
  ['restrict_account', 'Restrict the suspect'],
  ['ban_ring', 'Ban the whole ring'],
  ['preserve_evidence', 'Preserve evidence'],
  ['export_case', 'Export case package'],
] as const;
/** Actions that need no claim (they change no account). */
const CLAIM_FREE = new Set(['preserve_evidence', 'export_case']);
const CASE_SHORTCUTS: [string, string][] = [
  ['c', 'claim the case (or release it when you hold it)'],
  ['a', 'go to the action form'],
  ['e', 'go to the close-case verdict'],
  ['n', 'next case of the queue page you came from'],
  ['q', 'back to the queue'],
  ['?', 'show or hide this help'],
];

interface RingBanRow {
  id: string;
  ringId: string;
  actor: string;
  reason: string;
  time: number;
  accounts: Record<string, string>;
  closedCases: string[];
  undoneAt: number | null;
  undoneBy: string | null;
}

export function CasePage({ id, user }: { id: string; user: User }) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [bans, setBans] = useState<RingBanRow[]>([]);
  const [help, setHelp] = useState(false);
  const [pendingBan, setPendingBan] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api<CaseDetail>('GET', `/console/api/cases/${encodeURIComponent(id)}`).then(async (d) => {
        setDetail(d);
        setBans(d.ringId ? (await api<{ bans: RingBanRow[] }>('GET', `/console/api/ring-bans?ring=${encodeURIComponent(d.ringId)}`)).bans : []);
      }),
    [id],
  );
  const canWork = user.role === 'moderator' || user.role === 'admin';
  const claimToggle = () => {
    if (!detail || !canWork || detail.case.status === 'closed') return;
    const mine = detail.case.status === 'claimed' && detail.case.claimed_by === user.username;
    void call(mine ? 'release' : 'claim', {}, mine ? 'Case released.' : 'Case claimed.');
  };
  useShortcuts({
    '?': () => setHelp((h) => !h),
    Escape: () => setHelp(false),
    c: claimToggle,
    a: () => document.getElementById('action')?.focus(),
    e: () => document.getElementById('verdict')?.focus(),
    q: () => navigate('/'),
    n: () => {
      const order = JSON.parse(sessionStorage.getItem(QUEUE_ORDER_KEY) ?? '[]') as string[];
      const next = order[order.indexOf(id) + 1];
      if (next) navigate(`/cases/${encodeURIComponent(next)}`);
      else setMessage({ kind: 'ok', text: 'This was the last case of that queue page.' });
    },
  });
  useEffect(() => {
    void load().catch((e) => setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'failed to load' }));
  }, [load]);

  async function call(path: string, body: unknown, done: string) {
    try {
      const result = await api<{ package?: unknown }>('POST', `/console/api/cases/${encodeURIComponent(id)}/${path}`, body);
      if (result.package) downloadJson(`case-${id}.json`, result.package);
      setMessage({ kind: 'ok', text: done });
      await load();
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'request failed' });
    }
  }

  async function undoBan(banId: string) {
    const reason = window.prompt('Why is this ban undone? (written to the audit log)')?.trim();
    if (!reason) return;
    try {
      await api('POST', `/console/api/ring-bans/${encodeURIComponent(banId)}/undo`, { reason });
      setMessage({ kind: 'ok', text: 'Ring ban undone.' });
      await load();
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'request failed' });
    }
  }

  if (!detail) return message ? <p role="alert">{message.text}</p> : <p className="loading">Loading…</p>;
  const c = detail.case;
  const mine = c.status === 'claimed' && c.claimed_by === user.username;
  const closed = c.status === 'closed';
  const allowed = ACTIONS.filter(([a]) => canTakeAction(user.role, a) && (!closed || a === 'export_case'));
  return (
    <article aria-labelledby="case-title" className="case">
      <h1 id="case-title">
        Case {c.id} <span className={`stage stage-${c.stage_max ?? 'none'}`}>{c.stage_max}</span>
      </h1>
      <p className="muted">
        Queue {c.queue} · priority {c.priority} (0 is the most urgent, 9 the least) · status <strong data-testid="case-status">{c.status}</strong>
        {c.claimed_by && ` by ${c.claimed_by}`} · suspect {c.suspect_account ?? '—'} · recipient {c.victim_account ?? '—'}
      </p>
      <div className="toolbar">
        {canWork && !mine && !closed && (
          <button type="button" className="primary" onClick={() => void call('claim', {}, 'Case claimed.')} aria-keyshortcuts="c">
            Claim case
          </button>
        )}
        {mine && (
          <button type="button" onClick={() => void call('release', {}, 'Case released.')} aria-keyshortcuts="c">
            Release
          </button>
        )}
        {closed && <span data-testid="case-closed">Closed{c.outcome ? ` as ${c.outcome.replace('_', ' ')}` : ''}.</span>}
        <button type="button" className="link" onClick={() => setHelp(true)}>
          Keyboard shortcuts
        </button>
      </div>
      <div role="status" aria-live="polite" className={message?.kind === 'error' ? 'error' : 'ok'} data-testid="case-message">
        {message?.text}
      </div>

      <section aria-labelledby="stages-title" className="card">
        <h2 id="stages-title">Kill chain</h2>
        <ol className="stage-timeline" data-testid="stage-timeline">
          {detail.stages.map((s) => (
            <li key={s.stage} data-stage={s.stage}>
              <span className={`stage stage-${s.stage}`}>{s.stage}</span> <span className="muted">{new Date(s.at).toLocaleString()}</span>{' '}
              {s.sincePreviousMs != null && <span>+{formatDuration(s.sincePreviousMs)} after the previous stage</span>}{' '}
              <span className="muted" data-testid="stage-by">{stageAuthor(s.by, c.suspect_account, c.victim_account)}</span>
            </li>
          ))}
        </ol>
      </section>

      <div className="grid2">
        <section aria-labelledby="conv-title" className="card">
          <h2 id="conv-title">Conversation <span className="muted">({detail.messages.length} messages, oldest first)</span></h2>
          <ol className="conversation" data-testid="conversation">
            {detail.messages.map((m) => (
              <li key={m.eventId} className={m.sender === c.suspect_account ? 'from-suspect' : 'from-other'}>
                <div className="meta">
                  {m.sender} · {new Date(m.time).toLocaleTimeString()}
                </div>
                {m.text == null ? <em className="muted">text removed by retention</em> : <HighlightedText text={m.text} marks={m.marks} />}
              </li>
            ))}
          </ol>
        </section>
        <div>
          {allowed.length > 0 && (
            <ActionsPanel
              actions={allowed}
              onAct={(action, reason) => (action === 'ban_ring' ? setPendingBan(reason) : call('actions', { action, reason }, `${action} done.`))}
              onClose={(verdict, reason) => call('close', { verdict, reason }, `Case closed as ${verdict}.`)}
              claimed={mine}
              canClose={canWork && !closed}
              closed={closed}
            />
          )}
          <section aria-labelledby="risk-title" className="card">
            <h2 id="risk-title">Suspect risk</h2>
            {detail.suspect ? (
              <>
                <p>
                  <strong>{detail.suspect.id}</strong>: risk {(detail.suspect.risk * 100).toFixed(0)} % · {detail.suspect.status}
                </p>
                {detail.suspectRingBan && (
                  <p className="ring-ban-notice" data-testid="suspect-ring-ban">
                    Linked to banned ring {detail.suspectRingBan.ringId}: banned by {detail.suspectRingBan.actor} on {new Date(detail.suspectRingBan.time).toLocaleString()} ({detail.suspectRingBan.reason})
                  </p>
                )}
                <ul>
                  {detail.suspect.reasons.map((r) => (
                    <li key={r.code}>{r.message}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="muted">No suspect account.</p>
            )}
          </section>
          <Evidence title="APK scan" items={detail.apk} />
          <PhotoMatches items={detail.photos} />
        </div>
      </div>

      <section aria-labelledby="ring-title" className="card">
        <h2 id="ring-title">Ring {detail.ringId ?? ''}</h2>
        {bans.length > 0 && (
          <ul className="ring-bans" data-testid="ring-bans">
            {bans.map((b) => (
              <li key={b.id}>
                {b.undoneAt ? 'Ban undone' : 'Banned'} by {b.actor} on {new Date(b.time).toLocaleString()}: {b.reason} · {Object.keys(b.accounts).length} accounts, {b.closedCases.length} other cases closed
                {b.undoneAt && ` · undone by ${b.undoneBy}`}{' '}
                {!b.undoneAt && canWork && (
                  <button type="button" onClick={() => void undoBan(b.id)}>
                    Undo ban
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {detail.ring ? <RingGraph graph={detail.ring} focus={c.suspect_account} /> : <p className="muted">The suspect is not linked to a ring.</p>}
      </section>

      <section aria-labelledby="audit-case-title" className="card">
        <h2 id="audit-case-title">Audit trail</h2>
        {detail.audit.length === 0 ? <p className="muted">No one has acted on this case yet; every claim, view of preserved evidence and action is listed here.</p> : <AuditTable entries={detail.audit} />}
      </section>
      {pendingBan !== null && (
        <BanDialog
          ringId={detail.ringId}
          members={ringMembers(detail.ring, c.suspect_account)}
          reason={pendingBan}
          onCancel={() => setPendingBan(null)}
          onConfirm={() => {
            const reason = pendingBan;
            setPendingBan(null);
            void call('actions', { action: 'ban_ring', reason }, 'Ring banned.');
          }}
        />
      )}
      {help && <ShortcutHelp title="Case shortcuts" shortcuts={CASE_SHORTCUTS} onClose={() => setHelp(false)} />}
    </article>
  );
}

function ActionsPanel({
  actions,
  onAct,
  onClose,
  claimed,
  canClose,
  closed,
}: {
  actions: readonly (readonly [string, string])[];
  onAct: (action: string, reason: string) => Promise<void> | void;
  onClose: (verdict: string, reason: string) => Promise<void>;
  claimed: boolean;
  canClose: boolean;
  closed: boolean;
}) {
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const reason = String(data.get('reason') ?? '');
    const action = String(data.get('action') ?? actions[0][0]);
    if (submitter?.value === 'close') await onClose(String(data.get('verdict')), reason);
    else await onAct(action, reason);
    // A ring ban waits for its dialog: cancelling it leaves the form as the moderator filled it in.
    if (submitter?.value === 'close' || action !== 'ban_ring') form.reset();
  }
  // Without the claim only the claim-free actions (preserve, export) can succeed, so only they are offered.
  const offered = claimed ? actions : actions.filter(([a]) => CLAIM_FREE.has(a));
  return (
    <section aria-labelledby="actions-title" className="card">
      <h2 id="actions-title">{closed ? 'Closed case' : 'Act on this case'}</h2>
      {closed ? (
        <p className="muted">This case is closed; accounts can no longer be acted on from it. Its package can still be exported.</p>
      ) : (
        !claimed && canClose && <p className="muted">Claim the case to act on accounts or close it. Preserving and exporting work without a claim.</p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        {offered.length > 1 ? (
          <div className="field">
            <label htmlFor="action">Action</label>
            <select id="action" name="action">
              {offered.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        ) : (
          offered.length === 1 && <input type="hidden" id="action" name="action" value={offered[0][0]} />
        )}
        <div className="field">
          <label htmlFor="reason">Reason (required, written to the audit log)</label>
          <textarea id="reason" name="reason" required minLength={3} rows={2} />
        </div>
        {offered.length > 0 && (
          <button type="submit" className="primary" value="act">
            {closed ? 'Export case package' : offered.length === 1 ? offered[0][1] : 'Apply action'}
          </button>
        )}{' '}
        {canClose && claimed && (
          <>
            <label htmlFor="verdict">Verdict</label>{' '}
            <select id="verdict" name="verdict" defaultValue="confirmed" aria-keyshortcuts="e">
              <option value="confirmed">Confirmed</option>
              <option value="false_positive">False positive</option>
              <option value="inconclusive">Inconclusive</option>
            </select>{' '}
            <button type="submit" value="close">
              Close case
            </button>
          </>
        )}
      </form>
    </section>
  );
}

function Evidence({ title, items }: { title: string; items: EvidenceItem[] }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">Nothing found.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.eventId + item.kind}>
              <strong>{item.kind}</strong> ({(item.score * 100).toFixed(0)} %)
              <ul>
                {item.reasons.map((r, i) => (
                  <li key={i}>
                    {r.message}
                    {r.evidence && <code className="evidence">{JSON.stringify(r.evidence)}</code>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Photo-hash matches: the profile photo's hash and the bank entry's hash drawn side by side. */
function PhotoMatches({ items }: { items: EvidenceItem[] }) {
  return (
    <section className="card" aria-label="Photo hash matches">
      <h2>Photo-hash matches</h2>
      {items.length === 0 && <p className="muted">No photo matched a hash bank.</p>}
      {items.flatMap((item) =>
        item.reasons.map((r, i) => {
          const ev = (r.evidence ?? {}) as { pdq?: string; query?: string; match?: string; matched?: string; bank?: string; distance?: number };
          const left = ev.query ?? ev.pdq;
          const right = ev.match ?? ev.matched;
          return (
            <figure key={item.eventId + i} className="photo-match">
              <div className="side-by-side">
                {left && <BitGrid hex={left} label="Photo on the platform" />}
                {right && <BitGrid hex={right} label={`Bank ${ev.bank ?? ''}`} />}
              </div>
              <figcaption>
                {r.message}
                {ev.distance != null && ` · Hamming distance ${ev.distance}`}
              </figcaption>
            </figure>
          );
        }),
      )}
    </section>
  );
}

function BitGrid({ hex, label }: { hex: string; label: string }) {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  return (
    <div className="bitgrid-wrap">
      <div className="bitgrid" role="img" aria-label={`${label}: PDQ ${hex}`}>
        {hashBits(hex).map((bit, i) => (
          <span key={i} className={bit ? 'on' : 'off'} />
        ))}
      </div>
      <div className="muted small">{label}</div>
    </div>
  );
}

function downloadJson(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Who wrote the words that reached a stage: a recipient repeating "money" reaches the stage too (acts are read
 *  whoever says them), and the moderator should see that it was not the suspect's own act. */
function stageAuthor(by: string, suspect: string | null, recipient: string | null): string {
  if (by === suspect) return 'by the suspect';
  if (by === recipient) return `by the recipient (${by}), not the suspect`;
  return `by ${by}`;
}
