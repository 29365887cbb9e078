// The help page's languages (those of the text module) and lookup with placeholder filling.
import { en, enExtra, type MessageKey, type Messages } from './i18n-en.ts';
import { ja, ko, zh } from './i18n-east.ts';
import { idExtra, jaExtra, koExtra, msExtra, tlExtra, zhExtra } from './i18n-extra-east.ts';
import { esExtra, frExtra, hiExtra, thExtra, viExtra } from './i18n-extra-west.ts';
import { es, fr, hi } from './i18n-other.ts';
import { id, ms, th, tl, vi } from './i18n-southeast.ts';

export const LANGUAGES = ['en', 'tl', 'ko', 'ja', 'zh', 'id', 'ms', 'th', 'vi', 'es', 'fr', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

export const MESSAGES: Record<Language, Messages> = {
  en: { ...en, ...enExtra },
  tl: { ...tl, ...tlExtra },
  ko: { ...ko, ...koExtra },
  ja: { ...ja, ...jaExtra },
  zh: { ...zh, ...zhExtra },
  id: { ...id, ...idExtra },
  ms: { ...ms, ...msExtra },
  th: { ...th, ...thExtra },
  vi: { ...vi, ...viExtra },
  es: { ...es, ...esExtra },
  fr: { ...fr, ...frExtra },
  hi: { ...hi, ...hiExtra },
};

/** The country a language's speakers most likely call from, preselected until the visitor picks one. */
export const LANGUAGE_COUNTRY: Record<Language, string> = { en: 'US', tl: 'PH', ko: 'KR', ja: 'JP', zh: 'CN', id: 'ID', ms: 'MY', th: 'TH', vi: 'VN', es: 'ES', fr: 'FR', hi: 'IN' };

/** Picks the first supported language from the browser's preference list (`navigator.languages`). */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const mapped = base === 'fil' ? 'tl' : base === 'in' ? 'id' : base;
    if ((LANGUAGES as readonly string[]).includes(mapped)) return mapped as Language;
  }
  return 'en';
}

export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  // A missing text falls back to English rather than showing a key; the i18n test keeps that from happening.
  const template = MESSAGES[language][key] ?? MESSAGES.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

export type { MessageKey, Messages };
