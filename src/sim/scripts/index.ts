// Every language the simulator speaks, by BCP 47 tag.
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { hi, hiLatn } from './hi.ts';
import { id } from './id.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import { tl } from './tl.ts';
import type { LanguageScript } from './types.ts';
import { zh } from './zh.ts';

export const SCRIPTS: ReadonlyMap<string, LanguageScript> = new Map(
  [en, tl, ko, ja, zh, id, es, fr, hi, hiLatn].map((script) => [script.lang, script]),
);

export const LANGUAGES: readonly string[] = [...SCRIPTS.keys()];

/** The script for `lang`, or an error that lists the languages there are. */
export function scriptFor(lang: string): LanguageScript {
  const script = SCRIPTS.get(lang);
  if (!script) throw new Error(`unknown simulator language "${lang}"; known: ${LANGUAGES.join(', ')}`);
  return script;
}
