// Victim reports: what each reporter sent from the help page (identifiers, screenshot hashes, the app,
// their note, language), later additions made with the receipt code, the rings and accounts the
// identifiers linked to, and actions: open the ring's cases, search the queue, mark reviewed.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { navigate } from './router.ts';
import type { VictimReportView } from '../../../src/modules/console/victim-report-list.ts';

const PAGE = 50;

export function ReportsPage() {
  const [data, setData] = useState<{ total: number; reports: VictimReportView[] } | null>(null);
  const [offset, setOffset] = useState(0);
  const [found, setFound] = useState<VictimReportView[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = useCallback(
    () =>
      api<{ total: number; reports: VictimReportView[] }>('GET', `/console/api/victim-reports?limit=${PAGE}&offset=${offset}`)
        .then(setData)
        .catch((e) => setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'reports could not be loaded' })),
    [offset],
  );
  useEffect(() => void load(), [load]);

  async function lookup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const receipt = String(new FormData(event.currentTarget).get('receipt') ?? '');
    try {
      setFound((await api<{ reports: VictimReportView[] }>('POST', '/console/api/victim-reports/lookup', { receipt })).reports);
      setMessage(null);
    } catch (e) {
      setFound(null);
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'look-up failed' });
    }
  }

  async function review(id: string) {
    const reason = window.prompt('What did you do with this report? (written to the audit log)')?.trim();
    if (!reason) return;
    try {
      await api('POST', `/console/api/victim-reports/${encodeURIComponent(id)}/review`, { reason });
      setMessage({ kind: 'ok', text: 'Report marked as reviewed.' });
      await load();
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'request failed' });
    }
  }

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Victim reports</h1>
      <form className="toolbar" onSubmit={(e) => void lookup(e)}>
        <label htmlFor="receipt-lookup">Receipt code a reporter gave you</label>
        <input id="receipt-lookup" name="receipt" autoComplete="off" placeholder="XXXX-XXXX-XXXX-XXXX-XXXX" size={28} required minLength={4} />
        <button type="submit">Find report</button>
      </form>
      <div role="status" aria-live="polite" className={message?.kind === 'error' ? 'error' : 'ok'}>
        {message?.text}
      </div>
      {found && (
        <div className="card" data-testid="receipt-result">
          <h2>Report for that receipt</h2>
          {found.map((r) => (
            <Report key={r.id} report={r} onReview={review} />
          ))}
        </div>
      )}
      {!data ? (
        <p className="loading">Loading…</p>
      ) : data.total === 0 ? (
        <p className="card empty" data-testid="reports-empty">
          No victim has filed a report yet. Reports sent from the help page (/help) appear here with the identifiers they name.
        </p>
      ) : (
        <>
          <p className="muted" data-testid="report-count">
            {offset + 1}–{Math.min(offset + PAGE, data.total)} of {data.total} reports, newest first
          </p>
          {data.reports.map((r) => (
            <Report key={r.id} report={r} onReview={review} />
          ))}
          <nav className="toolbar" aria-label="Pages">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function Report({ report, onReview }: { report: VictimReportView; onReview: (id: string) => void }) {
  return (
    <article className="card report" data-report={report.id} aria-label={`Report ${report.receiptTag}`}>
      <h3>
        Report {report.receiptTag} · {new Date(report.createdAt).toLocaleString()} · language {report.language ?? 'unknown'}
      </h3>
      <p>
        {report.rings.length ? (
          <>
            Linked to{' '}
            {report.rings.map((ring) => (
              <button key={ring} type="button" className="link" onClick={() => navigate(`/?ring=${encodeURIComponent(ring)}`)}>
                ring {ring}
              </button>
            ))}
            {report.accounts.length > 0 && <> · accounts {report.accounts.slice(0, 8).join(', ')}{report.accounts.length > 8 && ` +${report.accounts.length - 8}`}</>}
          </>
        ) : (
          <span className="muted">Not linked to a ring yet.</span>
        )}
      </p>
      <ol>
        {report.entries.map((entry, i) => (
          <li key={entry.id}>
            <strong>{i === 0 ? 'First report' : 'Added with the receipt'}</strong> {new Date(entry.createdAt).toLocaleString()}
            <ul>
              {entry.identifiers.map((id) => (
                <li key={id.type + id.value}>
                  {id.type}: <code>{id.value}</code>{' '}
                  <button type="button" className="link" onClick={() => navigate(`/?q=${encodeURIComponent(id.value)}`)}>
                    find cases
                  </button>
                </li>
              ))}
              {entry.screenshots.map((s) => (
                <li key={s.pdq}>
                  screenshot PDQ <code className="hash">{s.pdq}</code>
                  {s.md5 && (
                    <>
                      {' '}
                      MD5 <code className="hash">{s.md5}</code>
                    </>
                  )}
                </li>
              ))}
              {entry.appName && <li>app: {entry.appName}</li>}
              {entry.note && <li>note: {entry.note}</li>}
            </ul>
          </li>
        ))}
      </ol>
      {report.reviewed ? (
        <p className="muted">
          Reviewed by {report.reviewed.actor} on {new Date(report.reviewed.time).toLocaleString()}: {report.reviewed.reason}
        </p>
      ) : (
        <button type="button" onClick={() => onReview(report.id)}>
          Mark reviewed
        </button>
      )}
    </article>
  );
}
