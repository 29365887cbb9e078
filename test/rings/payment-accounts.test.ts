import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { normaliseIdentifier } from '../../src/core/identifiers/normalise.ts';
import { parseLinkObject } from '../../src/modules/rings/input.ts';
import { RingBatch } from '../../src/modules/rings/batch.ts';

const norm = (raw: string): { value: string; type?: string; weak?: boolean } => {
  const r = normaliseIdentifier('payment_account', raw);
  assert.ok(r.ok, `${raw}: ${r.ok ? '' : r.error}`);
  return { value: r.value, ...(r.type ? { type: r.type } : {}), ...(r.weak ? { weak: true } : {}) };
};
const refused = (raw: string): string => {
  const r = normaliseIdentifier('payment_account', raw);
  assert.ok(!r.ok, `${raw} should be refused, got ${r.ok ? r.value : ''}`);
  return r.error;
};

test('local payment formats normalise to one canonical scheme:id', () => {
  const cases: [string[], string][] = [
    [['BDO-01640177123', 'BDO 0164 0177 123', 'Banco de Oro 01640177123', 'bdo:01640177123', 'BDO\u200b-01640177123'], 'bank:bdo:01640177123'],
    [['BPI 1234-5678-90', 'bpi 1234567890', 'Bank of the Philippine Islands 1234 5678 90'], 'bank:bpi:1234567890'],
    [['PH-GCASH-COLLECT-000000001', 'GCash collect 000000001'], 'gcash:collect-000000001'],
    [['GCash 0917 123 4567', 'gcash:09171234567', 'G-Cash +63 917 123 4567', 'Send to GCash 0917-123-4567'], 'gcash:+639171234567'],
    [['john.doe@okaxis', 'Paytm JOHN.DOE@okaxis', 'UPI: john.doe@okaxis'], 'upi:john.doe@okaxis'],
    [['M-Pesa 0712 345 678', 'MPESA +254712345678', 'mpesa:0712345678'], 'mpesa:+254712345678'],
    [['M-Pesa Paybill 247247 Account 0712345678'], 'mpesa:paybill:247247:0712345678'],
    [['Till 123456', 'M-Pesa till no 123456'], 'mpesa:till:123456'],
    [['$CashTag', 'Cash App $cashtag', 'cashapp:$CASHTAG'], 'cashapp:$cashtag'],
    [['Venmo @Jane-Doe', '@jane-doe', 'venmo:jane-doe'], 'venmo:jane-doe'],
    [['Zelle 415-555-0132', 'zelle:+1 415 555 0132'], 'zelle:+14155550132'],
    [['Zelle Jane@Gmail.com'], 'zelle:jane@gmail.com'],
    [['Western Union MTCN 123-456-7890', 'MTCN: 1234567890', 'WU MTCN 123 456 7890'], 'westernunion:mtcn:1234567890'],
    [['MoneyGram ref 12345678', 'moneygram 1234 5678'], 'moneygram:ref:12345678'],
    [['4111 1111 1111 1111', '4111 11** **** 1111', 'Visa 411111xxxxxx1111'], 'card:411111*1111'],
    [['PayPal:Mule@Example.org', 'paypal:mule@example.org'], 'paypal:mule@example.org'],
    [['paypal.me/JohnDoe'], 'paypal:johndoe'],
    [['Bank of America 1234 5678 9012', 'BofA 123456789012'], 'bank:bofa:123456789012'],
    [['GTBank 0123456789', 'Guaranty Trust Bank 0123456789'], 'bank:gtbank:0123456789'],
  ];
  for (const [spellings, canonical] of cases) {
    for (const s of spellings) assert.equal(norm(s).value, canonical, s);
  }
});

test('crypto addresses and phone numbers written as payment accounts are re-typed', () => {
  assert.deepEqual(norm('BTC bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'), { value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', type: 'crypto_wallet' });
  assert.deepEqual(norm('USDT (ERC20): 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), { value: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', type: 'crypto_wallet' });
  assert.deepEqual(norm('+63 917 123 4567'), { value: '+639171234567', type: 'phone' });
  const tron = normaliseIdentifier('crypto_wallet', 'TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9');
  assert.ok(tron.ok);
  assert.match(refused('USDT TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m8'), /checksum|TRON/);
});

test('fragments that can collide between strangers are weak evidence; card numbers are never kept whole', () => {
  assert.deepEqual(norm('Visa ending 4242'), { value: 'card:visa:*4242', weak: true });
  assert.deepEqual(norm('**** **** **** 4242'), { value: 'card:*4242', weak: true });
  assert.deepEqual(norm('01640177123'), { value: 'account:01640177123', weak: true });
  assert.ok(!norm('4111 1111 1111 1111').value.includes('11111111'), 'no full card number in the graph');
  const parsed = parseLinkObject({ account: 'a', type: 'payment_account', value: 'Visa ending 4242' });
  assert.ok(parsed.ok);
  assert.equal(parsed.link.strength, 'weak');
  assert.equal(parsed.link.original, 'Visa ending 4242');
});

test('only values that cannot name an account are refused, each with its reason', () => {
  assert.match(refused(''), /empty/);
  assert.match(refused('---'), /no letters or digits/);
  assert.match(refused('just words'), /no account number, handle/);
  assert.match(refused('GCash'), /names gcash but no account number/);
  assert.match(refused('BDO 123'), /3 digits, too short/);
  assert.match(refused('Western Union MTCN 12345'), /MTCN has 10/);
  assert.match(refused('MoneyGram 123'), /reference number has 8/);
  assert.match(refused('Visa card'), /neither a card number nor its last four/);
  assert.match(refused('4111 1111 1111 1112 card'), /Luhn/);
  assert.match(refused('GB82 WEST 1234 5698 7654 33'), /check digits/);
});

// A generated crew file: every crew's members write the crew's mule accounts in different local spellings, and
// every crew also pastes the same generic wa.me link. The rings must come back exactly, one per crew.
interface Mule { spellings: string[] }
const bankMule = fc.record({ code: fc.constantFrom('BDO', 'BPI', 'Metrobank', 'GTBank', 'Chase'), digits: fc.stringMatching(/^[0-9]{10,12}$/) }).map(
  ({ code, digits }): Mule => ({ spellings: [`${code}-${digits}`, `${code} ${digits.slice(0, 4)} ${digits.slice(4)}`, `${code.toLowerCase()}:${digits}`] }),
);
const gcashMule = fc.stringMatching(/^[0-9]{7}$/).map((n): Mule => ({ spellings: [`GCash 0917 ${n.slice(0, 3)} ${n.slice(3)}`, `gcash:0917${n}`, `G-Cash +63 917-${n}`] }));
const upiMule = fc.stringMatching(/^[a-z][a-z0-9]{3,10}$/).map((n): Mule => ({ spellings: [`${n}@okaxis`, `Paytm ${n.toUpperCase()}@okaxis`, `UPI: ${n}@okaxis`] }));
const mtcnMule = fc.stringMatching(/^[0-9]{10}$/).map((n): Mule => ({ spellings: [`MTCN ${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, `Western Union ${n}`, `WU MTCN: ${n}`] }));
const cashtagMule = fc.stringMatching(/^[a-z][a-z0-9]{3,12}$/).map((n): Mule => ({ spellings: [`$${n}`, `Cash App $${n.toUpperCase()}`, `cashapp:$${n}`] }));
const crews = fc.uniqueArray(
  fc.record({ size: fc.integer({ min: 2, max: 6 }), mule: fc.oneof(bankMule, gcashMule, upiMule, mtcnMule, cashtagMule) }),
  { minLength: 1, maxLength: 8, selector: (c) => c.mule.spellings[0].toLowerCase().replace(/[^a-z0-9]/g, '').slice(-7) },
);

function crewFile(generated: { size: number; mule: Mule }[]): { lines: object[]; expected: string[][] } {
  const lines: object[] = [];
  const expected: string[][] = [];
  generated.forEach(({ size, mule }, c) => {
    const members = Array.from({ length: size }, (_, m) => `crew${c}-m${m}`);
    members.forEach((account, m) => {
      lines.push({ account, type: 'payment_account', value: mule.spellings[m % mule.spellings.length] });
      lines.push({ account, type: 'domain', value: 'https://wa.me/639170000000' });
    });
    expected.push([...members].sort());
  });
  lines.push({ account: 'loner', type: 'payment_account', value: 'GCash' }); // refused: names no account
  return { lines, expected: expected.sort((x, y) => (x[0] < y[0] ? -1 : 1)) };
}

test('generated crews writing their mule accounts in local spellings come back as one ring each', () => {
  fc.assert(
    fc.property(crews, (generated) => {
      const { lines, expected } = crewFile(generated);
      const batch = new RingBatch('t');
      let refusedLines = 0;
      for (const line of lines) {
        const parsed = parseLinkObject(line);
        if (parsed.ok) batch.add(parsed.link);
        else refusedLines++;
      }
      assert.equal(refusedLines, 1);
      assert.deepEqual(batch.output().rings.map((r) => r.accounts).sort((x, y) => (x[0] < y[0] ? -1 : 1)), expected);
    }),
    { numRuns: 60 },
  );
});

test('./chainbreak rings build on a generated crew file gives the right rings, with the spellings as provenance', async () => {
  const [generated] = fc.sample(crews.filter((c) => c.length >= 3), { numRuns: 1, seed: 12 });
  const { lines, expected } = crewFile(generated);
  const dir = mkdtempSync(join(tmpdir(), 'rings-pay-'));
  const input = join(dir, 'crew.jsonl');
  writeFileSync(input, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const cli = join(import.meta.dirname, '..', '..', 'chainbreak');
  const result = await promisify(execFile)(cli, ['rings', 'build', '--input', input]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  assert.equal(result.code, 1, 'one line was refused');
  assert.match(result.stderr, new RegExp(`crew\\.jsonl:${lines.length}: payment_account "GCash" names gcash but no account number`));
  const out = JSON.parse(result.stdout) as { rings: { accounts: string[]; identifiers: { type: string; written_as?: string[] }[] }[]; shared_infrastructure: { value: string }[] };
  assert.deepEqual(out.rings.map((r) => r.accounts).sort((x, y) => (x[0] < y[0] ? -1 : 1)), expected);
  for (const ring of out.rings) {
    const mule = ring.identifiers.find((i) => i.type === 'payment_account');
    assert.ok(mule?.written_as && mule.written_as.length >= 2, 'the original spellings are kept');
  }
  assert.deepEqual(out.shared_infrastructure.map((s) => s.value), ['wa.me']);
});
