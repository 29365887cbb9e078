// Messenger handles and invite links (Skype live: ids, Telegram, WhatsApp, LINE, WeChat, KakaoTalk, Snapchat)
// and phone numbers. Invite links have fixed shapes; bare ids count only right after the service's name, so a
// stray "@name" in ordinary chat is not taken for a Telegram account; and a bare word links rings only when
// marked as an id ("skype: x", "line id x", "@x") or shaped like one (a digit, a dot or an underscore), so
// "kakao talk" is not an account.
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { toOriginalRange, type MappedText, type NormalisedViews } from './normalise.ts';
import type { Entity } from './types.ts';
import { allMatches } from './regex.ts';

interface HandlePattern {
  service: string;
  pattern: RegExp;
  /** Substrings one of which must occur for the pattern to be worth running (a cheap gate per message). */
  gate?: string[];
  /** A bare id after the service's name, as opposed to an invite link. */
  afterName?: boolean;
}

// "skype: x", "line id x", and the spoken "skype, my id is x" / "kakao my username: x".
const SEP = String.raw`\s*(?:(?:,\s*)?(?:my\s+)?(?:id|account|acc|username|user|handle|name|아이디|账号|號|号|ไอดี))?\s*(?:is|ko|ku|saya)?\s*[:：=\-]?\s*`;
const HANDLE_PATTERNS: HandlePattern[] = [
  { service: 'skype', pattern: /\b(live:(?:\.cid\.)?[a-z0-9][a-z0-9._-]{2,40})/gu, gate: ['live:'] },
  { service: 'skype', pattern: new RegExp(String.raw`\bskype${SEP}@?([a-z][a-z0-9._-]{3,31})`, 'gu'), afterName: true, gate: ['skype'] },
  { service: 'telegram', pattern: /\b(?:t|telegram)\.me\/(?:joinchat\/|\+)?([a-z0-9_+-]{5,40})/gu, gate: ['.me/'] },
  { service: 'telegram', pattern: new RegExp(String.raw`(?:\btelegram|\btg|텔레그램|テレグラム|电报|飞机)${SEP}@([a-z][a-z0-9_]{4,31})`, 'gu'), afterName: true, gate: ['telegram', 'tg', '텔레그램', 'テレグラム', '电报', '飞机'] },
  { service: 'whatsapp', pattern: /\bwa\.me\/\+?(\d{6,15})/gu, gate: ['wa.me'] },
  { service: 'whatsapp', pattern: /\bapi\.whatsapp\.com\/send\/?\?phone=\+?(\d{6,15})/gu, gate: ['api.whatsapp'] },
  { service: 'whatsapp', pattern: /\bchat\.whatsapp\.com\/([a-z0-9]{10,40})/gu, gate: ['chat.whatsapp'] },
  { service: 'line', pattern: /\bline\.me\/(?:r\/)?ti\/p\/[~@]?([a-z0-9._-]{3,40})/gu, gate: ['line.me'] },
  { service: 'line', pattern: /\blin\.ee\/([a-z0-9_-]{4,40})/gu, gate: ['lin.ee'] },
  { service: 'line', pattern: new RegExp(String.raw`(?:\bline|ไลน์|ライン|라인)${SEP}@?([a-z0-9][a-z0-9._-]{3,31})(?![a-z0-9._-])`, 'gu'), afterName: true, gate: ['line', 'ไลน์', 'ライン', '라인'] },
  { service: 'wechat', pattern: /\b(wxid_[a-z0-9_-]{4,30})/gu, gate: ['wxid_'] },
  { service: 'wechat', pattern: new RegExp(String.raw`(?:\bwechat|\bweixin|微信|\bvx|v信|\bwx)${SEP}([a-z][a-z0-9_-]{5,19})`, 'gu'), afterName: true, gate: ['wechat', 'weixin', '微信', 'vx', 'v信', 'wx'] },
  { service: 'kakaotalk', pattern: /\bopen\.kakao\.com\/o\/([a-z0-9]{5,20})/gu, gate: ['open.kakao'] },
  { service: 'kakaotalk', pattern: new RegExp(String.raw`(?:\bkakao(?:talk)?|\bkatalk|카톡|카카오톡|カカオ(?:トーク)?)${SEP}@?([a-z0-9][a-z0-9._-]{3,20})`, 'gu'), afterName: true, gate: ['kakao', 'katalk', '카톡', '카카오톡', 'カカオ'] },
  { service: 'snapchat', pattern: /\bsnapchat\.com\/add\/([a-z0-9._-]{3,15})/gu, gate: ['snapchat.com'] },
  { service: 'snapchat', pattern: new RegExp(String.raw`(?:\bsnapchat|\bsnap|\bsc)\b${SEP}@?([a-z][a-z0-9._-]{2,14})(?![a-z0-9._-])`, 'gu'), afterName: true, gate: ['snap', 'sc'] },
];

/** Words after a service name that are chat, not ids ("add me on line now"). */
export const NOT_HANDLES = new Set(['live', 'call', 'chat', 'video', 'now', 'please', 'pls', 'tonight', 'instead', 'only', 'naman', 'nalang', 'lang', 'also', 'then', 'message', 'account', 'app', 'there', 'here', 'with', 'more', 'better', 'later', 'before', 'first', 'today', 'okay', 'kasi', 'tayo', 'kita', 'dulu', 'saja', 'aja', 'yuk', 'para', 'pour', 'avec', 'maintenant', 'ahora', 'mein', 'par', 'pe', 'sa', 'na', 'ya', 'nanti', 'lagi', 'ngay', 'nhé', 'nha', 'this', 'that', 'the', 'and', 'you', 'me', 'story', 'stories', 'streak', 'streaks', 'filter', 'filters', 'face', 'time', 'number', 'download', 'install', 'update', 'support', 'stopped', 'working', 'broken', 'group', 'friends', 'daw', 'natin', 'mo', 'ko']);

/** A label or separator between the service's name and the id: "skype: x", "line id x", "kakao @x", "微信号 x". */
const HANDLE_MARKER = /[@:：=]|\b(?:id|account|acc|username|user|handle|name)\b|아이디|账号|號|号|ไอดี/u;
/** What ids look like and words do not: a digit, or a dot, underscore or hyphen inside. */
const ID_SHAPE = /\d|[a-z][._-][a-z0-9]/u;

/**
 * A bare word after a service's name is an id only when the writer marked it as one or it has an id's shape:
 * "kakao talk", "skype babe" or "line between us" are chat, and read as handles they tied strangers and
 * unrelated crews into one ring (issue 13).
 */
function looksDeliberate(matched: string, captured: string, handle: string): boolean {
  // One character of the id is kept, so a label has to end as a word: "snap accept" has no label "acc".
  const between = matched.slice(0, matched.lastIndexOf(captured) + 1);
  return HANDLE_MARKER.test(between) || ID_SHAPE.test(handle);
}

export function findHandles(views: NormalisedViews): Entity[] {
  const view = views.links;
  const entities: Entity[] = [];
  for (const { service, pattern, gate, afterName } of HANDLE_PATTERNS) {
    if (gate && !gate.some((g) => view.text.includes(g))) continue;
    for (const match of allMatches(pattern, view.text)) {
      const handle = match[1].replace(/[._-]+$/, '');
      if (NOT_HANDLES.has(handle) || handle.length < 3) continue;
      const offset = match.index + match[0].lastIndexOf(match[1]);
      const range = toOriginalRange(view, match[0].startsWith(match[1]) ? offset : match.index, offset + match[1].length);
      // A loose one stays an entity (the classifier's features see "add me on kakao" either way) but never
      // becomes a ring identifier (identifiersFromEntities).
      const loose = afterName && !looksDeliberate(match[0], match[1], handle);
      entities.push({ type: 'messenger_handle', value: `${service}:${handle}`, ...range, detail: afterName ? { service, via: 'name', ...(loose ? { loose: 'true' } : {}) } : { service } });
    }
  }
  return entities;
}

const LANGUAGE_COUNTRY: Record<string, CountryCode> = {
  en: 'US', tl: 'PH', fil: 'PH', ko: 'KR', ja: 'JP', zh: 'CN', id: 'ID', ms: 'MY', th: 'TH', vi: 'VN', es: 'MX', fr: 'FR', hi: 'IN',
};
/** Seven or more digits with the usual separators: only these stretches go to the full phone parser. */
const PHONE_CANDIDATE = /(?:\+|\b)\(?\d[\d\s().-]{5,18}\d/g;

/** Phone numbers, parsed in the country the language suggests; only valid numbers, in E.164. */
export function findPhones(views: NormalisedViews, lang: string): Entity[] {
  const view: MappedText = views.folded;
  const country = LANGUAGE_COUNTRY[lang] ?? undefined;
  const entities: Entity[] = [];
  for (const candidate of allMatches(PHONE_CANDIDATE, view.text)) {
    for (const found of findPhoneNumbersInText(candidate[0], country ? { defaultCountry: country } : {})) {
      if (!found.number.isValid()) continue;
      const at = candidate.index + found.startsAt;
      const range = toOriginalRange(view, at, candidate.index + found.endsAt);
      entities.push({ type: 'phone', value: found.number.number, ...range, detail: { country: found.number.country ?? '' } });
    }
  }
  return entities;
}
