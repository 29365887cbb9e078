// The labelled corpus: templates written for this project (corpus/text/templates/*.yaml, CC0) expanded
// deterministically with slot values (messenger names, ids, links, amounts, victims' contacts). Every example
// gets a fixed split from a hash of its text, so the held-out split never reaches training.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TEXT_LABELS, type TextLabel } from '../../src/core/signals.ts';
import { createRandom } from '../../src/core/random.ts';
import { hashString } from '../../src/modules/text/model.ts';

export type Split = 'train' | 'calibration' | 'test';

export interface Example {
  id: string;
  text: string;
  lang: string;
  labels: TextLabel[];
  /** `scam` or `negative:<kind>` (dating, videocall, techsupport, money, news, victim). */
  group: string;
  split: Split;
}

interface TemplateFile {
  lang: string;
  slots?: Record<string, string[]>;
  negative?: Record<string, string[]>;
  [label: string]: unknown;
}

export const CORPUS_DIR = new URL('../../corpus/text/templates/', import.meta.url);
export const FRESH_FILE = new URL('../../corpus/text/fresh.yaml', import.meta.url);

/** The unseen-phrasing set (corpus/text/fresh.yaml): evaluation only, reported apart from the held-out split. */
export function loadFreshMessages(file: URL = FRESH_FILE): Example[] {
  const rows = parse(readFileSync(file, 'utf8')) as { lang: string; labels: TextLabel[]; text: string }[];
  return rows.map((row, i) => ({
    id: `fresh-${i + 1}`,
    text: row.text,
    lang: row.lang,
    labels: row.labels,
    group: row.labels.length === 0 ? 'negative:fresh' : 'scam',
    split: 'test' as const,
  }));
}

/** Slot values shared by every language; a language file may add its own (`who`, `amt`). */
const SHARED_SLOTS: Record<string, string[]> = {
  app: ['Skype', 'Telegram', 'WhatsApp', 'LINE', 'KakaoTalk', 'WeChat', 'Snapchat', 'Signal', 'Viber'],
  id: ['live:.cid.7f3a9c21e', 'live:sweet.mia_22', '@lovely_anna93', 't.me/anna_sweet21', 'wa.me/639171234567', 'wxid_k8s7d6f5', 'line.me/ti/p/~mika0921', 'open.kakao.com/o/sXk29dQ', 'snapchat.com/add/hot.jenny', '+63 917 555 0192'],
  link: ['http://voice-fix.xyz/audio.apk', 'hxxps://whatsapp-update[.]top/plugin.apk', 'https://skype-video.app/setup', 'bit.ly/3AudioFix', 'https://te1egram-secure.com/download', 'http://cdn.sound-plugin.site/mic_v2.apk', 'tinyurl.com/camfix22', 'https://kakao-voice.icu/install.apk'],
  // Documentation and test-vector values only: the IBAN examples of the IBAN registry, BIP-173 and EIP-55 vectors.
  acct: ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN GB82 WEST 1234 5698 7654 32', 'BTC bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'USDT 0x52908400098527886E0F7030069857D2E4169EE7', 'BTC BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'],
  // Remittance pick-up details as a scammer dictates them: service, made-up receiver, city.
  remit: ['Western Union, receiver Liza M. Santos, Davao City', 'MoneyGram to Jomar D. Villanueva, Quezon City', 'Western Union — name: Carla B. Ramos, Manila', 'Palawan Express, receiver: Mark T. Lopez, Cebu'],
  who: ['your family'],
  amt: ['$500'],
};
const VARIANTS_PER_TEMPLATE = 5;
const SLOT = /\{(\w+)\}/g;

export function loadCorpus(dir: URL = CORPUS_DIR): Example[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const examples: Example[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const parsed = parse(readFileSync(join(dir.pathname, file), 'utf8')) as TemplateFile;
    for (const example of expandFile(parsed)) {
      if (seen.has(example.text)) continue;
      seen.add(example.text);
      examples.push(example);
    }
  }
  return examples;
}

function expandFile(file: TemplateFile): Example[] {
  const slots = { ...SHARED_SLOTS, ...(file.slots ?? {}) };
  const out: Example[] = [];
  const byLabel = new Map<TextLabel, Template[]>();
  for (const label of TEXT_LABELS) {
    const templates = ((file[label] as string[] | undefined) ?? []).map((raw) => parseTemplate(raw, label));
    byLabel.set(label, templates);
    for (const { text: template, labels } of templates) {
      for (const text of expand(template, slots)) out.push(example(file.lang, text, labels, 'scam'));
    }
  }
  // Real scripts chain stages in one message: a threat with its demand, a move with an escalation.
  for (const [a, b] of [['threat', 'payment'], ['offplatform', 'escalation'], ['app_lure', 'offplatform']] as [TextLabel, TextLabel][]) {
    const first = byLabel.get(a) ?? [];
    const second = byLabel.get(b) ?? [];
    first.forEach((template, i) => {
      const partner = second[i % Math.max(1, second.length)];
      if (!partner) return;
      const labels = TEXT_LABELS.filter((l) => template.labels.includes(l) || partner.labels.includes(l));
      for (const text of expand(`${template.text} ${partner.text}`, slots).slice(0, 3)) out.push(example(file.lang, text, labels, 'scam'));
    });
  }
  for (const [kind, texts] of Object.entries(file.negative ?? {})) {
    for (const template of texts) {
      for (const text of expand(template, slots)) out.push(example(file.lang, text, [], `negative:${kind}`));
    }
  }
  return out;
}

interface Template {
  text: string;
  labels: TextLabel[];
}

/** A template may carry extra labels as a prefix: "+payment send money or …" is a threat and a demand. */
function parseTemplate(raw: string, label: TextLabel): Template {
  const match = /^\+([a-z_,]+) /.exec(raw);
  if (!match) return { text: raw, labels: [label] };
  const extra = match[1].split(',').filter((l): l is TextLabel => (TEXT_LABELS as readonly string[]).includes(l));
  return { text: raw.slice(match[0].length), labels: TEXT_LABELS.filter((l) => l === label || extra.includes(l)) };
}

/**
 * Up to VARIANTS_PER_TEMPLATE fillings, chosen by a PRNG seeded from the template so runs are identical. Each
 * filling may also get a neutral chat opener (`pre`) or closer (`post`) from the language file; negatives get
 * the same affixes, so the affixes carry no label.
 */
export function expand(template: string, slots: Record<string, string[]>): string[] {
  const random = createRandom(hashString(template)).next;
  const results = new Set<string>([fill(template, slots, random)]);
  for (let attempt = 0; attempt < VARIANTS_PER_TEMPLATE * 4 && results.size < VARIANTS_PER_TEMPLATE; attempt++) {
    results.add(withAffix(fill(template, slots, random), slots, random));
  }
  return [...results];
}

function fill(template: string, slots: Record<string, string[]>, random: () => number): string {
  return template.replace(SLOT, (_, name: string) => pick(slots[name] ?? [`{${name}}`], random));
}

function withAffix(text: string, slots: Record<string, string[]>, random: () => number): string {
  const choice = random();
  if (choice < 0.4 && slots.pre?.length) return `${pick(slots.pre, random)} ${text}`;
  if (choice < 0.8 && slots.post?.length) return `${text} ${pick(slots.post, random)}`;
  return text;
}

function example(lang: string, text: string, labels: TextLabel[], group: string): Example {
  const h = hashString(text, 0x9747b28c);
  const bucket = h % 10;
  const split: Split = bucket < 2 ? 'test' : bucket < 3 ? 'calibration' : 'train';
  return { id: `${lang}-${h.toString(16)}`, text, lang, labels, group, split };
}

function pick(values: string[], random: () => number): string {
  return values[Math.floor(random() * values.length)];
}
