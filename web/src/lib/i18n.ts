// The help page's languages (those of the text module) and lookup with placeholder filling.
import { en, type MessageKey, type Messages } from './i18n-en.ts';
import { ja, ko, zh } from './i18n-east.ts';
import { es, fr, hi } from './i18n-other.ts';
import { id, ms, th, tl, vi } from './i18n-southeast.ts';

export const LANGUAGES = ['en', 'tl', 'ko', 'ja', 'zh', 'id', 'ms', 'th', 'vi', 'es', 'fr', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

export const MESSAGES: Record<Language, Messages> = { en, tl, ko, ja, zh, id, ms, th, vi, es, fr, hi };

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
  const template = MESSAGES[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

export type { MessageKey, Messages };
