// Ordinary users: long-standing accounts (and a few new sign-ups), friends and dating matches chatting
// about everyday things. Each conversation carries one "hard negative" topic (a genuine video-call
// invitation, genuine money talk, genuine tech trouble, or news talk about sextortion) so the demo and
// the tests show what must NOT be flagged.
import type { AccountEvent } from '../core/events.ts';
import { DAY, MINUTE, fill, pushAccount, pushConnection, pushMessage, type SimContext } from './context.ts';
import { randomPdq } from './identifiers.ts';
import { scriptFor } from './scripts/index.ts';
import type { LanguageScript } from './scripts/types.ts';

export interface Person {
  id: string;
  name: string;
  lang: string;
}

export const TOPICS = ['videoCall', 'money', 'tech', 'news'] as const;
export type Topic = (typeof TOPICS)[number];

export interface OrdinaryConversationInfo {
  conversationId: string;
  participants: [string, string];
  topics: Topic[];
  lang: string;
}

/** Writes each person's profile: most are old accounts seen updating, some are brand-new sign-ups. */
export function createPeople(ctx: SimContext, count: number, languages: readonly string[], start: number): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) people.push(createPerson(ctx, languages[i % languages.length], start + ctx.random.int(0, 120) * MINUTE));
  return people;
}

export function createPerson(ctx: SimContext, lang: string, time: number): Person {
  const person: Person = { id: ctx.nextAccountId(), name: ctx.random.pick(scriptFor(lang).peopleNames), lang };
  writeProfile(ctx, person, time);
  return person;
}

function writeProfile(ctx: SimContext, person: Person, time: number): void {
  const random = ctx.random;
  const script = scriptFor(person.lang);
  const isNew = random.chance(0.15);
  const createdAt = isNew ? time : time - random.int(30, 1500) * DAY;
  const photos = Array.from({ length: random.int(1, 4) }, () =>
    random.chance(0.2) ? { url: `https://photos.example.net/${random.hex(16)}.jpg` } : { pdq: randomPdq(random) },
  );
  const account: AccountEvent['account'] = {
    id: person.id,
    created_at: new Date(createdAt).toISOString(),
    display_name: person.name,
    bio: random.pick(script.ordinary.bios),
    age: random.int(18, 45),
    photos,
    declared_location: { country: script.country },
    observed_location: { country: script.country },
    device_ids: [random.hex(16)],
    // Every ordinary user gets a distinct documentation-range IPv6 address, so none look linked by network.
    ip: `2001:db8:${random.hex(4)}:${random.hex(4)}::${random.int(1, 0xfff).toString(16)}`,
    links: [],
  };
  pushAccount(ctx, time, isNew ? 'account.created' : 'account.updated', account);
  if (random.chance(0.25)) {
    // A later profile edit: a new bio, the kind of update every platform streams.
    pushAccount(ctx, time + random.int(1, 20) * 60 * MINUTE, 'account.updated', { ...account, bio: random.pick(script.ordinary.bios) });
  }
}

/** Pairs people who share a language and writes one conversation per person, spread over `spanMs`. */
export function writeOrdinaryTraffic(ctx: SimContext, people: readonly Person[], start: number, spanMs: number): OrdinaryConversationInfo[] {
  const conversations: OrdinaryConversationInfo[] = [];
  if (people.length < 2) return conversations;
  const byLanguage = Map.groupBy(people, (p) => p.lang);
  people.forEach((person, index) => {
    const sameLanguage = byLanguage.get(person.lang)!;
    const pool = sameLanguage.length > 1 ? sameLanguage : people;
    let partner = ctx.random.pick(pool);
    while (partner.id === person.id) partner = ctx.random.pick(pool);
    const begin = start + ctx.random.int(0, Math.max(0, Math.floor(spanMs / MINUTE))) * MINUTE;
    const topic = TOPICS[index % TOPICS.length];
    conversations.push(writeOrdinaryConversation(ctx, person, partner, begin, [topic], person.lang));
  });
  return conversations;
}

/** A friendly chat between two people, in `lang`, with the hard-negative topics in the middle. */
export function writeOrdinaryConversation(
  ctx: SimContext,
  a: Person,
  b: Person,
  start: number,
  topics: readonly Topic[],
  lang: string,
): OrdinaryConversationInfo {
  const random = ctx.random;
  const script = scriptFor(lang);
  const conversationId = ctx.nextConversationId();
  let time = start;
  if (random.chance(0.4)) {
    // A new match or friendship: the request and acceptance come first.
    pushConnection(ctx, time, 'connection.requested', a.id, b.id);
    time += random.int(5, 240) * MINUTE;
    pushConnection(ctx, time, 'connection.accepted', b.id, a.id);
    time += random.int(1, 30) * MINUTE;
  }
  const lines: [Person, string][] = [
    [a, random.pick(script.ordinary.greetings)],
    [b, random.pick(script.ordinary.replies)],
    [a, random.pick(script.ordinary.smallTalk)],
    [b, random.pick(script.ordinary.replies)],
  ];
  for (const topic of topics) {
    const speaker = random.chance(0.5) ? a : b;
    lines.push([speaker, topicLine(ctx, script, topic)], [speaker === a ? b : a, random.pick(script.ordinary.replies)]);
  }
  if (random.chance(0.5)) lines.push([b, random.pick(script.ordinary.smallTalk)], [a, random.pick(script.ordinary.replies)]);
  for (const [sender, text] of lines) {
    const recipient = sender === a ? b : a;
    pushMessage(ctx, time, conversationId, sender.id, [recipient.id], text);
    time += random.int(1, 45) * MINUTE;
  }
  return { conversationId, participants: [a.id, b.id], topics: [...topics], lang };
}

function topicLine(ctx: SimContext, script: LanguageScript, topic: Topic): string {
  const random = ctx.random;
  const template = random.pick(script.ordinary[topic]);
  if (topic !== 'money') return template;
  return fill(template, { amount: `${script.currency.symbol}${smallAmount(script)}`, pay_app: random.pick(script.payApps) });
}

/** Everyday sums (dinner, tickets): about a fifteenth of the smallest ransom, rounded to two significant digits. */
function smallAmount(script: LanguageScript): string {
  const raw = script.currency.amounts[0] / 15;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return String(Math.round(raw / magnitude) * magnitude);
}
