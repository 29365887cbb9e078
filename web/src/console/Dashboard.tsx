// Dashboards: cases by stage, interception rate, top rings, and moderator false-positive feedback.
import { useEffect, useState } from 'react';
import { api } from '../lib/api.ts';
import { navigate } from './router.ts';

interface DashboardData {
  byStage: { stage: string; open: number; total: number }[];
  interception: { intercepted: number; total: number; share: number };
  firstContactOnly: { open: number; total: number };
  topRings: { id: string; accounts: number; victims?: number; score?: number }[];
  feedback: { queue: string; confirmed: number; falsePositive: number; inconclusive: number; falsePositiveRate: number }[];
}

export function Dashboard() {
  const [data, setData] = useState<DashboardData | null>(null);
  useEffect(() => {
    void api<DashboardData>('GET', '/console/api/dashboard').then(setData);
  }, []);
  if (!data) return <p className="loading">Loading…</p>;
  const max = Math.max(1, ...data.byStage.map((s) => s.total));
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">Dashboard</h1>
      <div className="grid2">
        <div className="card">
          <h2>Cases by furthest stage</h2>
          <table className="bars">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Cases</th>
                <th scope="col">Open</th>
              </tr>
            </thead>
            <tbody>
              {data.byStage.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">
                    <span className={`stage stage-${s.stage}`}>{s.stage}</span>
                  </th>
                  <td className="bar-cell">
                    {/* The bar leaves room for the count, so the largest row's count stays beside its bar. */}
                    <span className="bar" style={{ width: `calc(${s.total / max} * (100% - 6ch))` }} aria-hidden="true" /> {s.total}
                  </td>
                  <td>{s.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Interception</h2>
          <p className="big" data-testid="interception">
            {pct(data.interception.share)}
          </p>
          <p className="muted">
            {data.interception.total === 0
              ? 'No attack has reached sexual escalation yet, so there is nothing to intercept.'
              : `${data.interception.intercepted} of ${data.interception.total} attacks (conversations that reached at least escalation) had their target warned before, or with, the app lure or the threat.`}
          </p>
          <table>
            <tbody>
              <tr data-testid="first-contact-only">
                <th scope="row">First contact only (not counted as attacks)</th>
                <td>{data.firstContactOnly.total} cases, {data.firstContactOnly.open} open</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Top rings</h2>
          {data.topRings.length === 0 ? (
            <p className="muted">No rings linked yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Ring</th>
                  <th scope="col">Accounts</th>
                  <th scope="col" title="Distinct accounts the ring's members messaged or took payment from: people targeted, not all of them extorted">
                    People targeted
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.topRings.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {/* A moderator's next step from a ring is its cases: the queue filtered by the ring. */}
                      <a href={`/?ring=${encodeURIComponent(r.id)}`} onClick={(e) => (e.preventDefault(), navigate(`/?ring=${encodeURIComponent(r.id)}`))}>
                        {r.id}
                      </a>
                    </td>
                    <td>{r.accounts}</td>
                    <td>{r.victims ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="card">
          <h2>Moderator feedback</h2>
          {data.feedback.length === 0 ? (
            <p className="muted">No closed cases yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col">Confirmed</th>
                  <th scope="col">False positive</th>
                  <th scope="col">Inconclusive</th>
                  <th scope="col">FP rate</th>
                </tr>
              </thead>
              <tbody>
                {data.feedback.map((f) => (
                  <tr key={f.queue}>
                    <td>{f.queue}</td>
                    <td>{f.confirmed}</td>
                    <td>{f.falsePositive}</td>
                    <td>{f.inconclusive}</td>
                    <td>{pct(f.falsePositiveRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
