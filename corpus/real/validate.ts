// Validation of the real, sourced evaluation corpus (corpus/real), as a function so that both the CLI
// (check.ts) and the test suite (test/corpus/real.test.ts) run the very same checks.
// Checks the schema of every source file, duplicate lines across all files (and so across splits), that
// every family is in split.yaml, that split.yaml follows its hash rule, and that each file sits in the folder
// of its family's split. Also counts lines per split × language × label.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';

export const LABELS = ['offplatform', 'app_lure', 'escalation', 'threat', 'payment'] as const;
export const SPEAKERS = ['scammer', 'victim', 'narrator', 'ordinary'] as const;
// blog: a person's own public posts; business: a company's help or FAQ page (real ordinary wording, for negatives).
export const KINDS = ['news', 'police', 'government', 'court', 'ngo', 'research', 'forum', 'awareness', 'blog', 'business'] as const;
// true: the words as the source prints them; translation: the source's own translation of a quoted message;
// reported: the source's rendering of words it heard second hand (a victim recalling "something like …").
export const VERBATIM = [true, 'translation', 'reported'] as const;
const FILE_KEYS = ['id', 'url', 'title', 'publisher', 'date', 'kind', 'family', 'lines'];
const LINE_KEYS = ['text', 'lang', 'labels', 'speaker', 'verbatim', 'note'];
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANG_RE = /^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/;
// 'undated' when the page shows no date: better than a guessed year.
const DATE_RE = /^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|undated)$/;
export type Split = 'dev' | 'test';
export const SPLITS: readonly Split[] = ['dev', 'test'];

export type CorpusLine = {
  text: string; lang: string; labels: string[]; speaker: string; verbatim: boolean | string; note?: string;
};
export type CorpusSource = {
  id: string; url: string; title: string; publisher: string; date: string; kind: string; family: string;
  lines: CorpusLine[];
};
/** A line that passed validation, with where it came from. */
export type LoadedLine = CorpusLine & { split: Split; family: string; sourceId: string; url: string };
/** counts[split][lang][column]; columns are the labels plus scam_lines, chatter (unlabelled scammer lines)
 *  and negative (unlabelled lines of anyone else). */
export type Counts = Record<Split, Record<string, Record<string, number>>>;
export type Report = {
  errors: string[];
  files: number;
  families: Set<string>;
  familiesPerSplit: Record<Split, number>;
  counts: Counts;
  lines: LoadedLine[];
};

/** The split a new family gets: test when sha256(family) read as a big-endian integer mod 5 < 2, else dev. */
export function splitForFamily(family: string): Split {
  const n = BigInt('0x' + createHash('sha256').update(family).digest('hex'));
  return n % 5n < 2n ? 'test' : 'dev';
}

/** Lower-cased NFKC with collapsed whitespace: two lines equal under this are duplicates. */
export function normaliseForDuplicates(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

export function validateCorpus(root: string, opts: { staging?: boolean } = {}): Report {
  const errors: string[] = [];
  const err = (where: string, msg: string) => errors.push(`${where}: ${msg}`);

  const splitPath = join(root, 'split.yaml');
  let split: Record<string, string> = {};
  if (!existsSync(splitPath)) err('split.yaml', 'missing');
  else {
    try {
      split = (parse(readFileSync(splitPath, 'utf8')) ?? {}).families ?? {};
    } catch (e) {
      err('split.yaml', `YAML: ${(e as Error).message}`);
    }
  }
  for (const [fam, s] of Object.entries(split)) {
    if (s !== 'dev' && s !== 'test') err('split.yaml', `${fam}: split must be dev or test, not ${s}`);
  }

  const files: { path: string; folder: Split }[] = [];
  for (const folder of SPLITS) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.yaml')) files.push({ path: join(dir, f), folder });
  }
  const stagingDir = join(root, 'sources');
  if (opts.staging && existsSync(stagingDir)) {
    for (const f of readdirSync(stagingDir).sort()) files.push({ path: join(stagingDir, f), folder: 'dev' });
  } else if (existsSync(stagingDir)) err('sources/', 'staging folder still present; files belong in dev/ or test/');

  const seenText = new Map<string, string>();
  const seenId = new Set<string>();
  const seenUrl = new Map<string, string>();
  const families = new Set<string>();
  const counts: Counts = { dev: {}, test: {} };
  const lines: LoadedLine[] = [];
  const bump = (s: Split, lang: string, key: string) => {
    const l = (counts[s][lang] ??= {});
    l[key] = (l[key] ?? 0) + 1;
  };

  for (const { path, folder } of files) {
    const name = path.slice(root.length + 1);
    let doc: CorpusSource;
    try {
      doc = parse(readFileSync(path, 'utf8'));
    } catch (e) {
      err(name, `YAML: ${(e as Error).message}`);
      continue;
    }
    if (!doc || typeof doc !== 'object') {
      err(name, 'not a mapping');
      continue;
    }
    const rec = doc as unknown as Record<string, unknown>;
    for (const k of Object.keys(doc)) if (!FILE_KEYS.includes(k)) err(name, `unknown key ${k}`);
    for (const k of ['id', 'url', 'title', 'publisher', 'kind', 'family']) if (!isStr(rec[k])) err(name, `missing ${k}`);
    if (!DATE_RE.test(String(doc.date ?? ''))) err(name, `date must be YYYY, YYYY-MM, YYYY-MM-DD or undated, not ${doc.date}`);
    if (!ID_RE.test(doc.id ?? '')) err(name, `id not kebab-case: ${doc.id}`);
    if (!ID_RE.test(doc.family ?? '')) err(name, `family not kebab-case: ${doc.family}`);
    if (`${doc.id}.yaml` !== name.split('/').pop()) err(name, `file name must be ${doc.id}.yaml`);
    if (seenId.has(doc.id)) err(name, `duplicate id ${doc.id}`);
    seenId.add(doc.id);
    if (!(KINDS as readonly string[]).includes(doc.kind)) err(name, `kind ${doc.kind} not in ${KINDS.join('|')}`);
    if (!/^https?:\/\//.test(doc.url ?? '')) err(name, 'url must be http(s)');
    // one page, one file: a second file for the same page would split or duplicate its lines
    const urlKey = String(doc.url ?? '').replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
    if (seenUrl.has(urlKey)) err(name, `same url as ${seenUrl.get(urlKey)}`);
    else seenUrl.set(urlKey, name);
    families.add(doc.family);
    const s = opts.staging ? 'dev' : split[doc.family];
    if (!opts.staging) {
      if (!s) err(name, `family ${doc.family} missing from split.yaml`);
      else if (s !== folder) err(name, `family ${doc.family} is ${s} but file is in ${folder}/`);
    }
    if (!Array.isArray(doc.lines) || doc.lines.length === 0) {
      err(name, 'no lines');
      continue;
    }
    doc.lines.forEach((ln, i) => {
      const w = `${name}#${i + 1}`;
      if (!ln || typeof ln !== 'object') {
        err(w, 'line not a mapping');
        return;
      }
      for (const k of Object.keys(ln)) if (!LINE_KEYS.includes(k)) err(w, `unknown key ${k}`);
      if (!isStr(ln.text)) err(w, 'empty text');
      if (!LANG_RE.test(ln.lang ?? '')) err(w, `bad lang ${ln.lang}`);
      let labelsOk = Array.isArray(ln.labels);
      if (!labelsOk) err(w, 'labels must be a list');
      else {
        for (const l of ln.labels) if (!(LABELS as readonly string[]).includes(l)) (err(w, `unknown label ${l}`), (labelsOk = false));
        if (new Set(ln.labels).size !== ln.labels.length) err(w, 'repeated label');
        if (ln.labels.length > 0 && ln.speaker !== 'scammer') err(w, 'only scammer lines may carry stage labels');
      }
      if (!(SPEAKERS as readonly string[]).includes(ln.speaker)) err(w, `bad speaker ${ln.speaker}`);
      if (!(VERBATIM as readonly unknown[]).includes(ln.verbatim)) err(w, `verbatim must be one of ${VERBATIM.join('|')}`);
      else if (ln.verbatim !== true && !isStr(ln.note)) err(w, `verbatim ${ln.verbatim} needs a note saying whose words these are`);
      if (ln.note !== undefined && !isStr(ln.note)) err(w, 'note must be a non-empty string');
      if (!isStr(ln.text)) return;
      const key = normaliseForDuplicates(ln.text);
      const prev = seenText.get(key);
      if (prev) err(w, `duplicate of ${prev}`);
      else seenText.set(key, w);
      if ((s !== 'dev' && s !== 'test') || !labelsOk) return;
      lines.push({ ...ln, split: s, family: doc.family, sourceId: doc.id, url: doc.url });
      if (ln.labels.length === 0) bump(s, ln.lang, ln.speaker === 'scammer' ? 'chatter' : 'negative');
      for (const l of ln.labels) bump(s, ln.lang, l);
      if (ln.labels.length) bump(s, ln.lang, 'scam_lines');
    });
  }
  if (!opts.staging) {
    for (const fam of Object.keys(split)) if (!families.has(fam)) err('split.yaml', `family ${fam} has no files`);
  }
  const familiesPerSplit: Record<Split, number> = { dev: 0, test: 0 };
  for (const f of families) if (split[f] === 'dev' || split[f] === 'test') familiesPerSplit[split[f] as Split]++;
  return { errors, files: files.length, families, familiesPerSplit, counts, lines };
}

export const REPORT_COLUMNS = [...LABELS, 'scam_lines', 'chatter', 'negative'];

/** The counts table, as plain text or as Markdown (for corpus/real/README.md). */
export function formatCounts(report: Report, markdown: boolean): string {
  const out: string[] = [];
  const row = (cells: (string | number)[]) =>
    markdown ? `| ${cells.join(' | ')} |` : cells.map((c, i) => String(c).padEnd(i ? 12 : 8)).join('');
  const total = (s: Split, c: string) => Object.values(report.counts[s]).reduce((a, l) => a + (l[c] ?? 0), 0);
  for (const s of SPLITS) {
    out.push(markdown ? `\n**${s}**\n` : `\n== ${s} ==`);
    out.push(row(['lang', ...REPORT_COLUMNS]));
    if (markdown) out.push(row(['---', ...REPORT_COLUMNS.map(() => '---:')]));
    for (const lang of Object.keys(report.counts[s]).sort()) {
      out.push(row([lang, ...REPORT_COLUMNS.map((c) => report.counts[s][lang][c] ?? 0)]));
    }
    out.push(row([markdown ? '**all**' : 'ALL', ...REPORT_COLUMNS.map((c) => total(s, c))]));
  }
  const scam = { dev: total('dev', 'scam_lines'), test: total('test', 'scam_lines') };
  const pct = ((100 * scam.dev) / Math.max(1, scam.dev + scam.test)).toFixed(1);
  out.push(
    `\nfiles ${report.files}, families ${report.families.size} (dev ${report.familiesPerSplit.dev}, ` +
      `test ${report.familiesPerSplit.test}), scam lines dev ${scam.dev} / test ${scam.test} (${pct}% dev)`,
  );
  return out.join('\n');
}
