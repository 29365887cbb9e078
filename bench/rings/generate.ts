// Deterministic synthetic link stream for the rings benchmark: crews sharing handles, phones, devices and mule
// accounts; lone accounts with their own device; carrier-NAT IPs (weak); a few payment processors shared by
// thousands of accounts (they cross the shared-infrastructure cap); random phone collisions that chain some rings.
// Every link is produced as integers (for PostgreSQL); accountName/identValue give the strings the engine sees.
import { createRandom } from '../../src/core/random.ts';
import type { IdentifierType } from '../../src/core/signals.ts';

const POOL = {
  device: 0,
  crewIdent: 20_000_000,
  ip: 40_000_000,
  processor: 41_000_000,
  phone: 42_000_000,
};
const CREW_IDENT_TYPES: IdentifierType[] = ['messenger_handle', 'phone', 'payment_account', 'apk_signer', 'domain'];

export type EmitLink = (account: number, ident: number, type: IdentifierType, strong: boolean) => void;

/** Calls `emit` for `links` links over `accounts` accounts (two links per account on average). */
export function generateLinks(accounts: number, links: number, seed: number, emit: EmitLink): void {
  const rand = createRandom(seed).next;
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
      emitLink(a, k, inCrew ? crewId : -1, rand, emit);
      emitted++;
    }
  }
}

/** Positional arguments rather than an object per link, so the generator costs little next to the engine. */
function emitLink(account: number, k: number, crew: number, rand: () => number, emit: EmitLink): void {
  if (k === 0) return emit(account, POOL.device + account, 'device', true);
  if (crew >= 0) {
    const slot = Math.floor(rand() * 2);
    return emit(account, POOL.crewIdent + crew * 2 + slot, CREW_IDENT_TYPES[crew % CREW_IDENT_TYPES.length], true);
  }
  const r = rand();
  if (r < 0.6) return emit(account, POOL.ip + Math.floor(rand() * 500_000), 'ip', false);
  if (r < 0.65) return emit(account, POOL.processor + Math.floor(rand() * 10), 'payment_account', true);
  return emit(account, POOL.phone + Math.floor(rand() * 4_000_000), 'phone', true);
}

export function accountName(a: number): string {
  return `acc${a}`;
}

/** The identifier's value as the engine sees it (already normalised: the benchmark measures the graph). */
export function identValue(ident: number): string {
  return `${ident}`;
}
