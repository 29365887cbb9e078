// Payment accounts as people write them: "BDO-01640177123", "BPI 1234-5678-90", "GCash 0917 123 4567",
// "PH-GCASH-COLLECT-000000001", "john.doe@okaxis", "$CashTag", "Venmo @handle", "MTCN 123-456-7890",
// "Visa ending 4242". Each becomes one canonical `scheme:id` (the graph keys on it; the caller keeps the original
// as provenance), so the same mule account written two ways is one graph node. Only values with nothing that could
// identify an account are refused, and the reason says what is missing.
//
// Canonical forms:
//   bank:<bank>:<digits>           bank name or code + account number
//   <wallet>:+<E.164>              phone-number wallets (GCash, M-Pesa, Paytm, bKash, Zelle …)
//   <wallet>:<handle>              handle wallets and wallet ids (paypal:name, venmo:handle, cashapp:$tag, upi:vpa)
//   mpesa:paybill:<n>[:<acct>], mpesa:till:<n>
//   westernunion:mtcn:<10 digits>, moneygram:ref:<8 digits>, <remitter>:<reference>
//   card:<first 6>*<last 4>, card:<brand>:*<last 4>, card:*<last 4>   (never a full card number)
//   acct:<name>:<digits>           an account number after a name this module does not know
//   account:<digits>               a bare number (weak: without its bank it can collide)
// Phone numbers and crypto addresses written as payment accounts are re-typed by the caller (normalise.ts).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { aliasKey, schemeAt, schemeNamed, type PaymentScheme } from './payment-schemes.ts';

export type PaymentParse =
  | { ok: true; value: string; retype?: 'phone'; weak?: boolean }
  | { ok: false; error: string };

const FILLER = new Set([
  'acct', 'account', 'accountno', 'accountnumber', 'ac', 'no', 'num', 'number', 'nr', 'savings', 'current', 'checking',
  'sa', 'ca', 'wallet', 'mobile', 'phone', 'tel', 'cp', 'via', 'to', 'send', 'pay', 'ref', 'reference', 'tracking',
  'code', 'id', 'mtcn', 'refno', 'name', 'the', 'my', 'is', 'and', 'or', 'transfer', 'deposit', 'into', 'bank', 'e', 'ewallet',
]);
const CARD_BRANDS: Record<string, string> = {
  visa: 'visa', mastercard: 'mastercard', master: 'mastercard', mc: 'mastercard', amex: 'amex', americanexpress: 'amex',
  discover: 'discover', jcb: 'jcb', rupay: 'rupay', unionpay: 'unionpay', maestro: 'maestro',
};
const ISO_COUNTRY = /^[A-Za-z]{2}$/;

const ok = (value: string, extra: { retype?: 'phone'; weak?: boolean } = {}): PaymentParse => ({ ok: true, value, ...extra });
const fail = (v: string, why: string): PaymentParse => ({ ok: false, error: `payment_account "${v}" ${why}` });

export function parsePaymentAccount(v: string): PaymentParse {
  if (!/[\p{L}\p{N}]/u.test(v)) return fail(v, 'has no letters or digits, so it cannot name an account');
  const explicit = explicitScheme(v);
  if (explicit) return explicit;
  const cashtag = v.match(/(?:^|[\s:])\$([A-Za-z][A-Za-z0-9_]{0,19})(?=$|[\s,.;)])/);
  if (cashtag) return ok(`cashapp:$${cashtag[1].toLowerCase()}`);
  const at = atForm(v);
  if (at) return at;
  const card = cardForm(v);
  if (card) return card;
  const words = v.split(/[\s\-_,;:()[\]#/|.+]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const found = schemeAt(words, i);
    if (!found) continue;
    // Words before the scheme may only be a country code ("PH-GCASH-…") or filler ("send to GCash …").
    if (words.slice(0, i).every((w) => ISO_COUNTRY.test(w) || FILLER.has(aliasKey(w)))) {
      return schemeAccount(v, found.scheme, words.slice(i + found.length));
    }
  }
  return unnamedAccount(v, words);
}

/** `scheme:id` written out. Known schemes get their canonical id; other schemes are kept, lower-cased. */
function explicitScheme(v: string): PaymentParse | undefined {
  const m = v.match(/^([A-Za-z][A-Za-z0-9_. -]{0,40}?)\s*:\s*(\S.*)$/);
  if (!m || m[2].startsWith('//')) return undefined;
  const scheme = schemeNamed(m[1]);
  if (scheme) return schemeAccount(v, scheme, m[2].split(/[\s\-_,;()[\]#|]+/).filter(Boolean), m[2]);
  if (/^[a-z][a-z0-9_.-]*$/i.test(m[1]) && !/\s/.test(m[2])) return ok(`${m[1].toLowerCase()}:${m[2].toLowerCase()}`);
  return undefined;
}

/** Forms built around `@`: UPI ids (name@okaxis), e-mail payees (Zelle, PayPal), and @handles (Venmo). */
function atForm(v: string): PaymentParse | undefined {
  const token = v.split(/[\s,;()]+/).find((w) => w.includes('@'));
  if (!token) return undefined;
  const before = v.slice(0, v.indexOf(token)).split(/[\s\-_,;:()]+/).filter(Boolean);
  const named = before.length > 0 ? schemeAt(before, 0)?.scheme : undefined;
  const lower = token.toLowerCase().replace(/[.,;:]+$/, '');
  if (/^@[a-z0-9][a-z0-9_-]{0,40}$/.test(lower)) return ok(`${named?.kind === 'handle_wallet' ? named.scheme : 'venmo'}:${lower.slice(1)}`);
  const m = lower.match(/^([a-z0-9][a-z0-9._-]*)@([a-z0-9-]+(?:\.[a-z0-9-]+)*)$/);
  if (!m) return fail(v, `has "${token}", which is neither a handle, a UPI id nor an e-mail address`);
  if (!m[2].includes('.')) return ok(`upi:${lower}`); // a UPI id's handle (okaxis, ybl, paytm) has no dot
  return ok(`${named ? named.scheme : 'email'}:${lower}`);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers and fragments. Only the first six and last four digits are ever kept. */
function cardForm(v: string): PaymentParse | undefined {
  const lower = v.toLowerCase();
  const brandWord = lower.split(/[^a-z]+/).map((w) => CARD_BRANDS[w]).find(Boolean) ?? (/american\s+express/.test(lower) ? 'amex' : undefined);
  const masked = v.match(/[0-9*xX•]{2,}(?:[ -][0-9*xX•]{2,})*/g)?.find((g) => /[*xX•]/.test(g) && /\d/.test(g));
  const endingIn = lower.match(/(?:ending(?:\s+in)?|last\s*(?:4|four)(?:\s+digits)?)\s*[:#-]?\s*(\d{4})\b/);
  if (!brandWord && !masked && !endingIn && !/\bcard\b/.test(lower)) {
    const bare = v.replace(/[\s-]/g, '');
    if (!/^[2-6]\d{12,18}$/.test(bare) || !luhn(bare)) return undefined;
    return ok(`card:${bare.slice(0, 6)}*${bare.slice(-4)}`);
  }
  const brand = brandWord ? `${brandWord}:` : '';
  if (masked) {
    const compact = masked.replace(/[ -]/g, '');
    const head = compact.match(/^\d+/)?.[0] ?? '';
    const tail = compact.match(/\d+$/)?.[0] ?? '';
    if (tail.length < 4) return fail(v, 'is a masked card number without its last four digits');
    if (head.length >= 6) return ok(`card:${head.slice(0, 6)}*${tail.slice(-4)}`);
    return ok(`card:${brand}*${tail.slice(-4)}`, { weak: true });
  }
  if (endingIn) return ok(`card:${brand}*${endingIn[1]}`, { weak: true });
  const digits = v.replace(/\D/g, '');
  if (digits.length >= 13 && digits.length <= 19) {
    if (!luhn(digits)) return fail(v, 'is a card number that fails its Luhn check');
    return ok(`card:${digits.slice(0, 6)}*${digits.slice(-4)}`);
  }
  if (digits.length === 4) return ok(`card:${brand}*${digits}`, { weak: true });
  if (brandWord) return fail(v, `names a ${brandWord} card but has neither a card number nor its last four digits`);
  return undefined;
}

function significant(words: readonly string[]): string[] {
  return words.filter((w) => !FILLER.has(aliasKey(w)));
}

function schemeAccount(v: string, scheme: PaymentScheme, rest: readonly string[], rawId?: string): PaymentParse {
  const words = significant(rest);
  if (words.length === 0) return fail(v, `names ${scheme.scheme} but no account number or handle`);
  const digits = words.join('').replace(/\D/g, '');
  const allDigits = words.every((w) => /^\+?\d+$/.test(w));
  switch (scheme.kind) {
    case 'bank':
      if (!allDigits) return ok(`bank:${scheme.scheme}:${words.map((w) => w.toLowerCase()).join('-')}`);
      if (digits.length < 5) return fail(v, `has a ${scheme.scheme} account number of ${digits.length} digits, too short to name an account`);
      return ok(`bank:${scheme.scheme}:${digits}`);
    case 'remittance':
      return remittanceReference(v, scheme, words, digits, allDigits);
    case 'phone_wallet': {
      const mpesa = scheme.scheme === 'mpesa' ? mpesaBusiness(words) : undefined;
      if (mpesa) return ok(mpesa);
      if (allDigits) {
        const phone = walletPhone(words.join(''), scheme);
        if (phone) return ok(`${scheme.scheme}:${phone}`);
        if (digits.length < 5) return fail(v, `has a ${scheme.scheme} number of ${digits.length} digits, too short to name an account`);
        return ok(`${scheme.scheme}:${digits}`);
      }
      return ok(`${scheme.scheme}:${handleId(words, rawId)}`);
    }
    case 'handle_wallet': {
      const id = handleId(words, rawId).replace(/^@/, '');
      if (scheme.scheme === 'cashapp') return ok(`cashapp:$${id.replace(/^\$/, '')}`);
      return ok(`${scheme.scheme}:${id}`);
    }
  }
}

/** A handle or wallet id: as written when it was one token after "scheme:", else its words joined by "-". */
function handleId(words: readonly string[], rawId?: string): string {
  if (rawId !== undefined && !/\s/.test(rawId.trim())) return rawId.trim().toLowerCase();
  return words.map((w) => w.toLowerCase()).join('-');
}

function walletPhone(digits: string, scheme: PaymentScheme): string | undefined {
  const parsed = digits.startsWith('+') ? parsePhoneNumberFromString(digits) : parsePhoneNumberFromString(digits, scheme.country);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** M-Pesa business numbers: "Paybill 247247 account 0712…" and "Till 123456". */
function mpesaBusiness(rest: readonly string[]): string | undefined { // filler words already removed
  const keys = rest.map(aliasKey);
  const till = keys.indexOf('till');
  if (till !== -1 && /^\d{5,7}$/.test(rest[till + 1] ?? '')) return `mpesa:till:${rest[till + 1]}`;
  const paybill = keys.findIndex((k) => k === 'paybill' || k === 'businessno');
  if (paybill === -1 || !/^\d{5,7}$/.test(rest[paybill + 1] ?? '')) return undefined;
  const account = rest.slice(paybill + 2).join('').toLowerCase();
  return `mpesa:paybill:${rest[paybill + 1]}${account ? `:${account}` : ''}`;
}

function remittanceReference(v: string, scheme: PaymentScheme, words: readonly string[], digits: string, allDigits: boolean): PaymentParse {
  if (scheme.scheme === 'westernunion' && allDigits) {
    if (digits.length !== 10) return fail(v, `has a Western Union MTCN of ${digits.length} digits; an MTCN has 10`);
    return ok(`westernunion:mtcn:${digits}`);
  }
  if (scheme.scheme === 'moneygram' && allDigits) {
    if (digits.length !== 8) return fail(v, `has a MoneyGram reference of ${digits.length} digits; a reference number has 8`);
    return ok(`moneygram:ref:${digits}`);
  }
  const reference = words.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (reference.length < 5) return fail(v, `has a ${scheme.scheme} reference "${reference}", too short to name a transfer`);
  return ok(`${scheme.scheme}:${reference}`);
}

/** No known scheme: a phone number (re-typed), a named account number, or a bare number (weak). */
function unnamedAccount(v: string, words: readonly string[]): PaymentParse {
  const compact = v.replace(/[\s().-]/g, '');
  if (/^(\+|00)\d{6,15}$/.test(compact)) {
    const phone = parsePhoneNumberFromString(compact.startsWith('00') ? `+${compact.slice(2)}` : compact);
    if (phone?.isValid()) return ok(phone.number, { retype: 'phone' });
  }
  const business = mpesaBusiness(significant(words)); // "Till 123456" and "Paybill 247247 …" are M-Pesa's business numbers
  if (business) return ok(business);
  const numbers = words.filter((w) => /^\d+$/.test(w));
  const names = significant(words.filter((w) => !/\d/.test(w)));
  const digits = numbers.join('');
  if (digits.length === 0) return fail(v, 'is neither a valid IBAN nor a recognisable account: it has no account number, handle or "scheme:id"');
  if (digits.length < 6) return fail(v, `has only ${digits.length} digits, too few to name an account`);
  const mixed = words.filter((w) => /\d/.test(w) && /\D/.test(w));
  if (mixed.length > 0 && numbers.length === 0) return ok(`account:${mixed.map((w) => w.toLowerCase()).join('-')}`, { weak: true });
  if (names.length > 0) return ok(`acct:${names.map(aliasKey).filter(Boolean).join('-')}:${digits}`);
  return ok(`account:${digits}`, { weak: true });
}
