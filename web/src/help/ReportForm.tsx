// The anonymous report form and "add to an earlier report" with the receipt code. Screenshots are hashed
// on the device like the images above; only the digests are sent.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { linesOf, type LocalImageHash } from '../lib/image-hash.ts';
import type { Language, MessageKey } from '../lib/i18n.ts';
import { errorKey, rejectedKey } from './errors.ts';
import type { T } from './HelpApp.tsx';
import { ImagePicker } from './ImagePicker.tsx';

const FIELDS: { name: string; type: string; label: MessageKey }[] = [
  { name: 'profile', type: 'profile_link', label: 'f_profile' },
  { name: 'phone', type: 'phone', label: 'f_phone' },
  { name: 'payment', type: 'payment_account', label: 'f_payment' },
  { name: 'email', type: 'email', label: 'f_email' },
];

interface Outcome {
  receipt?: string;
  rings: string[];
  rejected: { type: string; value: string; error: string }[];
}

export function ReportForm({ t, language }: { t: T; language: Language }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [added, setAdded] = useState<Outcome | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [screens, setScreens] = useState<LocalImageHash[]>([]);

  function collect(form: HTMLFormElement) {
    const data = new FormData(form);
    const identifiers = FIELDS.flatMap((f) => linesOf(String(data.get(f.name) ?? '')).map((value) => ({ type: f.type, value })));
    const appName = String(data.get('app') ?? '').trim();
    const note = String(data.get('note') ?? '').trim();
    return { language, identifiers, screenshots: screens.map(({ pdq, md5 }) => ({ pdq, md5 })), ...(appName ? { appName } : {}), ...(note ? { note } : {}) };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      setOutcome(await api<Outcome>('POST', '/help/api/reports', collect(event.currentTarget)));
    } catch (e) {
      setError(errorKey(e instanceof ApiError ? e : undefined));
    }
  }

  async function addMore(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = event.currentTarget;
    const receipt = String(new FormData(form).get('receipt') ?? '');
    try {
      setAdded(await api<Outcome>('POST', '/help/api/reports/add', { receipt, ...collectAddition(form) }));
    } catch (e) {
      setError(errorKey(e instanceof ApiError ? e : undefined));
    }
  }

  return (
    <section aria-labelledby="report-title" className="card">
      <h2 id="report-title">{t('report_title')}</h2>
      <p>{t('report_explain')}</p>
      {outcome?.receipt ? (
        <div role="status" className="receipt">
          <p>{t('report_sent')}</p>
          <p>
            {t('receipt_label')}: <strong className="receipt-code" data-testid="receipt">{outcome.receipt}</strong>
          </p>
          <p>{t('receipt_keep')}</p>
          {outcome.rings.length > 0 && <p data-testid="linked">{t('linked_ring')}</p>}
          <Rejected t={t} outcome={outcome} />
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-describedby="report-hint">
          <p id="report-hint" className="muted">
            {t('one_per_line')}
          </p>
          {FIELDS.map((f) => (
            <div className="field" key={f.name}>
              <label htmlFor={`report-${f.name}`}>{t(f.label)}</label>
              <textarea id={`report-${f.name}`} name={f.name} rows={2} autoComplete="off" spellCheck={false} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="report-app">{t('f_app')}</label>
            <input id="report-app" name="app" type="text" autoComplete="off" />
          </div>
          <div className="field">
            <ImagePicker t={t} id="report-screens" label={t('f_screens')} max={20} onChange={setScreens} />
          </div>
          <div className="field">
            <label htmlFor="report-note">{t('f_note')}</label>
            <textarea id="report-note" name="note" rows={3} />
          </div>
          <button type="submit" className="primary">
            {t('report_submit')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}
      <details className="add-more">
        <summary>{t('add_title')}</summary>
        <form onSubmit={(e) => void addMore(e)}>
          <div className="field">
            <label htmlFor="add-receipt">{t('receipt_input')}</label>
            <input id="add-receipt" name="receipt" type="text" required autoComplete="off" spellCheck={false} />
          </div>
          {FIELDS.map((f) => (
            <div className="field" key={f.name}>
              <label htmlFor={`add-${f.name}`}>{t(f.label)}</label>
              <textarea id={`add-${f.name}`} name={f.name} rows={2} autoComplete="off" />
            </div>
          ))}
          <button type="submit">{t('add_submit')}</button>
        </form>
        {added && (
          <div role="status">
            <p>{t('add_done')}</p>
            {added.rings.length > 0 && <p>{t('linked_ring')}</p>}
            <Rejected t={t} outcome={added} />
          </div>
        )}
      </details>
    </section>
  );
}

function collectAddition(form: HTMLFormElement) {
  const data = new FormData(form);
  return { identifiers: FIELDS.flatMap((f) => linesOf(String(data.get(f.name) ?? '')).map((value) => ({ type: f.type, value }))), screenshots: [] };
}

function Rejected({ t, outcome }: { t: T; outcome: Outcome }) {
  if (!outcome.rejected.length) return null;
  return (
    <div>
      <p>{t('not_accepted')}</p>
      <ul>
        {outcome.rejected.map((r) => (
          <li key={`${r.type}:${r.value}`}>
            <bdi>{r.value}</bdi>: {t(rejectedKey(r.type))}
          </li>
        ))}
      </ul>
    </div>
  );
}
