// The payment schemes analysts meet in sextortion cases, and the names people write them under. A scheme's
// canonical name is the `scheme` in `scheme:id`; its aliases are matched on letters only, so "G-Cash", "GCASH" and
// "gcash" are one scheme. `country` is where a local phone number written without its country code belongs, which
// is how phone-number wallets are written ("GCash 0917 123 4567").
import type { CountryCode } from 'libphonenumber-js/max';

export type SchemeKind = 'phone_wallet' | 'handle_wallet' | 'bank' | 'remittance';

export interface PaymentScheme {
  scheme: string;
  kind: SchemeKind;
  aliases: readonly string[];
  country?: CountryCode;
}

const phoneWallet = (scheme: string, country: CountryCode, ...aliases: string[]): PaymentScheme => ({ scheme, kind: 'phone_wallet', country, aliases: [scheme, ...aliases] });
const handleWallet = (scheme: string, ...aliases: string[]): PaymentScheme => ({ scheme, kind: 'handle_wallet', aliases: [scheme, ...aliases] });
const bank = (scheme: string, country: CountryCode | undefined, ...aliases: string[]): PaymentScheme => ({ scheme, kind: 'bank', country, aliases: [scheme, ...aliases] });
const remittance = (scheme: string, ...aliases: string[]): PaymentScheme => ({ scheme, kind: 'remittance', aliases: [scheme, ...aliases] });

export const PAYMENT_SCHEMES: readonly PaymentScheme[] = [
  // Phone-number wallets: the account is the phone number.
  phoneWallet('gcash', 'PH', 'globe gcash'),
  phoneWallet('maya', 'PH', 'paymaya'),
  phoneWallet('mpesa', 'KE', 'm pesa', 'safaricom'),
  phoneWallet('paytm', 'IN'),
  phoneWallet('phonepe', 'IN'),
  phoneWallet('bkash', 'BD'),
  phoneWallet('nagad', 'BD'),
  phoneWallet('jazzcash', 'PK'),
  phoneWallet('easypaisa', 'PK'),
  phoneWallet('mtnmomo', 'GH', 'mtn momo', 'mtn mobile money', 'momo mtn'),
  phoneWallet('airtelmoney', 'KE', 'airtel money'),
  phoneWallet('orangemoney', 'CI', 'orange money'),
  phoneWallet('wave', 'SN'),
  phoneWallet('opay', 'NG'),
  phoneWallet('palmpay', 'NG'),
  phoneWallet('dana', 'ID'),
  phoneWallet('ovo', 'ID'),
  phoneWallet('gopay', 'ID'),
  phoneWallet('truemoney', 'TH', 'true money'),
  phoneWallet('promptpay', 'TH', 'prompt pay'),
  phoneWallet('momo', 'VN'),
  phoneWallet('zalopay', 'VN', 'zalo pay'),
  phoneWallet('zelle', 'US'),
  // Handle wallets: the account is a user name, a tag or an address.
  handleWallet('paypal', 'paypal me', 'pay pal'),
  handleWallet('cashapp', 'cash app', 'square cash'),
  handleWallet('venmo'),
  handleWallet('upi', 'bhim', 'google pay', 'gpay'),
  handleWallet('revolut'),
  handleWallet('wise', 'transferwise'),
  handleWallet('skrill'),
  handleWallet('payoneer'),
  handleWallet('alipay'),
  handleWallet('wechatpay', 'wechat pay', 'weixin pay'),
  handleWallet('kakaopay', 'kakao pay'),
  handleWallet('applecash', 'apple cash', 'apple pay'),
  handleWallet('chime'),
  handleWallet('binancepay', 'binance pay', 'binance'),
  // Banks, by the short names their customers use. The code is the bank's usual abbreviation.
  bank('bdo', 'PH', 'banco de oro', 'bdo unibank'),
  bank('bpi', 'PH', 'bank of the philippine islands'),
  bank('metrobank', 'PH', 'mbtc', 'metropolitan bank'),
  bank('unionbank', 'PH', 'ubp', 'union bank'),
  bank('landbank', 'PH', 'lbp', 'land bank'),
  bank('rcbc', 'PH'),
  bank('securitybank', 'PH', 'security bank', 'secb'),
  bank('chinabank', 'PH', 'china bank'),
  bank('eastwest', 'PH', 'east west', 'eastwest bank'),
  bank('pnb', undefined, 'philippine national bank', 'punjab national bank'),
  bank('sbi', 'IN', 'state bank of india'),
  bank('hdfc', 'IN', 'hdfc bank'),
  bank('icici', 'IN', 'icici bank'),
  bank('axis', 'IN', 'axis bank'),
  bank('kotak', 'IN', 'kotak mahindra'),
  bank('gtbank', 'NG', 'gtb', 'guaranty trust', 'guaranty trust bank'),
  bank('accessbank', 'NG', 'access bank'),
  bank('zenith', 'NG', 'zenith bank'),
  bank('firstbank', 'NG', 'first bank', 'fbn'),
  bank('uba', 'NG', 'united bank for africa'),
  bank('kuda', 'NG'),
  bank('moniepoint', 'NG'),
  bank('equity', 'KE', 'equity bank'),
  bank('kcb', 'KE'),
  bank('chase', 'US', 'jpmorgan chase'),
  bank('wellsfargo', 'US', 'wells fargo'),
  bank('bofa', 'US', 'bank of america', 'boa'),
  bank('citi', 'US', 'citibank'),
  bank('barclays', 'GB'),
  bank('hsbc', undefined),
  bank('lloyds', 'GB'),
  bank('natwest', 'GB'),
  bank('monzo', 'GB'),
  bank('bca', 'ID', 'bank central asia'),
  bank('bri', 'ID', 'bank rakyat indonesia'),
  bank('mandiri', 'ID', 'bank mandiri'),
  bank('bni', 'ID'),
  bank('kbank', 'TH', 'kasikorn', 'kasikornbank'),
  bank('scb', 'TH', 'siam commercial'),
  bank('vietcombank', 'VN', 'vcb'),
  bank('techcombank', 'VN', 'tcb'),
  // Remittance: the reference of one transfer (Western Union MTCN, MoneyGram reference number).
  remittance('westernunion', 'western union', 'wu', 'mtcn'),
  remittance('moneygram', 'money gram', 'mg'),
  remittance('ria', 'ria money transfer'),
  remittance('remitly'),
  remittance('worldremit', 'world remit'),
  remittance('xoom'),
];

/** Lower-case letters and digits only: the key aliases are compared on. */
export function aliasKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_ALIAS = new Map<string, PaymentScheme>();
for (const scheme of PAYMENT_SCHEMES) for (const alias of scheme.aliases) BY_ALIAS.set(aliasKey(alias), scheme);

/** The longest alias made of the words `words[from…]`, preferring more words ("bank of america" over "bank"). */
export function schemeAt(words: readonly string[], from: number): { scheme: PaymentScheme; length: number } | undefined {
  for (let length = Math.min(5, words.length - from); length >= 1; length--) {
    const found = BY_ALIAS.get(aliasKey(words.slice(from, from + length).join('')));
    if (found) return { scheme: found, length };
  }
  return undefined;
}

export function schemeNamed(name: string): PaymentScheme | undefined {
  return BY_ALIAS.get(aliasKey(name));
}
