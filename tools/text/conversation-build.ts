// Builds the evaluation's traffic: scam conversations whose stage messages are real scam lines in chain
// order (with the timing crews show: minutes between stages for most, hours to days for the patient ones),
// run by crew accounts with the account signals platforms see (new or bought accounts, thin profiles,
// location mismatch, scattershot requests, one opener sent to many people, shared photos and devices), and
// interleaved with real chatter and victims' replies; and ordinary conversations between mostly established
// accounts made of real ordinary chat, some of them with a long history before the part we score.
// Deterministic from the seed. Every message records the labels of its line (for the oracle-acts mode).
import type { ChainEvent } from '../../src/core/events.ts';
import type { TextLabel } from '../../src/core/signals.ts';
import { createRandom, type Random } from '../../src/core/random.ts';
import type { LinePools, PoolLine } from './conversation-lines.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-01T00:00:00Z');
export const EVAL_TENANT = 'eval';

export interface BuildOptions {
  seed: number;
  scam: number;
  ordinary: number;
}

export interface BuiltConversation {
  id: string;
  kind: 'scam' | 'ordinary';
  participants: string[];
  /** Scam: the crew account and its target. */
  scammer?: string;
  victim?: string;
  /** Scam: the message pushing the app, and whether its text is a real app-lure line (else a bare link). */
  lureEvent?: string;
  lureFromRealLine?: boolean;
  /** Scam: the first threat message. */
  threatEvent?: string;
  /** Ordinary: holds one of the simulator's written hard negatives (a genuine video-call invite, money talk). */
  written?: boolean;
  /** Ordinary: the two had a long history before. */
  established?: boolean;
  lang: string;
}

export interface BuiltTraffic {
  events: ChainEvent[];
  conversations: BuiltConversation[];
  /** The labels of the line behind each message (scam lines' corpus labels, written lines' act), for oracle acts. */
  acts: Map<string, TextLabel[]>;
  /** Event id → the stage label the builder put there (scam stage messages only), to count per-message recall. */
  stageOf: Map<string, TextLabel>;
  /** Sources of the lines used, by pool: how many distinct lines and families. */
  used: Map<string, Set<string>>;
}

interface Builder {
  random: Random;
  pools: LinePools;
  events: ChainEvent[];
  acts: Map<string, TextLabel[]>;
  stageOf: Map<string, TextLabel>;
  used: Map<string, Set<string>>;
  nextId: number;
}

const SCAM_ORDER: TextLabel[] = ['escalation', 'offplatform', 'app_lure', 'threat', 'payment'];

export function buildTraffic(pools: LinePools, options: BuildOptions): BuiltTraffic {
  const b: Builder = { random: createRandom(options.seed), pools, events: [], acts: new Map(), stageOf: new Map(), used: new Map(), nextId: 0 };
  if (pools.scam.threat.length === 0) throw new Error(`corpus/real/${pools.split} has no threat lines: cannot build scam conversations`);
  if (pools.ordinary.length + pools.ham.length === 0) throw new Error('no ordinary lines (corpus/real ordinary lines or SpamAssassin ham) to build ordinary conversations');
  const conversations: BuiltConversation[] = [];
  let crew = 0;
  while (conversations.filter((c) => c.kind === 'scam').length < options.scam) {
    crew += 1;
    const accounts = b.random.int(1, 3);
    const kit = { pdq: b.random.chance(0.4) ? b.random.hex(64) : null, device: b.random.chance(0.3) ? b.random.hex(16) : null };
    for (let a = 0; a < accounts && conversations.filter((c) => c.kind === 'scam').length < options.scam; a++) {
      conversations.push(...scamAccount(b, `crew${crew}-a${a}`, kit, options.scam - conversations.filter((c) => c.kind === 'scam').length));
    }
  }
  const people = Array.from({ length: Math.max(2, Math.ceil(options.ordinary * 1.2)) }, (_, i) => ordinaryPerson(b, `p${i}`));
  for (let i = 0; i < options.ordinary; i++) {
    const a = people[i % people.length];
    let other = b.random.pick(people);
    while (other === a) other = b.random.pick(people);
    conversations.push(ordinaryConversation(b, `oc${i}`, a, other));
  }
  b.events.sort((x, y) => Date.parse(x.time) - Date.parse(y.time));
  return { events: b.events, conversations, acts: b.acts, stageOf: b.stageOf, used: b.used };
}

function eventId(b: Builder): string {
  return `e${++b.nextId}`;
}

function use(b: Builder, pool: string, line: PoolLine): string {
  let set = b.used.get(pool);
  if (!set) b.used.set(pool, (set = new Set()));
  set.add(`${line.family}\u0000${line.text}`);
  return line.text;
}

/**
 * A line from the pool, in the conversation's language when the pool has one. Lines are dealt from a
 * shuffled deck, so each is used once before any comes back: real people do not repeat each other's
 * sentences, and a repeated line would tie strangers together through whatever it names.
 */
function pickLine(b: Builder, lines: readonly PoolLine[], lang: string): PoolLine {
  const same = lines.filter((l) => l.lang === lang);
  return deal(b, same.length > 0 && b.random.chance(0.85) ? same : lines);
}

const decks = new WeakMap<Builder, Map<string, PoolLine[]>>();

function deal(b: Builder, lines: readonly PoolLine[]): PoolLine {
  let byPool = decks.get(b);
  if (!byPool) decks.set(b, (byPool = new Map()));
  const key = `${lines.length}\u0000${lines[0]?.text}\u0000${lines.at(-1)?.text}`;
  let deck = byPool.get(key);
  if (!deck || deck.length === 0) byPool.set(key, (deck = b.random.sample(lines, lines.length)));
  return deck.pop()!;
}

function message(b: Builder, time: number, conversation: string, sender: string, recipient: string, text: string, attachments: unknown[] = []): string {
  const id = eventId(b);
  b.events.push({ id, tenant: EVAL_TENANT, type: 'message.sent', time: iso(time), conversation_id: conversation, sender, recipients: [recipient], text, attachments: attachments as never });
  return id;
}

function profile(b: Builder, time: number, type: 'account.created' | 'account.updated', account: Record<string, unknown>): void {
  b.events.push({ id: eventId(b), tenant: EVAL_TENANT, type, time: iso(time), account: { photos: [], device_ids: [], links: [], ...account } } as unknown as ChainEvent);
}

interface Person {
  id: string;
  createdAt: number;
  lang: string;
}

/** An ordinary member: most joined months or years ago, some signed up in the last two days. */
function ordinaryPerson(b: Builder, id: string): Person {
  const fresh = b.random.chance(0.15);
  const seen = START + b.random.int(0, 9 * 24) * HOUR;
  const createdAt = fresh ? seen - b.random.int(1, 48) * HOUR : seen - b.random.int(30, 1500) * DAY;
  const photos = Array.from({ length: b.random.int(2, 4) }, () => ({ pdq: b.random.hex(64) }));
  // The platform described every member when they joined or long before this traffic (well before any chat).
  profile(b, fresh ? createdAt : Math.max(createdAt, START - 70 * DAY), fresh ? 'account.created' : 'account.updated', {
    id,
    created_at: iso(createdAt),
    display_name: `member ${id}`,
    bio: 'here to meet people',
    age: b.random.int(18, 60),
    photos,
    declared_location: { country: 'US' },
    observed_location: { country: 'US' },
    device_ids: [b.random.hex(16)],
  });
  return { id, createdAt, lang: b.random.pick(['en', 'ja', 'ko', 'es', 'fr', 'zh']) };
}

function scamAccount(b: Builder, id: string, kit: { pdq: string | null; device: string | null }, left: number): BuiltConversation[] {
  const r = b.random;
  const firstStart = START + r.int(0, 9 * 24 * 60) * MINUTE;
  const band = r.next();
  // Most crew profiles are days old; some are bought or hijacked accounts with years of history.
  const createdAt = band < 0.6 ? firstStart - r.int(30, 72 * 60) * MINUTE : band < 0.85 ? firstStart - r.int(3, 30) * DAY : firstStart - r.int(60, 900) * DAY;
  const thin = r.chance(0.5);
  const photos = thin ? [{ pdq: kit.pdq ?? r.hex(64) }] : [{ pdq: kit.pdq ?? r.hex(64) }, { pdq: r.hex(64) }];
  profile(b, Math.max(createdAt, firstStart - 2 * HOUR), createdAt > firstStart - 7 * DAY ? 'account.created' : 'account.updated', {
    id,
    created_at: iso(createdAt),
    ...(thin ? {} : { display_name: 'Anna', bio: 'new here, looking for a friend', age: r.int(19, 27) }),
    photos,
    declared_location: { country: 'US' },
    observed_location: { country: r.chance(0.4) ? r.pick(['NG', 'CI', 'PH', 'GH']) : 'US' },
    device_ids: [kit.device ?? r.hex(16)],
  });
  if (r.chance(0.5)) {
    // Scattershot: a burst of friend/follow requests in the hours before the first chat.
    for (let i = 0, n = r.int(10, 40); i < n; i++) {
      b.events.push({ id: eventId(b), tenant: EVAL_TENANT, type: 'connection.requested', time: iso(firstStart - r.int(1, 180) * MINUTE), from: id, to: `stranger-${r.hex(8)}` });
    }
  }
  const opener = b.pools.scamChatter.length ? pickLine(b, b.pools.scamChatter, r.pick(['en', 'ja', 'ko'])) : null;
  const out: BuiltConversation[] = [];
  let start = firstStart;
  for (let i = 0, n = Math.min(left, r.int(1, 5)); i < n; i++) {
    out.push(scamConversation(b, `${id}-c${i}`, id, opener, start));
    start += r.int(5, 240) * MINUTE;
  }
  return out;
}

function scamConversation(b: Builder, conversation: string, scammer: string, opener: PoolLine | null, start: number): BuiltConversation {
  const r = b.random;
  const victim = `${conversation}-target`;
  const lang = opener?.lang ?? r.pick(b.pools.scam.threat).lang;
  // Targets are ordinary members: most joined long ago, one in ten in the last three weeks.
  const victimCreated = start - (r.chance(0.1) ? r.int(1, 20) : r.int(60, 2000)) * DAY;
  profile(b, Math.max(victimCreated, start - r.int(1, 30) * DAY), 'account.updated', {
    id: victim,
    created_at: iso(victimCreated),
    display_name: `target ${victim}`,
    bio: 'student',
    age: r.int(16, 45),
    photos: [{ pdq: r.hex(64) }, { pdq: r.hex(64) }],
    declared_location: { country: 'US' },
    observed_location: { country: 'US' },
  });
  const slow = r.chance(0.3);
  const gap = (min: number, max: number) => r.int(min, max) * MINUTE * (slow ? r.int(6, 40) : 1);
  const built: BuiltConversation = { id: conversation, kind: 'scam', participants: [scammer, victim], scammer, victim, lang };
  let t = start;
  const fromScammer = (text: string, attachments: unknown[] = []) => message(b, t, conversation, scammer, victim, text, attachments);
  const reply = () => {
    t += r.int(1, 12) * MINUTE;
    const pool = b.pools.victim.length && r.chance(0.6) ? b.pools.victim : [...b.pools.ordinary, ...b.pools.ham];
    message(b, t, conversation, victim, scammer, use(b, 'victim', pickLine(b, pool, lang)));
  };
  fromScammer(opener ? use(b, 'chatter', opener) : 'hi');
  reply();
  for (let i = 0, n = r.int(1, 3); i < n && b.pools.scamChatter.length; i++) {
    t += r.int(1, 10) * MINUTE;
    fromScammer(use(b, 'chatter', pickLine(b, b.pools.scamChatter, lang)));
    reply();
  }
  const stages = SCAM_ORDER.filter((s) => (s === 'escalation' ? r.chance(0.85) : s === 'offplatform' ? r.chance(0.9) : s === 'app_lure' ? r.chance(0.7) : s === 'payment' ? r.chance(0.85) : true));
  if (stages[0] === 'escalation' && stages[1] === 'offplatform' && r.chance(0.3)) [stages[0], stages[1]] = [stages[1], stages[0]];
  const gaps: Record<TextLabel, [number, number]> = { escalation: [10, 60], offplatform: [3, 30], app_lure: [15, 50], threat: [20, 120], payment: [1, 10] };
  for (const stage of stages) {
    t += gap(...gaps[stage]);
    const lines = b.pools.scam[stage];
    for (let k = 0, n = stage === 'threat' || stage === 'payment' ? r.int(1, 2) : 1; k < n; k++) {
      if (k > 0) t += r.int(1, 3) * MINUTE;
      let id: string;
      if (stage === 'app_lure') {
        const line = lines.length ? pickLine(b, lines, lang) : null;
        const link = lureLink(r);
        id = fromScammer(line ? `${use(b, 'scam', line)}${link.inText ? ` ${link.url}` : ''}` : link.url, link.attachment ? [link.attachment] : []);
        built.lureEvent = id;
        built.lureFromRealLine = line !== null;
        if (line) b.acts.set(id, line.labels);
      } else {
        if (lines.length === 0) break;
        const line = pickLine(b, lines, lang);
        id = fromScammer(use(b, 'scam', line));
        b.acts.set(id, line.labels);
        if (stage === 'threat') built.threatEvent ??= id;
      }
      b.stageOf.set(id, stage);
    }
    if (r.chance(0.6) || stage === 'threat') reply();
  }
  return built;
}

/** The lure's link: a download page for most, an .apk link or an APK file for the rest. */
function lureLink(r: Random): { url: string; inText: boolean; attachment?: Record<string, string> } {
  const host = `${r.pick(['voice', 'chat', 'cam', 'talk'])}${r.hex(4)}.example`;
  const roll = r.next();
  if (roll < 0.3) return { url: `https://${host}/app.apk`, inText: false, attachment: { kind: 'apk', url: `https://${host}/app.apk`, name: 'app.apk', mime: 'application/vnd.android.package-archive' } };
  if (roll < 0.5) return { url: `https://${host}/app.apk`, inText: true };
  return { url: `https://${host}/download`, inText: true };
}

function ordinaryConversation(b: Builder, conversation: string, a: Person, other: Person): BuiltConversation {
  const r = b.random;
  // Nobody writes before their account exists; a pair with a fresh sign-up cannot have weeks of history.
  const joined = Math.max(a.createdAt, other.createdAt);
  const now = Math.max(START + r.int(0, 9 * 24 * 60) * MINUTE, joined + r.int(10, 600) * MINUTE);
  const history = r.int(8, 60) * DAY;
  const established = now - history > joined && r.chance(0.4);
  let t = established ? now - history : now;
  const written = b.pools.written.length > 0 && r.chance(0.3);
  const built: BuiltConversation = { id: conversation, kind: 'ordinary', participants: [a.id, other.id], written, established, lang: a.lang };
  if (!established && r.chance(0.4)) {
    b.events.push({ id: eventId(b), tenant: EVAL_TENANT, type: 'connection.requested', time: iso(t), from: a.id, to: other.id });
    t += r.int(5, 240) * MINUTE;
    b.events.push({ id: eventId(b), tenant: EVAL_TENANT, type: 'connection.accepted', time: iso(t), from: other.id, to: a.id });
    t += r.int(1, 30) * MINUTE;
  }
  const real = [...b.pools.ordinary, ...b.pools.ham];
  const count = r.int(6, 16);
  const writtenAt = written ? r.int(2, count - 1) : -1;
  for (let i = 0; i < count; i++) {
    const sender = i % 2 === 0 || r.chance(0.2) ? a : other;
    const to = sender === a ? other : a;
    if (i === writtenAt) {
      const acts = b.pools.written.filter((l) => l.act !== null);
      const line = pickLine(b, acts, a.lang) as (typeof acts)[number];
      const id = message(b, t, conversation, sender.id, to.id, use(b, 'written', line));
      b.acts.set(id, [line.act!]);
    } else {
      message(b, t, conversation, sender.id, to.id, use(b, 'ordinary', pickLine(b, real, a.lang)));
    }
    // An established pair's history runs over weeks; the scored part (and new pairs) over hours.
    t += established && i < count / 2 ? r.int(1, 4) * DAY : r.int(1, 45) * MINUTE;
  }
  return built;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
