// A scam crew: one operator behind several young-woman persona profiles that share devices, IPs,
// photos (near-duplicate variants), phones and off-platform handles, created recently, claiming one
// country while connecting from another, sending friend requests in bulk and the same opener to many.
import type { AccountEvent } from '../core/events.ts';
import { HOUR, MINUTE, pushAccount, pushConnection, pushMessage, tag, type SimContext } from './context.ts';
import { createCrewKit, pdqVariant, type CrewKit } from './identifiers.ts';
import { scriptFor } from './scripts/index.ts';

export interface CrewProfile {
  id: string;
  lang: string;
  displayName: string;
  /** The opener this profile sends, near-identically, to everyone. */
  opener: string;
  createdAt: number;
}

export interface Crew {
  index: number;
  /** The crew's number over a whole run (a live demo's batches continue the count): what keeps crews apart. */
  serial: number;
  /** A label for people reading test output or the demo, never sent as event data. */
  label: string;
  languages: string[];
  kit: CrewKit;
  profiles: CrewProfile[];
}

export interface Target {
  id: string;
  name: string;
}

/** Enough recipients for the same opener to read as copy-paste outreach. */
const MIN_OPENER_RECIPIENTS = 6;
const OPENER_SUFFIXES = ['', '', ' 😊', '!', ' 🙂', ' 💕', '..'];

/** Creates the crew's profiles (account.created events) starting at `start`; `serial` numbers the crew over a whole run. */
export function createCrew(ctx: SimContext, index: number, languages: string[], start: number, profileCount: number, serial = index): Crew {
  const random = ctx.random;
  const kit = createCrewKit(random, index, serial);
  const crew: Crew = { index, serial, label: `crew-${index + 1}`, languages, kit, profiles: [] };
  let time = start;
  for (let k = 0; k < profileCount; k++) {
    time += random.int(2, 40) * MINUTE;
    const lang = languages[k % languages.length];
    const script = scriptFor(lang);
    const profile: CrewProfile = {
      id: ctx.nextAccountId(),
      lang,
      displayName: random.pick(script.personaNames),
      opener: random.pick(script.scam.openers),
      createdAt: time,
    };
    crew.profiles.push(profile);
    tag(ctx, pushAccount(ctx, time, 'account.created', profileAccount(ctx, crew, profile)), 'setup');
  }
  return crew;
}

function profileAccount(ctx: SimContext, crew: Crew, profile: CrewProfile): AccountEvent['account'] {
  const random = ctx.random;
  const { kit } = crew;
  const script = scriptFor(profile.lang);
  const photos = random.sample(kit.photos, random.int(1, 3)).map((base) => {
    const pdq = pdqVariant(random, base);
    const style = random.next();
    if (style < 0.7) return { pdq };
    const url = `https://photos.example.net/${random.hex(16)}.jpg`;
    return style < 0.85 ? { url, pdq } : { url };
  });
  const account: AccountEvent['account'] = {
    id: profile.id,
    created_at: new Date(profile.createdAt).toISOString(),
    display_name: profile.displayName,
    bio: random.pick(script.personaBios),
    age: random.int(19, 24),
    gender: 'female',
    photos,
    declared_location: { country: script.country },
    observed_location: { country: kit.observedCountry },
    device_ids: [random.pick(kit.devices)],
    ip: random.pick(kit.ips),
    user_agent: kit.userAgent,
    links: random.chance(0.3) ? [`https://${kit.handles.telegram.handle}`] : [],
  };
  if (random.chance(0.5)) account.phone = random.pick(kit.phones);
  // The crew's serial keeps addresses apart: names in other scripts all became "girl" and four random digits
  // alone gave two crews of a long demo one address, which merged them into one ring.
  if (random.chance(0.4)) account.email = `${profile.displayName.replace(/[^A-Za-z]/g, '').toLowerCase() || 'girl'}${random.digits(4)}.${crew.serial}@example.com`;
  return account;
}

/**
 * Mass outreach from one profile: friend requests to every target in a burst, few accepted, and the
 * same opener to the ones who accepted and to some who did not. The victims are among the targets and
 * always accept; their conversations are written by the scam script. Returns when each victim accepted.
 */
export function writeOutreach(
  ctx: SimContext,
  profile: CrewProfile,
  bystanders: readonly Target[],
  victims: readonly Target[],
  start: number,
): Map<string, number> {
  const random = ctx.random;
  const targets = random.sample([...bystanders, ...victims], bystanders.length + victims.length);
  const victimIds = new Set(victims.map((v) => v.id));
  const acceptedAt = new Map<string, number>();
  let time = start;
  for (const target of targets) {
    time += random.int(8, 90) * 1000;
    tag(ctx, pushConnection(ctx, time, 'connection.requested', profile.id, target.id), 'outreach');
    const isVictim = victimIds.has(target.id);
    if (isVictim || random.chance(0.1)) {
      const accepted = time + random.int(3, 180) * MINUTE;
      tag(ctx, pushConnection(ctx, accepted, 'connection.accepted', target.id, profile.id), 'outreach');
      acceptedAt.set(target.id, accepted);
    }
  }
  // The opener goes to everyone who accepted and to most who did not (platforms let strangers message).
  let openersSent = 0;
  for (const target of targets) {
    if (victimIds.has(target.id)) continue;
    const accepted = acceptedAt.get(target.id);
    if (accepted === undefined && openersSent >= MIN_OPENER_RECIPIENTS && !random.chance(0.6)) continue;
    openersSent++;
    const sentAt = (accepted ?? start) + random.int(1, 4 * 60) * MINUTE;
    const opener = pushMessage(ctx, sentAt, ctx.nextConversationId(), profile.id, [target.id], openerVariant(ctx, profile));
    tag(ctx, opener, 'first_contact', 'first_contact');
  }
  const victimAccepts = new Map<string, number>();
  for (const victim of victims) victimAccepts.set(victim.id, acceptedAt.get(victim.id) ?? start + HOUR);
  return victimAccepts;
}

/** The profile's opener with a small change at the end, as copy-paste senders do. */
export function openerVariant(ctx: SimContext, profile: CrewProfile): string {
  return `${profile.opener}${ctx.random.pick(OPENER_SUFFIXES)}`;
}
