// The public victim help page: quick exit → triage → calm guidance → hotlines for the visitor's country →
// hash images locally → anonymous report. No sign-in, no cookies, no third-party requests.
import { useEffect, useMemo, useState } from 'react';
import { LANGUAGES, MESSAGES, pickLanguage, translate, type Language, type MessageKey } from '../lib/i18n.ts';
import { HashImages } from './HashImages.tsx';
import { Hotlines, type PublicHotline } from './Hotlines.tsx';
import { DEFAULT_EXIT_URL, QuickExit } from './QuickExit.tsx';
import { ReportForm } from './ReportForm.tsx';
import { Triage } from './Triage.tsx';

export type T = (key: MessageKey, values?: Record<string, string | number>) => string;

interface PublicConfig {
  hotlines: PublicHotline[];
  quickExitUrl: string;
}

export default function HelpApp() {
  const preferred = useMemo(() => navigator.languages ?? [navigator.language], []);
  const [language, setLanguage] = useState<Language>(() => pickLanguage(preferred));
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const t: T = useMemo(() => (key, values) => translate(language, key, values), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  }, [language, t]);
  useEffect(() => {
    fetch('/help/api/config', { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: PublicConfig | null) => setConfig(body ?? { hotlines: [], quickExitUrl: DEFAULT_EXIT_URL }))
      .catch(() => setConfig({ hotlines: [], quickExitUrl: DEFAULT_EXIT_URL }));
  }, []);

  return (
    <div className="help">
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="help-header">
        <QuickExit t={t} url={config?.quickExitUrl ?? DEFAULT_EXIT_URL} />
        <span className="header-language">
          <label htmlFor="language-select">{t('language')}</label>{' '}
          <select id="language-select" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {MESSAGES[l].lang_name}
              </option>
            ))}
          </select>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{t('title')}</h1>
        <p className="intro">{t('intro')}</p>
        <p className="privacy">{t('privacy')}</p>
        <Triage t={t} />
        <AiImages t={t} />
        <Hotlines t={t} language={language} preferred={preferred} hotlines={config?.hotlines ?? []} />
        <HashImages t={t} language={language} />
        <ReportForm t={t} language={language} />
      </main>
    </div>
  );
}

/** Fake or AI-edited nudes: the same crime, the same answer, and the same ways to get them removed. */
function AiImages({ t }: { t: T }) {
  return (
    <section aria-labelledby="ai-title" className="card">
      <h2 id="ai-title">{t('ai_title')}</h2>
      <ul>
        <li>{t('ai_still_crime')}</li>
        <li>{t('ai_dont_pay')}</li>
        <li>{t('ai_remove')}</li>
      </ul>
    </section>
  );
}
