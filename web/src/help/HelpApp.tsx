// The public victim help page: triage → calm guidance → hash images locally → anonymous report.
// No sign-in, no cookies, no third-party requests. Every control has a visible label.
import { useEffect, useMemo, useState } from 'react';
import { LANGUAGES, MESSAGES, pickLanguage, translate, type Language, type MessageKey } from '../lib/i18n.ts';
import { HashImages } from './HashImages.tsx';
import { ReportForm } from './ReportForm.tsx';
import { Triage } from './Triage.tsx';

export type T = (key: MessageKey, values?: Record<string, string | number>) => string;

export default function HelpApp() {
  const [language, setLanguage] = useState<Language>(() => pickLanguage(navigator.languages ?? [navigator.language]));
  const t: T = useMemo(() => (key, values) => translate(language, key, values), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  }, [language, t]);

  return (
    <div className="help">
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="help-header">
        <label htmlFor="language-select">{t('language')}</label>{' '}
        <select id="language-select" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {MESSAGES[l].lang_name}
            </option>
          ))}
        </select>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{t('title')}</h1>
        <p className="intro">{t('intro')}</p>
        <p className="privacy">{t('privacy')}</p>
        <Triage t={t} />
        <Hotlines t={t} />
        <HashImages t={t} language={language} />
        <ReportForm t={t} language={language} />
      </main>
    </div>
  );
}

interface Hotline {
  name: string;
  country: string;
  phone?: string;
  url?: string;
}

function Hotlines({ t }: { t: T }) {
  const [hotlines, setHotlines] = useState<Hotline[]>([]);
  useEffect(() => {
    fetch('/help/api/config', { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : { hotlines: [] }))
      .then((body: { hotlines: Hotline[] }) => setHotlines(body.hotlines))
      .catch(() => setHotlines([]));
  }, []);
  return (
    <section aria-labelledby="hotlines-title" className="card">
      <h2 id="hotlines-title">{t('hotlines_title')}</h2>
      <ul className="hotlines">
        {hotlines.map((h) => (
          <li key={`${h.country}-${h.name}`}>
            <strong>{h.name}</strong> <span className="muted">({h.country === '*' ? t('hotline_everywhere') : h.country})</span>
            {h.phone && (
              <>
                {' '}
                <a href={`tel:${h.phone.replace(/\s+/g, '')}`}>{h.phone}</a>
              </>
            )}
            {h.url && (
              <>
                {' '}
                <a href={h.url} rel="noreferrer noopener">
                  {h.url.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
