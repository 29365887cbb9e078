// Payment identifiers a demand names: IBAN/BIC (ibantools), bank accounts next to a bank's name, e-wallets
// (GCash, Maya, PayPal, Cash App tags, UPI…), remittance control numbers, gift-card codes and crypto addresses
// whose checksums pass. Numbers count as accounts only next to the word that says what they are, so an order
// number in ordinary chat is not a bank account.
import { isValidBIC, isValidIBAN, electronicFormatIBAN } from 'ibantools';
import { base58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { toOriginalRange, type NormalisedViews } from './normalise.ts';
import type { Entity } from './types.ts';
import { allMatches } from './regex.ts';

const BANKS = String.raw`bdo|bpi|metrobank|landbank|unionbank|security bank|rcbc|pnb|chinabank|bca|bri|bni|mandiri|cimb|maybank|public bank|rhb|kasikorn|kbank|scb|krungthai|bangkok bank|vietcombank|techcombank|vietinbank|bidv|mb bank|acb|sbi|hdfc|icici|axis bank|kotak|bbva|santander|banorte|banamex|bnp|société générale|societe generale|crédit agricole|credit agricole|lcl|chase|wells fargo|bank of america|citibank|hsbc|barclays|국민은행|신한은행|우리은행|하나은행|농협|카카오뱅크|みずほ銀行|三菱ufj銀行|三井住友銀行|ゆうちょ銀行|中国银行|工商银行|建设银行|农业银行|招商银行|ธนาคาร\S{0,12}|bank|banco|banque|ngân hàng|बैंक`;
const WALLETS = String.raw`gcash|maya|paymaya|coins\.ph|dana|ovo|gopay|shopeepay|truemoney|promptpay|momo|zalopay|paytm|phonepe|google pay|gpay|venmo|zelle|alipay|支付宝|wechat pay|微信支付|toss|토스|paypay`;

const ACCOUNT_NEAR_BANK = new RegExp(String.raw`(${BANKS})[^\d\n]{0,30}?((?:\d[\s-]?){8,19}\d)`, 'gu');
const NUMBER_NEAR_WALLET = new RegExp(String.raw`(${WALLETS})[^\d\n+]{0,25}?(\+?(?:\d[\s-]?){8,14}\d)`, 'gu');
const PAYPAL = /\bpaypal\.me\/([a-z0-9._-]{2,40})|\bpaypal[^@\n]{0,25}?\b([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})/gu;
const CASHTAG = /(?<![\w$])\$([a-z][a-z0-9_]{1,19})\b/gu;
const UPI = /\b([a-z0-9._-]{2,40}@(?:okaxis|oksbi|okicici|okhdfcbank|ybl|ibl|axl|paytm|upi|apl))\b/gu;
const IBAN = /\b([a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,4})?)\b/gu;
const BIC = /\b(?:bic|swift)(?:\s*code)?\s*[:：]?\s*([a-z]{6}[a-z0-9]{2}(?:[a-z0-9]{3})?)\b/gu;
const REMITTANCE = /(mtcn|control (?:no\.?|number)|reference (?:no\.?|number)|ref\.? no\.?|western union|moneygram|remitly|palawan|cebuana|m lhuillier|worldremit)[^\d\n]{0,30}?(\d{3}[\s-]?\d{3}[\s-]?\d{2,4})(?!\d)/gu;
const GIFT_CARD = /(gift ?cards?|steam|google ?play|itunes|apple (?:gift )?card|amazon card|razer gold|sephora|vanilla|기프트 ?카드|문화상품권|ギフト ?カード|ギフト券|礼品卡|บัตรของขวัญ|thẻ quà tặng|tarjeta de regalo|carte cadeau|गिफ्ट कार्ड)[\s\S]{0,60}?\b([a-z0-9]{4}(?:-[a-z0-9]{4}){2,4}|\d{4}(?: \d{4}){3}|(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{15,20})\b/gu;
const CRYPTO_CANDIDATE = /\b(0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})\b/g;
const PAYMENT_GATE = /\d{4}|\$[a-z]|paypal|@|0x|bc1|\bt[1-9a-z]{33}/iu;

const tronBase58 = base58check(sha256);

export function findPayments(views: NormalisedViews): Entity[] {
  const view = views.folded;
  if (!PAYMENT_GATE.test(view.text)) return [];
  const entities: Entity[] = [];
  const push = (type: Entity['type'], value: string, index: number, length: number, detail?: Record<string, string>) =>
    entities.push({ type, value, ...toOriginalRange(view, index, index + length), ...(detail ? { detail } : {}) });
  for (const m of allMatches(IBAN, view.text)) {
    const iban = electronicFormatIBAN(m[1].toUpperCase());
    if (iban && isValidIBAN(iban)) push('iban', iban, m.index, m[0].length);
  }
  for (const m of allMatches(BIC, view.text)) {
    if (isValidBIC(m[1].toUpperCase())) push('bic', m[1].toUpperCase(), m.index + m[0].length - m[1].length, m[1].length);
  }
  for (const m of allMatches(ACCOUNT_NEAR_BANK, view.text)) pushTail(push, 'bank_account', `bank:${slug(m[1])}:${digits(m[2])}`, m);
  for (const m of allMatches(NUMBER_NEAR_WALLET, view.text)) pushTail(push, 'ewallet', `${slug(m[1])}:${digits(m[2])}`, m);
  for (const m of allMatches(PAYPAL, view.text)) pushTail(push, 'ewallet', `paypal:${m[1] ?? m[2]}`, m);
  for (const m of allMatches(CASHTAG, view.text)) push('ewallet', `cashapp:$${m[1]}`, m.index, m[0].length);
  for (const m of allMatches(UPI, view.text)) push('ewallet', `upi:${m[1]}`, m.index, m[0].length);
  for (const m of allMatches(REMITTANCE, view.text)) pushTail(push, 'remittance', `${slug(m[1])}:${digits(m[2])}`, m);
  for (const m of allMatches(GIFT_CARD, view.text)) pushTail(push, 'gift_card', `giftcard:${slug(m[1])}:${m[2].replace(/[\s-]/g, '').toUpperCase()}`, m);
  entities.push(...findCrypto(views.original));
  return entities;
}

function pushTail(
  push: (type: Entity['type'], value: string, index: number, length: number) => void,
  type: Entity['type'],
  value: string,
  m: RegExpMatchArray,
): void {
  const tail = m[m.length - 1] ?? m[2] ?? m[1];
  const at = (m.index ?? 0) + m[0].lastIndexOf(tail);
  push(type, value, at, tail.length);
}

/** Crypto addresses are case-sensitive, so they are read from the original text, and kept only if checksums pass. */
export function findCrypto(original: string): Entity[] {
  const entities: Entity[] = [];
  for (const m of allMatches(CRYPTO_CANDIDATE, original)) {
    const candidate = m[1];
    const value = candidate.startsWith('T') ? validTron(candidate) : validWallet(candidate);
    if (value) entities.push({ type: 'crypto_wallet', value, start: m.index, end: m.index + candidate.length, detail: { chain: chainOf(candidate) } });
  }
  return entities;
}

function validWallet(candidate: string): string | undefined {
  const result = normaliseIdentifier('crypto_wallet', candidate);
  return result.ok ? result.value : undefined;
}

function validTron(candidate: string): string | undefined {
  try {
    const payload = tronBase58.decode(candidate);
    return payload.length === 21 && payload[0] === 0x41 ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function chainOf(address: string): string {
  if (address.startsWith('0x')) return 'ethereum';
  if (address.startsWith('T')) return 'tron';
  return 'bitcoin';
}

function digits(value: string): string {
  return value.replace(/[^\d+]/g, '');
}

function slug(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}
