// Identifiers that half the internet shares. A link to wa.me, a bit.ly short link, a gmail.com host or a CDN
// bucket says nothing about who runs an account: if they counted as linking evidence, every crew that pastes a
// WhatsApp link would be merged with every other (issue 13: one demo ring grew to 159 accounts through wa.me,
// t.me, line.me and kakao.com). They stay visible as evidence on a ring, but never hold two accounts together.
//
// Values arrive normalised (normalise.ts): a domain is its registrable domain, lower-cased.
import type { IdentifierType } from '../../core/signals.ts';

export type GenericKind = 'messenger' | 'url_shortener' | 'email_provider' | 'cdn_or_hosting' | 'social_platform';

const GENERIC_DOMAINS: Record<GenericKind, readonly string[]> = {
  messenger: [
    'wa.me', 'whatsapp.com', 'whatsapp.net', 't.me', 'telegram.me', 'telegram.org', 'line.me', 'line-apps.com',
    'naver.jp', 'kakao.com', 'kakaocorp.com', 'signal.me', 'signal.org', 'viber.com', 'vb.me', 'm.me',
    'messenger.com', 'wechat.com', 'qq.com', 'zalo.me', 'skype.com', 'discord.gg', 'discord.com',
    'discordapp.com', 'snapchat.com', 'kik.me', 'kik.com', 'threema.id', 'imo.im', 'botim.me',
  ],
  url_shortener: [
    'bit.ly', 'bitly.com', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly',
    'shorturl.at', 'rb.gy', 'tiny.cc', 'lnkd.in', 'linktr.ee', 's.id', 'v.gd', 'shorte.st', 'adf.ly', 'bl.ink',
    'qrco.de', 'short.io', 'trib.al', 'dlvr.it', 'surl.li', 'clck.ru',
  ],
  email_provider: [
    'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.in', 'yahoo.co.jp', 'ymail.com', 'outlook.com',
    'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me',
    'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.ru', 'yandex.ru', 'yandex.com', 'naver.com',
    'daum.net', 'hanmail.net', '163.com', '126.com', 'rediffmail.com', 'zoho.com', 'tutanota.com', 'orange.fr',
    'free.fr', 'laposte.net', 'libero.it', 'rocketmail.com',
  ],
  cdn_or_hosting: [
    'cloudfront.net', 'akamaihd.net', 'akamaized.net', 'fastly.net', 'cloudflare.com', 'cloudflare.net',
    'googleapis.com', 'googleusercontent.com', 'gstatic.com', 'amazonaws.com', 'azureedge.net', 'jsdelivr.net',
    'unpkg.com', 'githubusercontent.com', 'github.com', 'dropbox.com', 'dropboxusercontent.com', 'mediafire.com',
    'mega.nz', 'wetransfer.com', 'we.tl', 'fbcdn.net', 'cdninstagram.com', 'twimg.com', 'imgur.com',
    'google.com', 'apple.com', 'microsoft.com',
  ],
  social_platform: [
    'facebook.com', 'fb.com', 'fb.me', 'instagram.com', 'tiktok.com', 'twitter.com', 'x.com', 'youtube.com',
    'youtu.be', 'reddit.com', 'linkedin.com', 'tinder.com', 'bumble.com', 'grindr.com', 'vk.com', 'ok.ru',
  ],
};

const KIND_OF_DOMAIN = new Map<string, GenericKind>(
  (Object.entries(GENERIC_DOMAINS) as [GenericKind, readonly string[]][]).flatMap(([kind, domains]) => domains.map((d) => [d, kind] as const)),
);

/** Why a normalised identifier is platform-generic (never linking evidence), or undefined when it may link. */
export function platformGenericKind(type: IdentifierType, value: string): GenericKind | undefined {
  if (type === 'messenger_handle') return messengerHostAsHandle(value);
  if (type !== 'domain') return undefined;
  const host = value.toLowerCase().replace(/\.$/, '');
  // Exact registrable domains only: a CDN bucket such as d1x.cloudfront.net normalises to itself (cloudfront.net
  // is a private suffix), and one crew's bucket is specific to it; the bare provider domain is not.
  return KIND_OF_DOMAIN.get(host);
}

/**
 * A "handle" that is a platform's own host (`line:line.me`, `kakaotalk:open.kakao.com`) names no account: it is
 * what an extractor reads when an invite link follows the service's name with no space between them, and every
 * crew that writes its link that way would share it (issue 13: one demo ring grew to 28 accounts of six crews
 * through `line:line.me`). Only the handle's whole value, or its ending after a dot, is compared, so an id such
 * as `cutie.486` or a crew's own `rose.live` still links.
 */
function messengerHostAsHandle(value: string): GenericKind | undefined {
  let suffix = value.slice(value.indexOf(':') + 1).toLowerCase().replace(/\.$/, '');
  for (;;) {
    const kind = KIND_OF_DOMAIN.get(suffix);
    if (kind) return kind;
    const dot = suffix.indexOf('.');
    if (dot === -1) return undefined;
    suffix = suffix.slice(dot + 1);
  }
}

export function isPlatformGeneric(type: IdentifierType, value: string): boolean {
  return platformGenericKind(type, value) !== undefined;
}
