// The off-platform identifiers a crew reuses across its fake profiles: messenger handles, phones,
// payment accounts, lure download domains, devices, IPs and photo hashes. Reuse is what lets the rings
// module link a crew, so every crew draws one small kit and all its profiles and scripts use it.
//
// No real personal data: phones come from the NANP range reserved for fiction (555-0100..0199); the
// Philippines has no such range, so Philippine numbers use a 555-01xx subscriber part that no real
// GCash number is claimed to have. IPs come from the RFC 2544 benchmarking block (198.18.0.0/15) and
// the IPv6 documentation block (2001:db8::/32). Domains are invented; IBANs and Bitcoin addresses are
// random but carry valid check digits so the normalisers accept them.
import { bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { composeIBAN, friendlyFormatIBAN } from 'ibantools';
import type { z } from 'zod';
import type { PaymentIdentifier } from '../core/events.ts';
import type { Random } from '../core/random.ts';

export const MESSENGER_KINDS = ['skype', 'telegram', 'whatsapp', 'line', 'kakao'] as const;
export type MessengerKind = (typeof MESSENGER_KINDS)[number];
export const PAYMENT_KINDS = ['gcash', 'iban', 'western_union', 'btc', 'cashtag', 'gift_card'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export interface MessengerHandle {
  kind: MessengerKind;
  /** The app's name as people write it. */
  app: string;
  /** What the scammer pastes into the chat. */
  handle: string;
}

export interface PaymentAccount {
  kind: PaymentKind;
  /** How the instructions read inside a message (language-neutral part). */
  text: string;
  /** What a victim's payment report carries. */
  identifiers: z.infer<typeof PaymentIdentifier>[];
}

export interface ApkLure {
  domain: string;
  url: string;
  /** File name shown to the victim. */
  name: string;
}

/** Everything one crew shares across its profiles. */
export interface CrewKit {
  handles: Record<MessengerKind, MessengerHandle>;
  /** Phones on the fake profiles (E.164). */
  phones: string[];
  payments: Record<PaymentKind, PaymentAccount>;
  lures: ApkLure[];
  devices: string[];
  ips: string[];
  userAgent: string;
  /** Base photo hashes; each profile shows near-duplicate variants of these. */
  photos: string[];
  /** Where the operator really is. */
  observedCountry: string;
}

const HANDLE_WORDS = ['honey', 'sweet', 'angel', 'luv', 'baby', 'cutie', 'bella', 'missy', 'sunny', 'kitty', 'rose', 'lovely'];
// Invented receivers' names: first name, middle initial and surname are chosen by the crew's serial number.
const RECEIVER_FIRST = ['Maria', 'Jocelyn', 'Ana', 'Kristel', 'Rowena', 'Liza', 'Marites', 'Joy', 'Carmela', 'Rhea'];
const RECEIVER_LAST = ['Santoval', 'Dimaculangan', 'Reyesco', 'Bautillo', 'Cabrallo', 'Magsalin', 'Tolentrino', 'Dalisayo', 'Pamintuan', 'Quiambao'];
const INITIALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';


function receiverName(n: number, random: Random): string {
  skip(random, 1);
  const first = RECEIVER_FIRST[n % RECEIVER_FIRST.length];
  const initial = INITIALS[Math.floor(n / RECEIVER_FIRST.length) % INITIALS.length];
  const last = RECEIVER_LAST[Math.floor(n / (RECEIVER_FIRST.length * INITIALS.length)) % RECEIVER_LAST.length];
  return `${first} ${initial}. ${last}`;
}
const RECEIVER_CITIES = ['Manila', 'Cebu City', 'Davao City', 'Quezon City'];
const DOMAIN_WORDS = [['voicefix', 'update'], ['audio', 'repair'], ['cam', 'sound'], ['mic', 'booster'], ['video', 'plugin'], ['hd', 'voice']];
const DOMAIN_TLDS = ['top', 'xyz', 'live', 'click', 'site'];
const LURE_FILES = [
  { file: 'voicefix.apk', name: 'VoiceFix.apk' },
  { file: 'voicefix.apk', name: 'VoiceFix.apk' },
  { file: 'audiofix.apk', name: 'AudioFix.apk' },
  { file: 'hdvoice.apk', name: 'HD Voice.apk' },
];
// None of these is a country a persona claims, so declared and observed locations always differ.
const OPERATOR_COUNTRIES = ['CI', 'NG', 'KH', 'MA', 'GH', 'MM'];
const USER_AGENTS = [
  'Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 11; Redmi Note 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Mobile Safari/537.36',
  'DatingApp/7.4.1 (Android 12; TECNO KG5)',
];

const base58check = createBase58check(sha256);

const US_AREAS = ['202', '213', '305', '312', '415', '512', '617', '702', '206', '303', '404', '503', '602', '713', '808', '907', '214', '310', '412', '504', '614', '718', '804', '904', '215', '317', '414', '505', '615', '719', '813', '916'];
const PH_MOBILE_PREFIXES = ['917', '927', '945', '966', '995', '905', '906', '915', '916', '926', '935', '936', '955', '956', '965', '967', '975', '977', '997', '908', '918', '919', '920', '921', '928', '929', '939', '946', '947', '949'];

/**
 * The n-th fictional number (US: 555-0100..0199, reserved for fiction; Philippines: see the note at the top): crews draw theirs by serial number, so two crews of a long demo never share a phone
 * by chance (random draws from these few thousand numbers did, and merged unrelated crews into one ring). Unique
 * for the first 3,200 US and 3,000 Philippine numbers, then they repeat; with the receivers' 2,600 names the
 * first 1,300 crews share nothing (about eight hours of `npm run demo` at its default speed).
 */
/**
 * Numbered values still take the draws the random ones took, so everything else a seed generates (texts, times,
 * who meets whom) stays as it was and tests pinned to a seed keep their traffic.
 */
function skip(random: Random, draws: number): void {
  for (let i = 0; i < draws; i++) random.next();
}

function numberedUsPhone(n: number, random: Random): string {
  skip(random, 2);
  const k = n % (US_AREAS.length * 100);
  return `+1${US_AREAS[k % US_AREAS.length]}5550${100 + Math.floor(k / US_AREAS.length)}`;
}

function numberedPhMobile(n: number, random: Random): string {
  skip(random, 2);
  const k = n % (PH_MOBILE_PREFIXES.length * 100);
  return `+63${PH_MOBILE_PREFIXES[k % PH_MOBILE_PREFIXES.length]}5550${100 + Math.floor(k / PH_MOBILE_PREFIXES.length)}`;
}

/** The local spelling Filipinos use in chats: 0917 555 0123. */
export function localPhSpelling(e164: string): string {
  const national = `0${e164.slice(3)}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

export function randomIban(random: Random): string {
  const bban = `${random.digits(8)}${random.digits(10)}`;
  const iban = composeIBAN({ countryCode: 'DE', bban });
  if (!iban) throw new Error(`could not compose an IBAN from ${bban}`);
  return iban;
}

/** A random SegWit (P2WPKH) or legacy (P2PKH) Bitcoin address with a valid checksum. */
export function randomBitcoinAddress(random: Random): string {
  const program = Uint8Array.from({ length: 20 }, () => random.int(0, 255));
  if (random.chance(0.5)) return bech32.encode('bc', [0, ...bech32.toWords(program)]);
  return base58check.encode(Uint8Array.of(0x00, ...program));
}

/** A 256-bit PDQ hash as 64 hex digits. */
export function randomPdq(random: Random): string {
  return random.hex(64);
}

/** The same photo re-encoded or cropped slightly: a few bits of its hash flip. */
export function pdqVariant(random: Random, pdq: string, flips = random.int(2, 10)): string {
  const bits = pdq.split('').flatMap((digit) => parseInt(digit, 16).toString(2).padStart(4, '0').split(''));
  for (const position of random.sample([...bits.keys()], flips)) bits[position] = bits[position] === '1' ? '0' : '1';
  let out = '';
  for (let i = 0; i < bits.length; i += 4) out += parseInt(bits.slice(i, i + 4).join(''), 2).toString(16);
  return out;
}

export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}

/**
 * One crew's kit. `serial` numbers the crew over the whole run (every batch of a live demo continues the count):
 * what a victim could type the same way for two crews (phones, receivers' names, cashtags) is derived from it, so
 * crews share nothing by chance; the rest is random with far more values than a demo ever draws.
 */
export function createCrewKit(random: Random, crewIndex: number, serial = crewIndex): CrewKit {
  const word = random.pick(HANDLE_WORDS);
  // The serial after the three random digits: a word and three digits alone gave crews of a long demo the same
  // Telegram and LINE handle (about 24,000 spellings, so a collision is likely after ~200 crews) and merged them.
  const tag = `${word}${random.pick(['_', '.', ''])}${random.digits(3)}${serial}`;
  const waPhone = numberedPhMobile(2 * serial, random);
  const domains = random.sample(DOMAIN_WORDS, random.int(1, 2)).map(
    // The serial keeps two crews' invented domains apart (random hex alone gave two crews of a long demo one).
    ([a, b], i) => `${a}-${b}-${random.hex(3)}${(2 * serial + i).toString(36)}.${random.pick(DOMAIN_TLDS)}`,
  );
  const lureFile = random.pick(LURE_FILES);
  const subnet = crewSubnet(serial);
  return {
    handles: {
      skype: { kind: 'skype', app: 'Skype', handle: `live:.cid.${random.hex(12)}` },
      telegram: { kind: 'telegram', app: 'Telegram', handle: `t.me/${tag.replace('.', '_')}` },
      whatsapp: { kind: 'whatsapp', app: 'WhatsApp', handle: `wa.me/${waPhone}` },
      line: { kind: 'line', app: 'LINE', handle: `line.me/ti/p/~${tag}` },
      kakao: { kind: 'kakao', app: 'KakaoTalk', handle: `open.kakao.com/o/s${random.hex(7)}${serial.toString(36)}` },
    },
    phones: [numberedUsPhone(2 * serial, random), numberedUsPhone(2 * serial + 1, random)],
    payments: createPayments(random, word, serial),
    lures: domains.map((domain) => ({ domain, url: `https://${domain}/${lureFile.file}`, name: lureFile.name })),
    devices: [random.hex(16), random.hex(16)],
    ips: [subnet(random.int(2, 120)), subnet(random.int(121, 250))],
    userAgent: random.pick(USER_AGENTS),
    photos: [randomPdq(random), randomPdq(random), randomPdq(random)],
    observedCountry: random.pick(OPERATOR_COUNTRIES),
  };
}

/**
 * The crew's own network, by serial: a /24 of 198.18.0.0/15 for the first 512 crews, then a /48 of 2001:db8::/32.
 * Numbered by the crew's place in its batch, crews of different batches shared addresses and /24s; that is weak
 * evidence and never merged them, but it listed them as each other's suspected associates (network + user agent).
 */
function crewSubnet(serial: number): (host: number) => string {
  if (serial < 512) return (host) => `198.${18 + (serial >> 8)}.${serial % 256}.${host}`;
  return (host) => `2001:db8:${serial.toString(16)}::${host.toString(16)}`;
}

function createPayments(random: Random, word: string, serial: number): Record<PaymentKind, PaymentAccount> {
  const gcash = numberedPhMobile(2 * serial + 1, random);
  const gcashName = receiverName(2 * serial, random);
  const iban = randomIban(random);
  const receiver = receiverName(2 * serial + 1, random);
  const city = RECEIVER_CITIES[(skip(random, 1), serial % RECEIVER_CITIES.length)];
  const btc = randomBitcoinAddress(random);
  const cashtag = `$${word}${random.digits(2)}${serial}`;
  const giftBrand = random.pick(['Steam', 'Google Play', 'Apple', 'Razer Gold']);
  return {
    gcash: {
      kind: 'gcash',
      text: `GCash ${localPhSpelling(gcash)} (${gcashName})`,
      identifiers: [{ type: 'ewallet', value: gcash, provider: 'GCash' }],
    },
    iban: {
      kind: 'iban',
      text: `IBAN ${friendlyFormatIBAN(iban)}`,
      identifiers: [{ type: 'iban', value: iban }],
    },
    western_union: {
      kind: 'western_union',
      text: `Western Union → ${receiver}, ${city}, Philippines`,
      // The engine reads an `mtcn` identifier as the remittance receiver, which is what links transfers.
      identifiers: [{ type: 'mtcn', value: `${receiver}, ${city}`, provider: 'Western Union' }],
    },
    btc: { kind: 'btc', text: `BTC ${btc}`, identifiers: [{ type: 'crypto', value: btc }] },
    cashtag: { kind: 'cashtag', text: `Cash App ${cashtag}`, identifiers: [{ type: 'cashtag', value: cashtag, provider: 'Cash App' }] },
    gift_card: {
      kind: 'gift_card',
      text: `${giftBrand} gift cards`,
      identifiers: [{ type: 'gift_card', value: giftCardCode(random), provider: giftBrand }],
    },
  };
}

/** A gift card code as a victim types it in (each card is unique, so these never link anything). */
export function giftCardCode(random: Random): string {
  const chunk = () => random.hex(4).toUpperCase();
  return `${chunk()}-${chunk()}-${chunk()}-${chunk()}`;
}

/** A Western Union transfer number as a victim reads it off the receipt. */
export function mtcn(random: Random): string {
  return random.digits(10);
}
