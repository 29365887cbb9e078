// Validator for the real, sourced evaluation corpus (corpus/real).
// Run: node corpus/real/check.ts [--markdown]   (Node 24, type stripping; needs the `yaml` package)
// Checks the schema of every source file, duplicate lines across files, that every family is in
// split.yaml and that each file sits in the folder of its family's split; prints counts per
// split × language × label. Exits 1 on any error.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = dirname(fileURLToPath(import.meta.url));
const LABELS = ['offplatform', 'app_lure', 'escalation', 'threat', 'payment'];
const SPEAKERS = ['scammer', 'victim', 'narrator', 'ordinary'];
const KINDS = ['news', 'police', 'government', 'court', 'ngo', 'research', 'forum', 'awareness'];
const FILE_KEYS = ['id', 'url', 'title', 'publisher', 'date', 'kind', 'family', 'lines'];
const LINE_KEYS = ['text', 'lang', 'labels', 'speaker', 'verbatim', 'note'];
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANG_RE = /^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/;
const DATE_RE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

type Line = { text: string; lang: string; labels: string[]; speaker: string; verbatim: boolean | string; note?: string };
type Source = { id: string; url: string; title: string; publisher: string; date: string; kind: string; family: string; lines: Line[] };

const errors: string[] = [];
const err = (where: string, msg: string) => errors.push(`${where}: ${msg}`);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

const splitPath = join(ROOT, 'split.yaml');
const splitDoc = existsSync(splitPath) ? parse(readFileSync(splitPath, 'utf8')) ?? {} : {};
const split: Record<string, string> = splitDoc.families ?? {};
for (const [fam, s] of Object.entries(split)) if (s !== 'dev' && s !== 'test') err('split.yaml', `${fam}: split must be dev or test, not ${s}`);

const files: { path: string; folder: string }[] = [];
for (const folder of ['dev', 'test']) {
  const dir = join(ROOT, folder);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.yaml')) files.push({ path: join(dir, f), folder });
}
const STAGING = process.argv.includes('--staging'); // temporary: validate corpus/real/sources/ before the split
if (STAGING) for (const f of readdirSync(join(ROOT, 'sources')).sort()) files.push({ path: join(ROOT, 'sources', f), folder: 'dev' });
else if (existsSync(join(ROOT, 'sources'))) err('sources/', 'staging folder still present; files belong in dev/ or test/');

const norm = (t: string) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const seenText = new Map<string, string>();
const seenId = new Set<string>();
const familiesUsed = new Set<string>();
// counts[split][lang][label] ; label '[]' counts unlabelled lines by speaker group
const counts: Record<string, Record<string, Record<string, number>>> = { dev: {}, test: {} };
const bump = (s: string, lang: string, key: string) => {
  const l = (counts[s][lang] ??= {});
  l[key] = (l[key] ?? 0) + 1;
};

for (const { path, folder } of files) {
  const name = path.slice(ROOT.length + 1);
  let doc: Source;
  try { doc = parse(readFileSync(path, 'utf8')); } catch (e) { err(name, `YAML: ${(e as Error).message}`); continue; }
  if (!doc || typeof doc !== 'object') { err(name, 'not a mapping'); continue; }
  for (const k of Object.keys(doc)) if (!FILE_KEYS.includes(k)) err(name, `unknown key ${k}`);
  for (const k of ['id', 'url', 'title', 'publisher', 'kind', 'family']) if (!isStr((doc as any)[k])) err(name, `missing ${k}`);
  if (!DATE_RE.test(String(doc.date ?? ''))) err(name, `date must be YYYY, YYYY-MM or YYYY-MM-DD, not ${doc.date}`);
  if (!ID_RE.test(doc.id ?? '')) err(name, `id not kebab-case: ${doc.id}`);
  if (!ID_RE.test(doc.family ?? '')) err(name, `family not kebab-case: ${doc.family}`);
  if (`${doc.id}.yaml` !== name.split('/').pop()) err(name, `file name must be ${doc.id}.yaml`);
  if (seenId.has(doc.id)) err(name, `duplicate id ${doc.id}`);
  seenId.add(doc.id);
  if (!KINDS.includes(doc.kind)) err(name, `kind ${doc.kind} not in ${KINDS.join('|')}`);
  if (!/^https?:\/\//.test(doc.url ?? '')) err(name, 'url must be http(s)');
  familiesUsed.add(doc.family);
  const s = STAGING ? 'dev' : split[doc.family];
  if (STAGING) {} else if (!s) err(name, `family ${doc.family} missing from split.yaml`);
  else if (s !== folder) err(name, `family ${doc.family} is ${s} but file is in ${folder}/`);
  if (!Array.isArray(doc.lines) || doc.lines.length === 0) { err(name, 'no lines'); continue; }
  doc.lines.forEach((ln, i) => {
    const w = `${name}#${i + 1}`;
    if (!ln || typeof ln !== 'object') { err(w, 'line not a mapping'); return; }
    for (const k of Object.keys(ln)) if (!LINE_KEYS.includes(k)) err(w, `unknown key ${k}`);
    if (!isStr(ln.text)) err(w, 'empty text');
    if (!LANG_RE.test(ln.lang ?? '')) err(w, `bad lang ${ln.lang}`);
    if (!Array.isArray(ln.labels)) err(w, 'labels must be a list');
    else {
      for (const l of ln.labels) if (!LABELS.includes(l)) err(w, `unknown label ${l}`);
      if (new Set(ln.labels).size !== ln.labels.length) err(w, 'repeated label');
      if (ln.labels.length > 0 && ln.speaker !== 'scammer') err(w, 'only scammer lines may carry stage labels');
    }
    if (!SPEAKERS.includes(ln.speaker)) err(w, `bad speaker ${ln.speaker}`);
    if (ln.verbatim !== true && ln.verbatim !== 'translation') err(w, 'verbatim must be true or translation');
    if (ln.note !== undefined && !isStr(ln.note)) err(w, 'note must be a non-empty string');
    if (!isStr(ln.text)) return;
    const key = norm(ln.text);
    const prev = seenText.get(key);
    if (prev) err(w, `duplicate of ${prev}`);
    else seenText.set(key, w);
    if (!s || !Array.isArray(ln.labels)) return;
    if (ln.labels.length === 0) bump(s, ln.lang, ln.speaker === 'scammer' ? 'chatter' : 'negative');
    for (const l of ln.labels) bump(s, ln.lang, l);
    if (ln.labels.length) bump(s, ln.lang, 'scam_lines');
  });
}
if (!STAGING) for (const fam of Object.keys(split)) if (!familiesUsed.has(fam)) err('split.yaml', `family ${fam} has no files`);

// ---- report ----
const COLS = [...LABELS, 'scam_lines', 'chatter', 'negative'];
const md = process.argv.includes('--markdown');
const row = (cells: (string | number)[]) => (md ? `| ${cells.join(' | ')} |` : cells.map((c, i) => String(c).padEnd(i ? 12 : 8)).join(''));
const total = (s: string, c: string) => Object.values(counts[s]).reduce((a, l) => a + (l[c] ?? 0), 0);
for (const s of ['dev', 'test']) {
  console.log(md ? `\n**${s}**\n` : `\n== ${s} ==`);
  console.log(row(['lang', ...COLS]));
  if (md) console.log(row(['---', ...COLS.map(() => '---:')]));
  for (const lang of Object.keys(counts[s]).sort()) console.log(row([lang, ...COLS.map((c) => counts[s][lang][c] ?? 0)]));
  console.log(row([md ? '**all**' : 'ALL', ...COLS.map((c) => total(s, c))]));
}
const famCount = { dev: 0, test: 0 } as Record<string, number>;
for (const f of familiesUsed) if (split[f]) famCount[split[f]]++;
const scam = { dev: total('dev', 'scam_lines'), test: total('test', 'scam_lines') };
console.log(`\nfiles ${files.length}, families ${familiesUsed.size} (dev ${famCount.dev}, test ${famCount.test}), ` +
  `scam lines dev ${scam.dev} / test ${scam.test} (${((100 * scam.dev) / Math.max(1, scam.dev + scam.test)).toFixed(1)}% dev)`);
if (errors.length) {
  console.error(`\n${errors.length} error(s):\n` + errors.map((e) => `  ${e}`).join('\n'));
  process.exit(1);
}
console.log('OK');
