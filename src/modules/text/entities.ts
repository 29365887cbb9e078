// Entity extraction over one message: links, handles, phones and payment identifiers, with spans into the
// original text, and their translation into the normalised Identifiers the ring graph links on.
import type { Identifier, IdentifierType } from '../../core/signals.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { normalise, type NormalisedViews } from './normalise.ts';
import { findLinks } from './links.ts';
import { findHandles, findPhones } from './handles.ts';
import { findPayments } from './payments.ts';
import type { Entity } from './types.ts';

/** More specific findings win where spans overlap: a wa.me link's number is a handle, not also a phone. */
const PRIORITY: Record<Entity['type'], number> = {
  crypto_wallet: 0, iban: 1, bic: 1, remittance: 2, gift_card: 2, ewallet: 3, bank_account: 3, messenger_handle: 4, email: 5, url: 6, phone: 7,
};

export function extractEntities(views: NormalisedViews, lang: string): Entity[] {
  const found = [...findPayments(views), ...findHandles(views), ...findLinks(views), ...findPhones(views, lang)];
  found.sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || a.start - b.start);
  const kept: Entity[] = [];
  // Links, and invite links read as handles: an id read after a service's name never sits inside one.
  const links = found.filter((e) => e.type === 'url' || (e.type === 'messenger_handle' && e.detail?.via !== 'name'));
  for (const entity of found) {
    // "kakao-voice.icu" is a domain, not the KakaoTalk id "voice.icu"; and in "LINE：line.me/ti/p/~x" (no space
    // after a full-width colon, so no URL is found there) the LINE id is x, not "line.me": read as one, that host
    // tied every crew that wrote its LINE link this way into one ring.
    if (entity.detail?.via === 'name' && links.some((u) => overlaps(u, entity))) continue;
    const clash = kept.some((k) => overlaps(k, entity) && !(entity.type === 'url' || k.type === 'url'));
    const duplicate = kept.some((k) => k.type === entity.type && k.value === entity.value && overlaps(k, entity));
    if (!clash && !duplicate) kept.push(entity);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function overlaps(a: Entity, b: Entity): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Which identifier an entity becomes, before the ring normaliser gives it its canonical spelling. */
function identifierOf(entity: Entity): { type: IdentifierType; raw: string } | undefined {
  switch (entity.type) {
    case 'url':
      return { type: 'domain', raw: entity.detail?.domain ?? entity.value };
    case 'email':
      return { type: 'email', raw: entity.value };
    case 'phone':
      return { type: 'phone', raw: entity.value };
    case 'messenger_handle':
      return { type: 'messenger_handle', raw: entity.value };
    case 'iban':
    case 'bank_account':
    case 'ewallet':
    case 'gift_card':
      return { type: 'payment_account', raw: entity.value };
    case 'remittance':
      return { type: 'remittance_receiver', raw: entity.value };
    case 'crypto_wallet':
      return { type: 'crypto_wallet', raw: entity.value };
    default:
      return undefined;
  }
}

/** Identifiers for the ring graph; `source` names where each was seen, e.g. `message.sent:evt-1 text[4,20]`. */
export function identifiersFromEntities(entities: Entity[], sourcePrefix = 'text'): Identifier[] {
  const identifiers: Identifier[] = [];
  const seen = new Set<string>();
  for (const entity of entities) {
    // A plain word after a messenger's name ("kakao talk", "skype babe") is chat, not an account to link on.
    if (entity.type === 'messenger_handle' && entity.detail?.loose) continue;
    const target = identifierOf(entity);
    if (!target) continue;
    const normalised = normaliseIdentifier(target.type, target.raw);
    if (!normalised.ok) continue;
    // A payment account that is really a phone number or a crypto address is linked as one; a card's last four
    // digits are evidence only (rings/payment-accounts.ts).
    const type = normalised.type ?? target.type;
    const key = `${type}\u0000${normalised.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    identifiers.push({ type, value: normalised.value, source: `${sourcePrefix} text[${entity.start},${entity.end}]`, ...(normalised.weak ? { strength: 'weak' as const } : {}) });
  }
  return identifiers;
}

/** Normalised identifiers named in a free text (a message, a victim's report). */
export function extractIdentifiers(text: string, options: { lang?: string; source?: string } = {}): Identifier[] {
  return identifiersFromEntities(extractEntities(normalise(text), options.lang ?? 'en'), options.source);
}
