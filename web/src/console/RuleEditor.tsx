// Rule editor: edit the YAML, validate it (errors name the field), save it as a draft, compare it with
// the live file, backtest it per rule against stored decisions, and deploy it (rules:deploy) or roll a
// deploy back. Moderator verdicts give each rule's precision.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import type { RulePreview } from '../../../src/app/rule-preview.ts';
import type { DiffLine, RuleBacktest, RuleDeploy, RuleDraft } from '../../../src/modules/console/rule-workflow.ts';
import type { RulePrecision } from '../../../src/modules/console/dashboards.ts';

type Check = { valid: true; rules: number } | { valid: false; errors: { path: string; message: string }[] };
type Preview = RulePreview;

export function RuleEditor() {
  const [source, setSource] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [canDeploy, setCanDeploy] = useState(false);
  const [drafts, setDrafts] = useState<Omit<RuleDraft, 'source'>[]>([]);
  const [draftId, setDraftId] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const [diff, setDiff] = useState<DiffLine[] | null>(null);
  const [backtest, setBacktest] = useState<RuleBacktest | null>(null);
  const [deploys, setDeploys] = useState<RuleDeploy[]>([]);
  const [precision, setPrecision] = useState<RulePrecision[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const [rules, d, dep, prec] = await Promise.all([
      api<{ source: string; canDeploy?: boolean }>('GET', '/console/api/rules'),
      api<{ drafts: typeof drafts }>('GET', '/console/api/rules/drafts'),
      api<{ deploys: RuleDeploy[] }>('GET', '/console/api/rules/deploys'),
      api<{ rules: RulePrecision[] }>('GET', '/console/api/rules/precision'),
    ]);
    setCanDeploy(!!rules.canDeploy);
    setDrafts(d.drafts);
    setDeploys(dep.deploys);
    setPrecision(prec.rules);
    return rules.source;
  }, []);
  useEffect(() => {
    void refresh().then(setSource);
  }, [refresh]);

  async function act<T>(fn: () => Promise<T>, done?: (r: T) => string | void) {
    setError(null);
    setNotice(null);
    try {
      const result = await fn();
      const text = done?.(result);
      if (text) setNotice(text);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'request failed');
    }
  }
  const saveDraft = () =>
    act(
      () => api<{ draft: RuleDraft; check: Check }>('POST', '/console/api/rules/drafts', { id: draftId, name: name || `draft ${new Date().toLocaleString()}`, source }),
      (r) => {
        setDraftId(r.draft.id);
        setName(r.draft.name);
        setCheck(r.check);
        void refresh();
        return `Draft "${r.draft.name}" saved${r.check.valid ? '' : ' (not valid yet)'}.`;
      },
    );
  const openDraft = (id: string) =>
    act(
      () => api<{ draft: RuleDraft; check: Check }>('GET', `/console/api/rules/drafts/${encodeURIComponent(id)}`),
      (r) => {
        setDraftId(r.draft.id);
        setName(r.draft.name);
        setSource(r.draft.source);
        setCheck(r.check);
        setDiff(null);
        setBacktest(null);
      },
    );
  const showDiff = () => act(() => api<{ lines: DiffLine[] }>('POST', '/console/api/rules/diff', { source }), (r) => void setDiff(r.lines));
  const runBacktest = () =>
    act(
      () => api<RuleBacktest | Extract<Check, { valid: false }>>('POST', '/console/api/rules/backtest', { source }),
      (r) => {
        if (r.valid) setBacktest(r as RuleBacktest);
        else setCheck(r);
      },
    );
  const deploy = () => {
    const reason = window.prompt('Why deploy this rule file? (written to the audit log)')?.trim();
    if (!reason) return;
    void act(
      () => api<{ deploy: RuleDeploy }>('POST', '/console/api/rules/deploy', { source, reason, draftId }),
      (r) => {
        void refresh();
        return `Deployed (${r.deploy.id}); the live rules now match this text.`;
      },
    );
  };
  const rollback = (id: string) => {
    const reason = window.prompt('Why roll this deploy back? (written to the audit log)')?.trim();
    if (!reason) return;
    void act(
      () => api<{ deploy: RuleDeploy }>('POST', `/console/api/rules/deploys/${encodeURIComponent(id)}/rollback`, { reason }),
      () => {
        void refresh().then(setSource);
        return `Deploy ${id} rolled back; the rule file it replaced is live again.`;
      },
    );
  };

  async function run(kind: 'validate' | 'preview') {
    setError(null);
    setPreview(null);
    try {
      const result = await api<Check | Preview>('POST', `/console/api/rules/${kind}`, { source });
      if (!result.valid) setCheck(result);
      else if (kind === 'preview') {
        setCheck({ valid: true, rules: Object.keys((result as Preview).byRule).length });
        setPreview(result as Preview);
      } else setCheck(result as Check);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'request failed');
    }
  }

  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">Rules</h1>
      {drafts.length > 0 && (
        <div className="toolbar">
          <label htmlFor="draft-pick">Drafts</label>
          <select id="draft-pick" value={draftId ?? ''} onChange={(e) => e.target.value && void openDraft(e.target.value)}>
            <option value="">(the live file)</option>
            {drafts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {d.author} · {new Date(d.updatedAt).toLocaleString()}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="draft-name">Draft name</label>
        <input id="draft-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="what this change does" />
      </div>
      <label htmlFor="rules-source">Rule file (YAML)</label>
      <textarea id="rules-source" className="code" rows={18} value={source} onChange={(e) => (setSource(e.target.value), setCheck(null))} spellCheck={false} />
      <div className="toolbar">
        <button type="button" onClick={() => void run('validate')}>
          Validate
        </button>
        <button type="button" onClick={() => void run('preview')}>
          Preview in shadow mode
        </button>
        <button type="button" onClick={() => void saveDraft()}>
          Save draft
        </button>
        <button type="button" onClick={() => void showDiff()}>
          Show diff
        </button>
        <button type="button" onClick={() => void runBacktest()}>
          Backtest
        </button>
        {canDeploy && (
          <button type="button" className="primary" onClick={deploy}>
            Deploy
          </button>
        )}
      </div>
      {notice && (
        <p className="ok" role="status" data-testid="rules-notice">
          {notice}
        </p>
      )}
      {diff && (
        <div className="card">
          <h2>Changes against the live file</h2>
          {diff.length === 0 ? (
            <p className="muted">No change: this is the live file.</p>
          ) : (
            <pre className="diff" data-testid="rules-diff">
              {diff.map((l, i) => (
                <div key={i} className={l.kind}>
                  {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}
                  {l.text}
                </div>
              ))}
            </pre>
          )}
        </div>
      )}
      {backtest && (
        <div className="card" data-testid="backtest">
          <h2>Backtest against the last {backtest.events} stored decisions</h2>
          <p>The draft decides differently on {backtest.changed} events.</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Fired live</th>
                <th scope="col">Would fire</th>
                <th scope="col">Examples that differ</th>
              </tr>
            </thead>
            <tbody>
              {backtest.rules.map((r) => (
                <tr key={r.rule} data-rule={r.rule}>
                  <td>{r.rule}</td>
                  <td>{r.live}</td>
                  <td>{r.candidate}</td>
                  <td>
                    {r.examples.map((x) => (
                      <div key={x.eventId}>
                        <code>{x.eventId}</code> live [{x.live.join(', ')}] → draft [{x.candidate.join(', ')}]
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div role="status" aria-live="polite">
        {check?.valid === true && !preview && <p className="ok">Valid: {check.rules} rules.</p>}
        {check?.valid === false && (
          <ul className="error">
            {check.errors.map((e) => (
              <li key={e.path + e.message}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        )}
        {error && <p className="error">{error}</p>}
      </div>
      {preview && (
        <div className="card">
          <h2>Shadow preview against the last {preview.events} decisions</h2>
          <p>
            Would act on {preview.wouldAct} events; differs from the live rules on {preview.changed}.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Live</th>
                <th scope="col">Candidate</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(preview.byAction).map(([action, n]) => (
                <tr key={action}>
                  <td>{action}</td>
                  <td>{n.live}</td>
                  <td>{n.candidate}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.examples.length > 0 && (
            <>
              <h3>Examples of changed decisions</h3>
              <ul>
                {preview.examples.map((x) => (
                  <li key={x.eventId}>
                    <code>{x.eventId}</code>: live [{x.live.join(', ')}] → candidate [{x.candidate.join(', ')}]
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <div className="card">
        <h2>Rule precision from moderator verdicts</h2>
        {precision.length === 0 ? (
          <p className="muted">No closed case has a verdict yet; precision appears once moderators close cases as confirmed or false positive.</p>
        ) : (
          <table data-testid="rule-precision">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Confirmed</th>
                <th scope="col">False positive</th>
                <th scope="col">Inconclusive</th>
                <th scope="col">Precision</th>
              </tr>
            </thead>
            <tbody>
              {precision.map((p) => (
                <tr key={p.rule}>
                  <td>{p.rule}</td>
                  <td>{p.confirmed}</td>
                  <td>{p.falsePositive}</td>
                  <td>{p.inconclusive}</td>
                  <td>{p.precision == null ? '—' : `${(p.precision * 100).toFixed(0)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>Deploys</h2>
        {deploys.length === 0 ? (
          <p className="muted">No deploy from the console yet.</p>
        ) : (
          <ul data-testid="deploys">
            {deploys.map((d) => (
              <li key={d.id} data-deploy={d.id}>
                {new Date(d.time).toLocaleString()} · {d.actor} · {d.rollbackOf ? `rollback of ${d.rollbackOf}` : 'deploy'} · {d.reason}{' '}
                {canDeploy && (
                  <button type="button" onClick={() => rollback(d.id)}>
                    Roll back
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
