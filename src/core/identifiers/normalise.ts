// Turns a raw identifier value into the one canonical spelling the ring graph keys on, or says exactly why it
// cannot. Two spellings of one phone number, IBAN or wallet must become the same graph node, otherwise a crew
// escapes linking by adding a space; a value that fails its checksum is refused, because a typo must not link
// two strangers.
import ipaddr from 'ipaddr.js';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { countrySpecs, electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { base58check, bech32, bech32m } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { getDomain, getHostname } from 'tldts';
import { IDENTIFIER_TYPES, type IdentifierType } from '../signals.ts';
import { parsePaymentAccount } from './payment-accounts.ts';

/**
 * `type` is set when the value belongs to another identifier type than the one it was given as (a crypto address
 * or a phone number written as a payment account); `weak` when it can identify an account but may collide
 * between strangers (a card's last four digits, a bare number), so it should be evidence, not a link.
 */
export type Normalised = { ok: true; value: string; type?: IdentifierType; weak?: boolean } | { ok: false; error: string };

const MAX_VALUE_LENGTH = 512;

export function isIdentifierType(type: unknown): type is IdentifierType {
  return typeof type === 'string' && (IDENTIFIER_TYPES as readonly string[]).includes(type);
}

/** Normalises `raw` as an identifier of `type`; never throws. */
export function normaliseIdentifier(type: IdentifierType, raw: unknown): Normalised {
  if (!isIdentifierType(type)) return fail(`"${String(type)}" is not an identifier type`);
  if (typeof raw !== 'string') return fail(`${type} value must be a string`);
  // Control and format characters (NUL, C1, zero-width, bidi overrides) are never part of an identifier, and
  // lone surrogates cannot be; removing them keeps "BDO\u200b-0164…" and "BDO-0164…" one account.
  const trimmed = raw.normalize('NFKC').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, ' ').trim();
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

/**
 * 4, 6 or 0, like node:net's isIP (the core does no I/O, so not node:net): only the dotted quad for IPv4, because
 * ipaddr.js's lenient forms (`127.1`, `0x7f.0.0.1`) would give one address several spellings.
 */
function ipVersion(v: string): 0 | 4 | 6 {
  // A cheap gate first: every host name of a link comes through here, and ipaddr.js runs its whole lenient IPv4
  // parser (throwing inside) before it says no. A dotted quad has only digits and dots. (IPv6.isValid already
  // returns at once on a string without a colon.)
  if (DIGITS_AND_DOTS.test(v) && ipaddr.IPv4.isValidFourPartDecimal(v)) return 4;
  return ipaddr.IPv6.isValid(v) ? 6 : 0;
}
const DIGITS_AND_DOTS = /^[0-9.]+$/;

function normaliseIp(v: string): Normalised {
  const version = ipVersion(v);
  if (version === 0) return fail(`ip "${v}" is not an IPv4 or IPv6 address`);
  return ok(version === 4 ? v : v.toLowerCase());
}

/** A /24 (IPv4) or /48 (IPv6) network, written as its base address and length, e.g. `203.0.113.0/24`. */
function normaliseIpPrefix(v: string): Normalised {
  const [address, length] = v.split('/');
  const version = ipVersion(address);
  if (version === 4) {
    if (length !== undefined && length !== '24') return fail(`ip_prefix "${v}" must be a /24 network`);
    const octets = address.split('.');
    return ok(`${octets.slice(0, 3).join('.')}.0/24`);
  }
  if (version === 6) {
    if (length !== undefined && length !== '48') return fail(`ip_prefix "${v}" must be a /48 network`);
    // parts() also expands an embedded IPv4 tail (`::ffff:1.2.3.4`) and drops a zone id.
    const groups = ipaddr.IPv6.parse(address).parts.slice(0, 3).map((part) => part.toString(16));
    return ok(`${groups.join(':')}::/48`);
  }
  return fail(`ip_prefix "${v}" is not an IPv4 /24 or IPv6 /48 network`);
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
 * IBANs go to electronic format and must pass the mod-97 check. Crypto addresses are re-typed as wallets. Everything
 * else (bank name + number, e-wallets, UPI, cash tags, remittance references, card fragments) is read by
 * payment-accounts.ts into one `scheme:id`; full card numbers are never kept.
 */
function normalisePaymentAccount(v: string): Normalised {
  const compact = v.replace(/[\s-]/g, '').toUpperCase();
  if (/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact)) {
    const iban = electronicFormatIBAN(compact) ?? compact;
    if (isValidIBAN(iban)) return ok(iban);
    // Only a value of its country's IBAN length is an IBAN with a typo; "WU 1234567890" is a remittance number.
    const spec = (countrySpecs as Record<string, { chars?: number } | undefined>)[compact.slice(0, 2)];
    if (spec?.chars === compact.length) return fail(`payment_account "${v}" looks like an IBAN but fails its check digits`);
  }
  const crypto = cryptoInside(v);
  if (crypto) return crypto;
  const parsed = parsePaymentAccount(v);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value, ...(parsed.retype ? { type: parsed.retype } : {}), ...(parsed.weak ? { weak: true } : {}) };
}

/** "USDT TRC20: T…", "BTC bc1q…": a payment account that is a crypto address is a crypto_wallet. */
function cryptoInside(v: string): Normalised | undefined {
  const token = v.split(/[\s,;:()]+/).find((w) => /^(0x[0-9a-fA-F]{40}|(bc1|tb1)[0-9a-zA-Z]{8,87}|[13mnT][1-9A-HJ-NP-Za-km-z]{25,34})$/.test(w));
  if (!token) return undefined;
  const wallet = normaliseWallet(token);
  return wallet.ok ? { ok: true, value: wallet.value, type: 'crypto_wallet' } : wallet;
}

/**
 * Bitcoin (base58check P2PKH/P2SH, bech32/bech32m segwit), Ethereum (EIP-55 when mixed case) and TRON (base58check,
 * the network USDT-TRC20 demands are paid on) addresses. A coin prefix ("USDT TRC20 T…") is dropped.
 */
function normaliseWallet(raw: string): Normalised {
  const v = raw.split(/[\s,;:()]+/).filter(Boolean).at(-1) ?? raw;
  if (/^0x[0-9a-fA-F]{40}$/.test(v)) return normaliseEthereum(v);
  if (/^(bc1|tb1)/i.test(v)) return normaliseBech32(v);
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(v)) return normaliseTron(v);
  if (/^[123mn][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(v)) return normaliseBase58(v);
  return fail(`crypto_wallet "${raw}" is not a Bitcoin, Ethereum or TRON address`);
}

function normaliseTron(v: string): Normalised {
  try {
    const payload = bitcoinBase58.decode(v);
    if (payload.length !== 21 || payload[0] !== 0x41) return fail(`crypto_wallet "${v}" is not a TRON address (expected a 21-byte payload starting 0x41)`);
    return ok(v);
  } catch {
    return fail(`crypto_wallet "${v}" fails its base58check checksum`);
  }
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
  if (ipVersion(host) !== 0) return ok(host);
  const registrable = getDomain(host, { allowPrivateDomains: true });
  if (!registrable) return fail(`domain "${v}" has no registrable domain`);
  return ok(registrable.toLowerCase());
}
