// Which network addresses a server-side fetch may connect to. Chainbreak fetches URLs that strangers put
// in messages (APK links, profile photos), so an address is refused unless it is ordinary public unicast:
// loopback, private, link-local, carrier-grade NAT, multicast, reserved and documentation ranges, and the
// IPv6 forms that smuggle an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are unwrapped and
// judged by the IPv4 address inside. Classification is ipaddr.js's range table (`range()`), so the list
// of special ranges is a maintained library's, not ours; we only add the unwrapping and cloud metadata.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One operator allow-list entry: a CIDR (a bare address is a /32 or /128), optionally only on one port. */
export interface AllowEntry {
  network: Address;
  bits: number;
  port?: number;
  text: string;
}

/** `ok: false` carries a phrase that completes "<address> is …", e.g. "a loopback address (this machine)". */
export type AddressVerdict = { ok: true } | { ok: false; why: string };

/** ipaddr.js range names, in words a moderator can read. Anything not listed reads as "a special-use address". */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'the unspecified address (it stands for "this host")',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (the local network segment)',
  loopback: 'a loopback address (this machine)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10, provider-internal)',
  private: 'a private-network address',
  reserved: 'a reserved, documentation or benchmarking address',
  benchmarking: 'a benchmarking address',
  uniqueLocal: 'a unique-local (private) IPv6 address',
  deprecatedSiteLocal: 'a site-local (private) IPv6 address',
  discard: 'a discard-only IPv6 address',
};

/**
 * Cloud instance-metadata endpoints: answering them hands out credentials. Most sit in ranges refused anyway
 * (169.254/16, 100.64/10, fd00::/8), but Azure's 168.63.129.16 is public unicast, and an operator who allows a
 * whole range (say 169.254.0.0/16) should not open these by accident: only an entry naming the exact address
 * does.
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean
  '169.254.170.2', // AWS ECS task credentials
  '169.254.170.23', // AWS EKS pod identity
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer
  '192.0.0.192', // Oracle Cloud (classic)
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS pod identity over IPv6
]);

/** Parses operator entries: `10.1.0.0/16`, `203.0.113.7`, `127.0.0.1:8080`, `fd00::/8`, `[::1]:8080`. Throws on a bad entry. */
export function parseAllowAddresses(entries: readonly string[] = []): AllowEntry[] {
  return entries.map(parseAllowEntry);
}

function parseAllowEntry(text: string): AllowEntry {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([\d.]+(?:\/\d{1,2})?)(?::(\d{1,5}))?$/.exec(text);
  const [cidr, port] = bracketed ? [bracketed[1], bracketed[2]] : v4 ? [v4[1], v4[2]] : [text, undefined];
  const [address, bitsText] = cidr.split('/');
  // node:net's isIP accepts only canonical dotted-quad and standard IPv6, unlike ipaddr.parse (which takes 0x7f.1).
  const family = isIP(address);
  const maxBits = family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? maxBits : Number(bitsText);
  const portNumber = port === undefined ? undefined : Number(port);
  if (!family || !Number.isInteger(bits) || bits < 0 || bits > maxBits || (portNumber !== undefined && (portNumber < 1 || portNumber > 65535))) {
    throw new Error(`"${text}" is not an address, CIDR range or [address]:port allow-list entry`);
  }
  return { network: ipaddr.parse(address), bits, port: portNumber, text };
}

/** Decides whether `address` (a canonical IP string) may be connected to on `port`. */
export function checkAddress(address: string, port: number, allow: readonly AllowEntry[]): AddressVerdict {
  if (!isIP(address)) return { ok: false, why: 'not an IP address' };
  const parsed = ipaddr.parse(address);
  const embedded = embeddedIPv4(parsed);
  const candidates = embedded?.sameHost ? [parsed, embedded.address] : [parsed];
  const allowedBy = allow.filter((entry) => candidates.some((c) => entryMatches(entry, c, port)));
  if (isMetadata(embedded ? [parsed, embedded.address] : [parsed])) {
    const exact = allowedBy.some((entry) => entry.bits === (entry.network.kind() === 'ipv4' ? 32 : 128));
    return exact ? { ok: true } : { ok: false, why: 'a cloud instance-metadata address (it hands out credentials)' };
  }
  if (allowedBy.length > 0) return { ok: true };
  return classify(parsed, embedded);
}

function classify(parsed: Address, embedded: Embedded | null): AddressVerdict {
  if (embedded) {
    if (embedded.refuse) return { ok: false, why: embedded.form };
    const inner = classify(embedded.address, null);
    return inner.ok ? inner : { ok: false, why: `${embedded.form} of ${embedded.address.toString()}, which is ${inner.why}` };
  }
  const range = parsed.range();
  if (range === 'unicast') return { ok: true };
  return { ok: false, why: RANGE_WORDS[range] ?? `a special-use address (${range})` };
}

function entryMatches(entry: AllowEntry, address: Address, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false;
  return entry.network.kind() === address.kind() && address.match(entry.network, entry.bits);
}

function isMetadata(candidates: Address[]): boolean {
  return candidates.some((c) => METADATA_ADDRESSES.has(c.kind() === 'ipv6' ? (c as ipaddr.IPv6).toRFC5952String() : c.toString()));
}

interface Embedded {
  address: ipaddr.IPv4;
  /** Words for the wrapper, e.g. "an IPv4-mapped IPv6 address". */
  form: string;
  /** The IPv6 address reaches the very same IPv4 host (so an allow-list entry for the IPv4 address covers it). */
  sameHost: boolean;
  /** Refused whatever it embeds. */
  refuse?: boolean;
}

/** The IPv4 address an IPv6 address carries, for the forms that route to or stand for an IPv4 host. */
function embeddedIPv4(address: Address): Embedded | null {
  if (address.kind() !== 'ipv6') return null;
  const v6 = address as ipaddr.IPv6;
  const p = v6.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (v6.range()) {
    case 'ipv4Mapped':
      return { address: v4(p[6], p[7]), form: 'an IPv4-mapped IPv6 address', sameHost: true };
    case 'rfc6145':
      return { address: v4(p[6], p[7]), form: 'an IPv4-translated IPv6 address', sameHost: true };
    case 'rfc6052':
      // 64:ff9b:1::/48 is the local-use translation prefix (RFC 8215): a translator inside some network,
      // where the IPv4 address may sit at any prefix length, so it is refused outright.
      if (p[2] !== 0) return { address: v4(p[6], p[7]), form: 'a local-use NAT64 address (64:ff9b:1::/48)', sameHost: false, refuse: true };
      return { address: v4(p[6], p[7]), form: 'a NAT64 IPv6 address', sameHost: false };
    case '6to4':
      return { address: v4(p[1], p[2]), form: 'a 6to4 IPv6 address', sameHost: false };
    case 'teredo':
      return teredo(p, v4);
  }
  // IPv4-compatible (::a.b.c.d, deprecated): the first 96 bits are zero; :: and ::1 are their own ranges.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) {
    return { address: v4(p[6], p[7]), form: 'an IPv4-compatible IPv6 address', sameHost: true };
  }
  return null;
}

/** Teredo (2001::/32) carries the server's IPv4 address in bits 32-63 and the client's, inverted, in bits 96-127. */
function teredo(p: number[], v4: (hi: number, lo: number) => ipaddr.IPv4): Embedded {
  const server = v4(p[2], p[3]);
  const client = v4(~p[6] & 0xffff, ~p[7] & 0xffff);
  const bad = [client, server].find((a) => a.range() !== 'unicast');
  return { address: bad ?? client, form: 'a Teredo IPv6 address', sameHost: false };
}

/** `localhost`, `localhost.` and `*.localhost` always mean this machine (RFC 6761), whatever DNS says. */
export function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** A config entry for an allow-list of server-side fetches: `10.1.0.0/16`, `203.0.113.7`, `127.0.0.1:8080`, `[::1]:8080`. */
export const AllowAddress = z.string().refine((entry) => {
  try {
    return parseAllowAddresses([entry]).length === 1;
  } catch {
    return false;
  }
}, 'must be an address, a CIDR range, or address:port ([address]:port for IPv6)');
