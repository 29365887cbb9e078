// Deterministic synthetic link stream for the rings benchmark: crews sharing handles, phones, devices and mule
// accounts; lone accounts with their own device; carrier-NAT IPs (weak); a few payment processors shared by
// thousands of accounts (they cross the shared-infrastructure cap); random phone collisions that chain some rings.
// Every link is produced as integers (for PostgreSQL) and as the strings the engine sees.
import type { IdentifierType } from '../../src/core/signals.ts';

export interface BenchLink {
  account: number;
  /** A global identifier number: type pools occupy disjoint ranges. */
  ident: number;
  type: IdentifierType;
  strong: boolean;
}

/** mulberry32: small, fast and reproducible across runs and machines. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = {
  device: 0,
  crewIdent: 20_000_000,
  ip: 40_000_000,
  processor: 41_000_000,
  phone: 42_000_000,
};
const CREW_IDENT_TYPES: IdentifierType[] = ['messenger_handle', 'phone', 'payment_account', 'apk_signer', 'domain'];

/** Calls `emit` for `links` links over `accounts` accounts (two links per account on average). */
export function generateLinks(accounts: number, links: number, seed: number, emit: (link: BenchLink) => void): void {
  const rand = prng(seed);
  const perAccount = links / accounts;
  let emitted = 0;
  let crewId = 0;
  let crewLeft = 0;
  for (let a = 0; a < accounts; a++) {
    if (crewLeft === 0 && rand() < 0.02) {
      crewId++;
      crewLeft = 2 + Math.floor(rand() * 39);
    }
    const inCrew = crewLeft > 0;
    if (inCrew) crewLeft--;
    const target = Math.round((a + 1) * perAccount) - emitted;
    for (let k = 0; k < target; k++) {
      emit(pickLink(a, k, inCrew ? crewId : -1, rand));
      emitted++;
    }
  }
}

function pickLink(account: number, k: number, crew: number, rand: () => number): BenchLink {
  if (k === 0) return { account, ident: POOL.device + account, type: 'device', strong: true };
  if (crew >= 0) {
    const slot = Math.floor(rand() * 2);
    const type = CREW_IDENT_TYPES[crew % CREW_IDENT_TYPES.length];
    return { account, ident: POOL.crewIdent + crew * 2 + slot, type, strong: true };
  }
  const r = rand();
  if (r < 0.6) return { account, ident: POOL.ip + Math.floor(rand() * 500_000), type: 'ip', strong: false };
  if (r < 0.65) return { account, ident: POOL.processor + Math.floor(rand() * 10), type: 'payment_account', strong: true };
  return { account, ident: POOL.phone + Math.floor(rand() * 4_000_000), type: 'phone', strong: true };
}

export function accountName(a: number): string {
  return `acc${a}`;
}

/** The identifier's value as the engine sees it (already normalised: the benchmark measures the graph). */
export function identValue(link: BenchLink): string {
  return `${link.ident}`;
}
