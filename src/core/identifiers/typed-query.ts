// What a person types into a search box, read as the identifiers crew linking stores. A moderator pastes what the
// victim saw: a national phone number without its country code ("0917 555 0100"), or a messenger link
// ("t.me/sunny_8780", "wa.me/639171234567") where the ring graph stores `telegram:sunny_8780`. Linking itself
// stays strict (normalise.ts: a phone needs its country to be linked); a search may try every country, since a
// wrong guess only widens the list of cases a person reads.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Countries where the crews and their targets are most often reported (docs/rings.md), tried for national numbers. */
const SEARCH_COUNTRIES: readonly CountryCode[] = ['PH', 'ID', 'MY', 'TH', 'VN', 'KR', 'JP', 'CN', 'TW', 'HK', 'IN', 'NG', 'GH', 'CI', 'CM', 'MA', 'US', 'CA', 'GB', 'AU', 'MX', 'BR', 'ES', 'FR', 'DE', 'IT'];

/** Invite and profile links whose path is the handle, with the service crew linking files the handle under. */
const HANDLE_LINKS: readonly { service: string; pattern: RegExp }[] = [
  { service: 'telegram', pattern: /^(?:t|telegram)\.me\/(?:joinchat\/|\+)?([a-z0-9_+-]{5,40})\/?$/ },
  { service: 'whatsapp', pattern: /^wa\.me\/\+?(\d{6,15})\/?$/ },
  { service: 'whatsapp', pattern: /^api\.whatsapp\.com\/send\/?\?phone=\+?(\d{6,15})/ },
  { service: 'whatsapp', pattern: /^chat\.whatsapp\.com\/([a-z0-9]{10,40})\/?$/ },
  { service: 'line', pattern: /^line\.me\/(?:r\/)?ti\/p\/[~@]?([a-z0-9._-]{3,40})\/?$/ },
  { service: 'line', pattern: /^lin\.ee\/([a-z0-9_-]{4,40})\/?$/ },
  { service: 'kakaotalk', pattern: /^open\.kakao\.com\/o\/([a-z0-9]{5,20})\/?$/ },
  { service: 'snapchat', pattern: /^snapchat\.com\/add\/([a-z0-9._-]{3,15})\/?$/ },
];

/** E.164 numbers the query can be in any of the search countries; empty unless it looks like a phone number. */
export function phoneCandidates(query: string): string[] {
  const text = query.trim();
  if (!/^\+?[\d\s().-]{6,24}$/.test(text)) return [];
  const digits = text.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return [];
  const found = new Set<string>();
  if (text.startsWith('+') || text.startsWith('00')) {
    const parsed = parsePhoneNumberFromString(text.startsWith('00') ? `+${digits.slice(2)}` : text);
    if (parsed?.isValid()) found.add(parsed.number);
    return [...found];
  }
  for (const country of SEARCH_COUNTRIES) {
    const parsed = parsePhoneNumberFromString(text, country);
    if (parsed?.isValid()) found.add(parsed.number);
  }
  return [...found];
}

/** `service:handle` for a messenger invite or profile link (with or without https:// and www.), else null. */
export function handleFromLink(query: string): string | null {
  const link = query
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '');
  for (const { service, pattern } of HANDLE_LINKS) {
    const match = pattern.exec(link);
    if (match) return `${service}:${match[1]}`;
  }
  return null;
}

/** True when the query is a link with a path: its bare host ("t.me") would match every account that shares it. */
export function isLinkWithPath(query: string): boolean {
  return /^(?:https?:\/\/)?[^\s/]+\.[a-z]{2,}\/\S/i.test(query.trim());
}
