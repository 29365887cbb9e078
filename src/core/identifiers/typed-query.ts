// What a person types into a search box, read as the identifiers crew linking stores. A moderator pastes what the
// victim saw, such as a national phone number without its country code ("0917 555 0100"). Linking itself stays
// strict (normalise.ts: a phone needs its country to be linked); a search may try every country, since a wrong
// guess only widens the list of cases a person reads. Messenger links are read by the text module's handle reader
// (wired into the console in its module.ts), not here.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Countries where the crews and their targets are most often reported (docs/rings.md), tried for national numbers. */
const SEARCH_COUNTRIES: readonly CountryCode[] = ['PH', 'ID', 'MY', 'TH', 'VN', 'KR', 'JP', 'CN', 'TW', 'HK', 'IN', 'NG', 'GH', 'CI', 'CM', 'MA', 'US', 'CA', 'GB', 'AU', 'MX', 'BR', 'ES', 'FR', 'DE', 'IT'];

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

/** True when the query is a link with a path: its bare host ("t.me") would match every account that shares it. */
export function isLinkWithPath(query: string): boolean {
  return /^(?:https?:\/\/)?[^\s/]+\.[a-z]{2,}\/\S/i.test(query.trim());
}
