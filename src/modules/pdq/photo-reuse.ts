// Remembers which accounts used which profile photos (by PDQ hash), per tenant, in bounded memory: two
// generations of match index, the older dropped whole when the newer fills half the capacity. So the
// tracker always covers at least the most recent capacity/2 photos and never more than `capacity`.
// Browser-safe: no Node APIs.
import { PdqIndex } from './pdq-index.ts';

export interface ReuseOptions {
  maxDistance: number;
  capacityPerTenant: number;
}

interface Generation {
  index: PdqIndex;
  accounts: string[];
}

interface TenantPhotos {
  current: Generation;
  previous: Generation | null;
}

export interface OtherAccount {
  account: string;
  distance: number;
}

function newGeneration(): Generation {
  return { index: new PdqIndex(), accounts: [] };
}

export class PhotoReuseTracker {
  private readonly tenants = new Map<string, TenantPhotos>();
  private readonly options: ReuseOptions;

  constructor(options: ReuseOptions) {
    if (options.capacityPerTenant < 2) throw new RangeError('capacityPerTenant must be at least 2');
    this.options = options;
  }

  /** Accounts other than `self` whose remembered profile photos are within the distance, nearest first. */
  otherAccounts(tenant: string, hash: string, self: string): OtherAccount[] {
    const photos = this.tenants.get(tenant);
    if (!photos) return [];
    const best = new Map<string, number>();
    for (const gen of [photos.current, photos.previous]) {
      if (!gen) continue;
      for (const m of gen.index.search(hash, this.options.maxDistance)) {
        const account = gen.accounts[m.id];
        if (account === self) continue;
        const seen = best.get(account);
        if (seen === undefined || m.distance < seen) best.set(account, m.distance);
      }
    }
    return [...best].map(([account, distance]) => ({ account, distance })).sort((a, b) => a.distance - b.distance || a.account.localeCompare(b.account));
  }

  /** Records that `account` shows this photo, unless it already shows a near-identical one. */
  remember(tenant: string, hash: string, account: string): void {
    let photos = this.tenants.get(tenant);
    if (!photos) {
      photos = { current: newGeneration(), previous: null };
      this.tenants.set(tenant, photos);
    }
    for (const gen of [photos.current, photos.previous]) {
      if (gen && gen.index.search(hash, this.options.maxDistance).some((m) => gen.accounts[m.id] === account)) return;
    }
    if (photos.current.accounts.length >= Math.floor(this.options.capacityPerTenant / 2)) {
      photos.previous = photos.current;
      photos.current = newGeneration();
    }
    photos.current.index.add(hash);
    photos.current.accounts.push(account);
  }
}
