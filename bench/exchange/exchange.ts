// Measures the exchange paths that scale with partners' data: building and receiving a signed indicator package
// (keyed hashing, Ed25519, storing), matching local identifiers against received indicators, and the
// HMA-shaped look-up against a large bank. Run: node bench/exchange/exchange.ts [--indicators 20000] [--bank 100000]
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { CoreTables } from '../../src/adapters/store/schema.ts';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../src/adapters/store/migrations/index.ts';
import { PdqBankService } from '../../src/modules/pdq/banks.ts';
import { BankSettingsStore } from '../../src/modules/exchange/bank-settings.ts';
import { HashExchange } from '../../src/modules/exchange/hash-exchange.ts';
import { generateSigningKeys } from '../../src/modules/exchange/package.ts';
import { PartnerExchange } from '../../src/modules/exchange/partners.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('indicators', 20_000);
const BANK = arg('bank', 100_000);
for (const [name, value] of [['indicators', N], ['bank', BANK]] as const) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive whole number (got ${value})`);
    process.exit(2);
  }
}

async function db() {
  const k = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  const { error } = await new Migrator({ db: k, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  return k;
}

const key = randomBytes(32).toString('base64url');
const [ka, kb] = [generateSigningKeys(), generateSigningKeys()];
const a = new PartnerExchange({ db: await db(), self: 'a', signingKeys: ka, partners: [{ id: 'b', publicKey: kb.publicKey, sharedKey: key }] });
const b = new PartnerExchange({ db: await db(), self: 'b', signingKeys: kb, partners: [{ id: 'a', publicKey: ka.publicKey, sharedKey: key }] });
const phones = Array.from({ length: N }, (_, i) => `+23480${String(30_000_000 + i).padStart(8, '0')}`);
const now = Date.now();
let t = performance.now();
const envelope = await a.buildIndicatorPackage('b', phones.map((value) => ({ type: 'phone' as const, value, firstSeen: now - 86_400_000, lastSeen: now, stages: ['threat' as const], confidence: 0.9 })));
const build = performance.now() - t;
const bytes = JSON.stringify(envelope).length;
t = performance.now();
await b.receive(envelope);
const receive = performance.now() - t;
const local = phones.map((value, i) => ({ tenant: 't', account: `acct-${i}`, type: 'phone', value: i % 2 ? value : `+44700${String(900_000 + i).padStart(6, '0')}` }));
t = performance.now();
const matches = await b.match(local);
const match = performance.now() - t;

const store = await db();
const banks = new PdqBankService(store);
await banks.load();
const settings = new BankSettingsStore(store);
await settings.load();
banks.setMatchPolicy(settings);
const hashes = new HashExchange({ db: store, banks, settings });
await banks.createBank('BIG');
const list = Array.from({ length: BANK }, () => ({ signal_type: 'pdq' as const, signal: randomBytes(32).toString('hex') }));
t = performance.now();
await hashes.importRecords('BIG', list, { source: 'bench', added_by: 'bench' });
const importMs = performance.now() - t;
await settings.configure('BIG', { floodLimit: 1_000_000 });
const queries = 2_000;
const lat: number[] = [];
for (let i = 0; i < queries; i++) {
  // Half the look-ups are of stored hashes (cycling through a bank smaller than the query count), half of random ones.
  const q = i % 2 ? list[i % list.length].signal : randomBytes(32).toString('hex');
  const s = performance.now();
  await hashes.lookupHma('pdq', q);
  lat.push(performance.now() - s);
}
lat.sort((x, y) => x - y);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(3);
console.log(JSON.stringify({
  node: process.version,
  indicators: N,
  package_bytes: bytes,
  build_ms: Math.round(build),
  receive_ms: Math.round(receive),
  match_ms: Math.round(match),
  matched: matches.length,
  bank: BANK,
  bank_import_ms: Math.round(importMs),
  hma_lookup_ms: { p50: pct(0.5), p99: pct(0.99) },
}));
