// URLs and e-mail addresses, found by linkify-it on the de-fanged view, with registrable domains from tldts.
// A URL carries the facts that matter for sextortion: a link shortener hides the target, a direct `.apk`
// download is the app lure itself, and a domain that imitates a messenger brand is a fake "update".
import { LinkifyIt } from 'linkify-it';
import { getDomain, getHostname } from 'tldts';
import { toOriginalRange, type NormalisedViews } from './normalise.ts';
import type { Entity } from './types.ts';
import { allMatches } from './regex.ts';

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false });
// Without a scheme linkify-it only trusts a short TLD list; lure pages favour cheap generic TLDs, so add them.
linkify.tlds(['xyz', 'top', 'app', 'site', 'online', 'shop', 'live', 'link', 'club', 'icu', 'vip', 'store', 'click', 'fun', 'buzz', 'cyou', 'dev', 'win', 'loan', 'monster', 'rest', 'lol', 'today', 'life', 'world'], true);

/** Something shaped like a host name, an address or a scheme: cheap gate before linkify-it. */
const LINK_GATE = /[\p{L}\d-]\.\p{L}{2}|[\p{L}\d]@[\p{L}\d]|:\/\//u;
/** LINK_GATE for ASCII text (\p{L} is [A-Za-z] there): the same answer without property look-ups. */
const ASCII_LINK_GATE = /[A-Za-z\d-]\.[A-Za-z]{2}|[A-Za-z\d]@[A-Za-z\d]|:\/\//;

const TOKEN = /\S+/g;

export const SHORTENERS = new Set([
  'bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'cutt.ly', 'rebrand.ly', 'shorturl.at', 'rb.gy',
  'tiny.cc', 's.id', 'bit.do', 'v.gd', 'buff.ly', 'short.gy', 'tinyurl.ph', 'shorturl.asia', 'han.gl', 'me2.kr', 'url.kr',
]);

/** Official domains per messenger brand; anything else that spells the brand is a look-alike. */
const BRANDS: Record<string, string[]> = {
  whatsapp: ['whatsapp.com', 'whatsapp.net', 'wa.me'],
  telegram: ['telegram.org', 'telegram.me', 't.me'],
  skype: ['skype.com', 'live.com', 'microsoft.com'],
  kakao: ['kakao.com', 'kakaocorp.com'],
  wechat: ['wechat.com', 'qq.com'],
  weixin: ['qq.com'],
  snapchat: ['snapchat.com'],
  signal: ['signal.org'],
  messenger: ['messenger.com', 'facebook.com'],
  viber: ['viber.com'],
  zoom: ['zoom.us', 'zoom.com'],
  line: ['line.me', 'lin.ee', 'line-apps.com'],
  imo: ['imo.im'],
};

export function findLinks(views: NormalisedViews): Entity[] {
  const view = views.links;
  const gate = isAscii(view.text) ? ASCII_LINK_GATE : LINK_GATE;
  if (!gate.test(view.text)) return [];
  const entities: Entity[] = [];
  // Links and addresses never contain spaces: linkify-it only reads the tokens that look like one.
  for (const token of allMatches(TOKEN, view.text)) {
    if (!gate.test(token[0])) continue;
    for (const match of linkify.match(token[0]) ?? []) {
      const glued = gluedPrefixLength(match);
      const { start, end } = toOriginalRange(view, token.index + match.index + glued, token.index + match.lastIndex);
      const url = glued ? match.url.replace(match.text, match.text.slice(glued)) : match.url;
      if (match.schema === 'mailto:') entities.push({ type: 'email', value: url.replace(/^mailto:/, ''), start, end });
      else entities.push(describeUrl(url, start, end));
    }
  }
  return entities;
}

/** Scripts written without spaces, so a host name typed right after them is glued to the words before it. */
const GLUED_WORDS = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}ー々]+(?=[a-z0-9])/iu;

/**
 * "请下载这个soundfix.top/a.apk": without a scheme linkify-it reads the Chinese words as part of an
 * internationalised host name. A host that starts in Han, kana, Hangul or Thai and goes on in ASCII is not a
 * real one, so the words are cut off (an all-CJK host such as 例え.jp stays whole).
 */
function gluedPrefixLength(match: { schema: string; text: string }): number {
  if (match.schema !== '' && match.schema !== 'mailto:') return 0;
  return GLUED_WORDS.exec(match.text)?.[0].length ?? 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function describeUrl(url: string, start: number, end: number): Entity {
  const host = (getHostname(url) ?? '').toLowerCase();
  const domain = (getDomain(host, { allowPrivateDomains: true }) ?? host).toLowerCase();
  const path = url.slice(url.indexOf(host) + host.length).toLowerCase();
  const detail: Record<string, string> = { domain };
  if (SHORTENERS.has(host) || SHORTENERS.has(domain)) detail.shortener = 'true';
  if (/\.(apk|xapk|apks)(?:$|[?#])/.test(path)) detail.apk = 'true';
  const brand = imitatedBrand(domain);
  if (brand) detail.lookalike = brand;
  return { type: 'url', value: url, start, end, detail };
}

const BRAND_LIST = Object.entries(BRANDS);

/** The brand a domain imitates (`whatsapp-update.xyz`, `te1egram.app`, `skype-video.com`), or undefined. */
export function imitatedBrand(domain: string): string | undefined {
  // Each label's digits read as letters once, not again for every brand.
  const labels = domain.replace(/\.[^.]+$/, '').split(/[-.]/).map((raw) => raw.replace(/0/g, 'o').replace(/1/g, 'l').replace(/3/g, 'e').replace(/4/g, 'a').replace(/5/g, 's'));
  for (const [brand, official] of BRAND_LIST) {
    if (official.some((d) => domain === d || domain.endsWith(`.${d}`))) continue;
    for (const label of labels) {
      if (label === brand) return brand;
      if (brand.length >= 5 && (label.startsWith(brand) || label.endsWith(brand) || editDistanceAtMostOne(label, brand))) return brand;
    }
  }
  return undefined;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
