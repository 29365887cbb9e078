// Turns a raw identifier value into the one canonical spelling the ring graph keys on, or says exactly why it
// cannot. Two spellings of one phone number, IBAN or wallet must become the same graph node, otherwise a crew
// escapes linking by adding a space; a value that fails its checksum is refused, because a typo must not link
// two strangers.
import { isIP } from 'node:net';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { base58check, bech32, bech32m } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { getDomain, getHostname } from 'tldts';
import { IDENTIFIER_TYPES, type IdentifierType } from '../../core/signals.ts';

export type Normalised = { ok: true; value: string } | { ok: false; error: string };

const MAX_VALUE_LENGTH = 512;

export function isIdentifierType(type: unknown): type is IdentifierType {
  return typeof type === 'string' && (IDENTIFIER_TYPES as readonly string[]).includes(type);
}

/** Normalises `raw` as an identifier of `type`; never throws. */
export function normaliseIdentifier(type: IdentifierType, raw: unknown): Normalised {
  if (!isIdentifierType(type)) return fail(`"${String(type)}" is not an identifier type`);
  if (typeof raw !== 'string') return fail(`${type} value must be a string`);
  const trimmed = raw.normalize('NFKC').trim();
  if (trimmed === '') return fail(`${type} value is empty`);
  if (trimmed.length > MAX_VALUE_LENGTH) return fail(`${type} value is longer than ${MAX_VALUE_LENGTH} characters`);
  return NORMALISERS[type](trimmed);
}

const NORMALISERS: Record<IdentifierType, (value: string) => Normalised> = {
  phone: normalisePhone,
  email: normaliseEmail,
  device: (v) => ok(collapseSpaces(v)),
  ip: normaliseIp,
  ip_prefix: normaliseIpPrefix,
  user_agent: (v) => ok(collapseSpaces(v)),
  photo_pdq: (v) => hexDigest(v, 64, 'photo_pdq must be 64 hex digits (a PDQ hash)'),
  messenger_handle: normaliseHandle,
  payment_account: normalisePaymentAccount,
  crypto_wallet: normaliseWallet,
  apk_signer: (v) => hexDigest(v.replaceAll(':', ''), 64, 'apk_signer must be a SHA-256 certificate digest (64 hex digits)'),
  domain: normaliseDomain,
  remittance_receiver: (v) => ok(collapseSpaces(v).toLowerCase()),
};

function ok(value: string): Normalised {
  return { ok: true, value };
}
function fail(error: string): Normalised {
  return { ok: false, error };
}
function collapseSpaces(v: string): string {
  return v.replace(/\s+/g, ' ');
}

/** E.164. Numbers must carry their country code: guessing a default region would link unrelated people. */
function normalisePhone(v: string): Normalised {
  const candidate = v.startsWith('00') ? `+${v.slice(2)}` : v;
  if (!candidate.startsWith('+')) return fail(`phone "${v}" needs an international prefix (+ or 00) to be linked`);
  try {
    const parsed = parsePhoneNumberWithError(candidate);
    if (!parsed.isPossible()) return fail(`phone "${v}" is not a possible number for ${parsed.country ?? 'its country code'}`);
    return ok(parsed.number);
  } catch (error) {
    return fail(`phone "${v}" cannot be parsed (${(error as Error).message})`);
  }
}

function normaliseEmail(v: string): Normalised {
  const lower = v.toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1 || at === lower.length - 1 || /\s/.test(lower)) return fail(`email "${v}" is not an address`);
  return ok(lower);
}

function normaliseIp(v: string): Normalised {
  const version = isIP(v);
  if (version === 0) return fail(`ip "${v}" is not an IPv4 or IPv6 address`);
  return ok(version === 4 ? v : v.toLowerCase());
}

/** A /24 (IPv4) or /48 (IPv6) network, written as its base address and length, e.g. `203.0.113.0/24`. */
function normaliseIpPrefix(v: string): Normalised {
  const [address, length] = v.split('/');
  const version = isIP(address);
  if (version === 4) {
    if (length !== undefined && length !== '24') return fail(`ip_prefix "${v}" must be a /24 network`);
    const octets = address.split('.');
    return ok(`${octets.slice(0, 3).join('.')}.0/24`);
  }
  if (version === 6) {
    if (length !== undefined && length !== '48') return fail(`ip_prefix "${v}" must be a /48 network`);
    const groups = expandIpv6(address).slice(0, 3);
    return ok(`${groups.join(':')}::/48`);
  }
  return fail(`ip_prefix "${v}" is not an IPv4 /24 or IPv6 /48 network`);
}

function expandIpv6(address: string): string[] {
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = new Array(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

function hexDigest(v: string, digits: number, message: string): Normalised {
  const lower = v.toLowerCase();
  return new RegExp(`^[0-9a-f]{${digits}}$`).test(lower) ? ok(lower) : fail(`${message}, got "${v}"`);
}

/** Handles are `platform:handle` or a bare handle; lower-cased, without a leading `@` and without spaces. */
function normaliseHandle(v: string): Normalised {
  const lower = v.toLowerCase().replace(/\s+/g, '');
  const colon = lower.indexOf(':');
  const platform = colon > 0 && /^[a-z]+$/.test(lower.slice(0, colon)) ? lower.slice(0, colon + 1) : '';
  const handle = lower.slice(platform.length).replace(/^@+/, '');
  if (handle === '') return fail(`messenger_handle "${v}" has no handle after the platform name`);
  return ok(platform + handle);
}

/**
 * IBANs go to electronic format and must pass the mod-97 check. Other payment accounts (cards are never stored:
 * wallets, PayPal, UPI ids) are written `scheme:id` and are lower-cased.
 */
function normalisePaymentAccount(v: string): Normalised {
  const compact = v.replace(/[\s-]/g, '').toUpperCase();
  if (/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact)) {
    const iban = electronicFormatIBAN(compact) ?? compact;
    return isValidIBAN(iban) ? ok(iban) : fail(`payment_account "${v}" looks like an IBAN but fails its check digits`);
  }
  if (/^[a-z][a-z0-9_.-]*:\S+$/i.test(v)) return ok(v.toLowerCase());
  return fail(`payment_account "${v}" is neither a valid IBAN nor a "scheme:id" account such as "paypal:name@example.org"`);
}

/** Bitcoin (base58check P2PKH/P2SH, bech32/bech32m segwit) and Ethereum (EIP-55 when mixed case) addresses. */
function normaliseWallet(v: string): Normalised {
  if (/^0x[0-9a-fA-F]{40}$/.test(v)) return normaliseEthereum(v);
  if (/^(bc1|tb1)/i.test(v)) return normaliseBech32(v);
  if (/^[123mn][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(v)) return normaliseBase58(v);
  return fail(`crypto_wallet "${v}" is not a Bitcoin or Ethereum address`);
}

function normaliseEthereum(v: string): Normalised {
  const body = v.slice(2);
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixed && eip55(body.toLowerCase()) !== body) return fail(`crypto_wallet "${v}" fails its EIP-55 checksum`);
  return ok(`0x${body.toLowerCase()}`);
}

function eip55(lowerHex: string): string {
  const hash = keccak_256(new TextEncoder().encode(lowerHex));
  let out = '';
  for (let i = 0; i < lowerHex.length; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? lowerHex[i].toUpperCase() : lowerHex[i];
  }
  return out;
}

function normaliseBech32(v: string): Normalised {
  const lower = v.toLowerCase();
  if (v !== lower && v !== v.toUpperCase()) return fail(`crypto_wallet "${v}" mixes upper and lower case (bech32 forbids it)`);
  const decoded = bech32.decodeUnsafe(lower, 90) ?? bech32m.decodeUnsafe(lower, 90);
  if (!decoded || (decoded.prefix !== 'bc' && decoded.prefix !== 'tb')) return fail(`crypto_wallet "${v}" fails its bech32 checksum`);
  return ok(lower);
}

const bitcoinBase58 = base58check(sha256);

function normaliseBase58(v: string): Normalised {
  try {
    const payload = bitcoinBase58.decode(v);
    if (payload.length !== 21) return fail(`crypto_wallet "${v}" has a ${payload.length}-byte payload, expected 21`);
    return ok(v);
  } catch {
    return fail(`crypto_wallet "${v}" fails its base58check checksum`);
  }
}

/**
 * Upload and C&C domains: the registrable domain of a URL or host, lower-cased. Private suffixes count (so two
 * apps on `a.herokuapp.com` and `b.herokuapp.com` stay apart), while `cdn.evil.example` and `evil.example` merge.
 */
function normaliseDomain(v: string): Normalised {
  const host = getHostname(v.includes('://') ? v : `http://${v}`);
  if (!host) return fail(`domain "${v}" has no host name`);
  if (isIP(host)) return ok(host);
  const registrable = getDomain(host, { allowPrivateDomains: true });
  if (!registrable) return fail(`domain "${v}" has no registrable domain`);
  return ok(registrable.toLowerCase());
}
