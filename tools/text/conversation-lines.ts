// The lines the conversation evaluation builds whole conversations from, per split of corpus/real:
// scam lines by stage label, the scammers' unlabelled chatter, victims' replies and ordinary chat, plus
// real ordinary e-mail text (SpamAssassin ham, cut into chat-sized sentences) and, kept apart and counted
// on their own, the simulator's written hard negatives (genuine video-call invites, money and tech talk).
// Lines keep their source id so the report can say where they came from without printing them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { LANGUAGES, scriptFor } from '../../src/sim/scripts/index.ts';
import { loadRealNegatives, realNegativesAvailable, REAL_NEGATIVE_PACKAGE, type RealNegative } from './real-negatives.ts';

export type Split = 'dev' | 'test';

export interface PoolLine {
  text: string;
  lang: string;
  /** Stage labels of a scam line (empty for everything else). */
  labels: TextLabel[];
  /** Source id (a corpus/real file id, a SpamAssassin group, or `sim:<lang>:<topic>`). */
  source: string;
  /** Families of corpus/real lines; the group for others. */
  family: string;
}

export interface LinePools {
  split: Split;
  /** Scammer lines per label (a line with two labels is in both). */
  scam: Record<TextLabel, PoolLine[]>;
  /** Scammer lines without a stage label: openers, flirting, small talk. */
  scamChatter: PoolLine[];
  /** What victims wrote back. */
  victim: PoolLine[];
  /** Ordinary chat lines from corpus/real (speaker: ordinary). */
  ordinary: PoolLine[];
  /** Real ordinary e-mail sentences (empty when the package is missing). */
  ham: PoolLine[];
  /** The simulator's written ordinary lines; `acts` says which act a genuine line shows (video call, money). */
  written: (PoolLine & { act: TextLabel | null })[];
  notes: string[];
}

interface CorpusLine {
  text: string;
  lang: string;
  labels: string[];
  speaker: string;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** SpamAssassin groups per split: easy-ham-1 may train the text model, so only held-out groups serve test. */
const HAM_GROUPS: Record<Split, RealNegative['group'][]> = { dev: ['easy-ham-1'], test: ['easy-ham-2', 'hard-ham-1'] };

export function loadLinePools(split: Split, options: { ham?: boolean; written?: boolean } = {}): LinePools {
  const pools: LinePools = {
    split,
    scam: Object.fromEntries(TEXT_LABELS.map((l) => [l, []])) as unknown as Record<TextLabel, PoolLine[]>,
    scamChatter: [],
    victim: [],
    ordinary: [],
    ham: [],
    written: [],
    notes: [],
  };
  const dir = join(REPO_ROOT, 'corpus', 'real', split);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { id: string; family: string; lines: CorpusLine[] };
    for (const line of doc.lines ?? []) {
      if (typeof line.text !== 'string' || line.text.trim() === '') continue;
      const labels = (line.labels ?? []).filter((l): l is TextLabel => (TEXT_LABELS as readonly string[]).includes(l));
      const entry: PoolLine = { text: line.text, lang: line.lang, labels, source: doc.id, family: doc.family };
      if (line.speaker === 'scammer') {
        if (labels.length === 0) pools.scamChatter.push(entry);
        for (const label of labels) pools.scam[label].push(entry);
      } else if (line.speaker === 'victim') pools.victim.push(entry);
      else if (line.speaker === 'ordinary') pools.ordinary.push(entry);
    }
  }
  if (options.ham !== false) {
    if (realNegativesAvailable()) pools.ham = hamSentences(loadRealNegatives(HAM_GROUPS[split]));
    else pools.notes.push(`${REAL_NEGATIVE_PACKAGE} is not installed: no real e-mail sentences in ordinary conversations`);
  }
  if (options.written !== false) pools.written = writtenOrdinary();
  return pools;
}

/** Chat-sized sentences of the ham bodies: no quoted replies, signatures, URLs-only or code-looking lines. */
export function hamSentences(emails: RealNegative[]): PoolLine[] {
  const out: PoolLine[] = [];
  for (const email of emails) {
    const sentences = email.text.split(/(?<=[.!?])\s+/);
    let taken = 0;
    for (const raw of sentences) {
      const text = raw.trim();
      if (text.length < 15 || text.length > 220) continue;
      if (/^>|https?:\/\/|@|[{}<>|_=]{2,}|^-{2,}|unsubscribe|mailing list/i.test(text)) continue;
      if (!/^[\p{Lu}\p{Ll}]/u.test(text) || (text.match(/\p{L}/gu)?.length ?? 0) < text.length * 0.6) continue;
      out.push({ text, lang: 'en', labels: [], source: `spamassassin:${email.group}`, family: email.group });
      if (++taken >= 3) break;
    }
  }
  return out;
}

/** The simulator's ordinary lines; genuine video-call invites are offplatform acts, genuine money talk payment acts. */
function writtenOrdinary(): (PoolLine & { act: TextLabel | null })[] {
  const out: (PoolLine & { act: TextLabel | null })[] = [];
  for (const lang of LANGUAGES) {
    const script = scriptFor(lang);
    const add = (texts: string[], topic: string, act: TextLabel | null) => {
      for (const text of texts) {
        const filled = text
          .replaceAll('{amount}', `${script.currency.symbol}${script.currency.amounts[0] / 20}`)
          .replaceAll('{pay_app}', script.payApps[0] ?? 'the app');
        out.push({ text: filled, lang: script.lang, labels: [], source: `sim:${lang}:${topic}`, family: `sim-${topic}`, act });
      }
    };
    add(script.ordinary.videoCall, 'videoCall', 'offplatform');
    add(script.ordinary.money, 'money', 'payment');
    add(script.ordinary.tech, 'tech', null);
    add(script.ordinary.smallTalk, 'smallTalk', null);
    add(script.ordinary.greetings, 'greetings', null);
    add(script.ordinary.replies, 'replies', null);
  }
  return out;
}

/** Counts per pool and the sources, for the report (never the lines themselves). */
export function describePools(pools: LinePools): string[] {
  const sources = (lines: PoolLine[]) => new Set(lines.map((l) => l.family)).size;
  const langs = (lines: PoolLine[]) => [...new Set(lines.map((l) => l.lang))].sort().join(',');
  const rows = [
    ...TEXT_LABELS.map((label) => [`scam ${label}`, pools.scam[label]] as const),
    ['scammer chatter', pools.scamChatter] as const,
    ['victim replies', pools.victim] as const,
    ['ordinary chat', pools.ordinary] as const,
    ['ham sentences', pools.ham] as const,
    ['written (sim)', pools.written] as const,
  ];
  return rows.map(([name, lines]) => `  ${name.padEnd(18)} ${String(lines.length).padStart(5)} lines  ${String(sources(lines)).padStart(3)} sources  [${langs(lines)}]`);
}
