// Rule editor: edit the YAML, validate it (errors name the field), and preview it in shadow mode against
// the rule inputs of recent decisions before anyone deploys it.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import type { RulePreview } from '../../../src/app/rule-preview.ts';

type Check = { valid: true; rules: number } | { valid: false; errors: { path: string; message: string }[] };
type Preview = RulePreview;

export function RuleEditor() {
  const [source, setSource] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<{ source: string }>('GET', '/console/api/rules').then((r) => setSource(r.source));
  }, []);

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
      <label htmlFor="rules-source">Rule file (YAML)</label>
      <textarea id="rules-source" className="code" rows={18} value={source} onChange={(e) => (setSource(e.target.value), setCheck(null))} spellCheck={false} />
      <div className="toolbar">
        <button type="button" onClick={() => void run('validate')}>
          Validate
        </button>
        <button type="button" className="primary" onClick={() => void run('preview')}>
          Preview in shadow mode
        </button>
      </div>
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
    </section>
  );
}
