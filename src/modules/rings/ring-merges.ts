// Ring ids across time: which ids merged into which, so an audit trail can show "ring B joined ring A" and a link
// to an absorbed ring id still finds the ring. Fed with the rings as they are now (id + members) after each
// change; compares with what it saw before. Pure bookkeeping: the caller stores `toJSON()` and appends the merges
// it returns to its audit log.
export interface RingMerge {
  tenant: string;
  /** The id that stays: the oldest of the merged rings (see stableRingId in views.ts). */
  survivor: string;
  absorbed: string[];
  /** Members of the ring after the merge. */
  accounts: number;
  at: number;
}

export interface RingHistoryState {
  ringOfAccount: Record<string, Record<string, string>>;
  mergedInto: Record<string, Record<string, string>>;
}

export class RingIdHistory {
  private readonly ringOfAccount = new Map<string, Map<string, string>>();
  private readonly mergedInto = new Map<string, Map<string, string>>();

  static fromJSON(state: RingHistoryState): RingIdHistory {
    const history = new RingIdHistory();
    for (const [tenant, map] of Object.entries(state.ringOfAccount)) history.ringOfAccount.set(tenant, new Map(Object.entries(map)));
    for (const [tenant, map] of Object.entries(state.mergedInto)) history.mergedInto.set(tenant, new Map(Object.entries(map)));
    return history;
  }

  toJSON(): RingHistoryState {
    const plain = (m: Map<string, Map<string, string>>) => Object.fromEntries([...m].map(([t, inner]) => [t, Object.fromEntries(inner)]));
    return { ringOfAccount: plain(this.ringOfAccount), mergedInto: plain(this.mergedInto) };
  }

  /** Records the tenant's current rings; returns the merges since the last call. */
  observe(tenant: string, rings: readonly { id: string; accounts: readonly string[] }[], at = Date.now()): RingMerge[] {
    const before = this.ringOfAccount.get(tenant) ?? new Map<string, string>();
    const merged = this.mergedInto.get(tenant) ?? new Map<string, string>();
    const after = new Map<string, string>();
    const merges: RingMerge[] = [];
    for (const ring of rings) {
      const previous = new Set<string>();
      for (const account of ring.accounts) {
        const was = before.get(account);
        if (was !== undefined) previous.add(was);
        after.set(account, ring.id);
      }
      previous.delete(ring.id);
      const absorbed = [...previous].filter((id) => !rings.some((r) => r.id === id)).sort();
      if (absorbed.length === 0) continue;
      for (const id of absorbed) merged.set(id, ring.id);
      merged.delete(ring.id); // an id that is live again is nobody's alias
      merges.push({ tenant, survivor: ring.id, absorbed, accounts: ring.accounts.length, at });
    }
    this.ringOfAccount.set(tenant, after);
    this.mergedInto.set(tenant, merged);
    return merges;
  }

  /** The live id for `id`: itself, or the ring it was merged into (following merges of merges). */
  resolve(tenant: string, id: string): string {
    const merged = this.mergedInto.get(tenant);
    let current = id;
    for (let hops = 0; merged?.has(current) && hops < 1000; hops++) current = merged.get(current)!;
    return current;
  }
}
