// Who to call: the lines of one country (guessed from the browser's language tags, then from the page
// language, and changeable), then the services that help everywhere. Country names come from the browser's
// own Intl data, in the page's language.
import { useMemo, useState } from 'react';
import { countryFromLanguages } from '../lib/country.ts';
import { LANGUAGE_COUNTRY, type Language, type MessageKey } from '../lib/i18n.ts';
import type { T } from './HelpApp.tsx';

export interface PublicHotline {
  key: string;
  name: string;
  country: string;
  kind: 'emergency' | 'police' | 'cyber_report' | 'image_removal' | 'support' | 'child_protection';
  audience: 'all' | 'under18' | 'adults';
  phone?: string;
  url?: string;
}

function countryName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames([language, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function Hotlines({ t, language, preferred, hotlines }: { t: T; language: Language; preferred: readonly string[]; hotlines: PublicHotline[] }) {
  const countries = useMemo(
    () => [...new Set(hotlines.map((h) => h.country).filter((c) => c !== '*'))].sort((a, b) => countryName(a, language).localeCompare(countryName(b, language), language)),
    [hotlines, language],
  );
  const [picked, setPicked] = useState<string | null>(null);
  const guess = countryFromLanguages(preferred, countries) ?? (countries.includes(LANGUAGE_COUNTRY[language]) ? LANGUAGE_COUNTRY[language] : countries[0]);
  const country = picked ?? guess;
  const local = hotlines.filter((h) => h.country === country);
  const everywhere = hotlines.filter((h) => h.country === '*');

  return (
    <section aria-labelledby="hotlines-title" className="card">
      <h2 id="hotlines-title">{t('hotlines_title')}</h2>
      {countries.length > 0 && (
        <p>
          <label htmlFor="hotline-country">{t('country')}</label>{' '}
          <select id="hotline-country" value={country ?? ''} onChange={(e) => setPicked(e.target.value)}>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryName(c, language)}
              </option>
            ))}
          </select>
        </p>
      )}
      {local.length ? <HotlineList t={t} lines={local} testId="hotlines-local" /> : <p className="muted">{t('hotlines_none')}</p>}
      {everywhere.length > 0 && (
        <>
          <h3>{t('hotline_everywhere')}</h3>
          <HotlineList t={t} lines={everywhere} testId="hotlines-everywhere" />
        </>
      )}
    </section>
  );
}

function HotlineList({ t, lines, testId }: { t: T; lines: PublicHotline[]; testId: string }) {
  return (
    <ul className="hotlines" data-testid={testId}>
      {lines.map((h) => (
        <li key={h.key} data-hotline={h.key}>
          {h.name === h.phone ? (
            <strong>{t(`hotline_kind_${h.kind}` as MessageKey)}</strong>
          ) : (
            <>
              <strong>{h.name}</strong> <span className="muted">· {t(`hotline_kind_${h.kind}` as MessageKey)}</span>
            </>
          )}
          {h.audience !== 'all' && <span className="muted"> · {t(h.audience === 'under18' ? 'hotline_under18' : 'hotline_adults')}</span>}
          {h.phone && (
            <>
              {' '}
              <a className="hotline-phone" href={`tel:${h.phone.replace(/[^0-9+#*]/g, '').replace(/#/g, '%23')}`}>
                {h.phone}
              </a>
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
  );
}
