// The identifier graph of one tenant: accounts linked to typed identifiers, and rings as the connected components
// of accounts over strong, non-shared, non-allow-listed identifiers.
//
// Everything is integer-indexed in typed arrays (graph-storage.ts) so that ten million links fit in well under 2 GiB:
// - accounts: union-find (parent, rank, size) plus a circular "next member" list per component, so the members of
//   a ring can be walked without scanning the whole graph;
// - identifiers: degree (active links) and an anchor account (any account with an active strong link);
// - links: account, identifier, flags, first/last seen, chained per account and per identifier.
// A new link costs one union (near-constant time). Union-find cannot undo, so removing a link, reversing it or an
// identifier crossing the shared-infrastructure cap re-derives exactly the one component that link could have held
// together; `recomputeAll()` re-derives everything and is what the property test compares with.
import type { IdentifierType } from '../../core/signals.ts';
import { GraphStorage, LINK_ACTIVE, LINK_MODERATOR_REMOVED, LINK_STRONG, IDENT_ALLOWED, WEAK_ONLY_TYPES, seconds, type AddResult, type LinkMeta } from './graph-storage.ts';

export { DEFAULT_SHARED_CAP, type AddResult, type GraphOptions, type LinkMeta, type LinkStrength } from './graph-storage.ts';

export class RingGraph extends GraphStorage {
  /** Records that `account` uses identifier `type:value` (already normalised). */
  addLink(account: string, type: IdentifierType, value: string, meta: LinkMeta = {}): AddResult {
    const a = this.internAccount(account);
    const i = this.internIdent(type, value);
    const identIsNew = this.identIds.created;
    const strong = meta.strength !== 'weak' && !WEAK_ONLY_TYPES.has(type);
    const time = seconds(meta.time ?? Date.now());
    let l = identIsNew ? -1 : this.findLink(a, i);
    if (l !== -1 && this.isActive(l)) {
      if (time > this.lastSeen[l]) this.lastSeen[l] = time;
      if (strong && !this.isStrong(l)) this.upgradeToStrong(l, a, i);
      this.rememberProvenance(l, meta);
      return 'updated';
    }
    if (l !== -1 && this.isModeratorRemoved(l) && !meta.override) return 'suppressed';
    if (l === -1) l = this.appendLink(a, i, time);
    this.linkFlags[l] = strong ? LINK_STRONG : 0;
    if (time > this.lastSeen[l]) this.lastSeen[l] = time;
    this.rememberProvenance(l, meta);
    this.activate(l, a, i);
    return 'added';
  }



  private activate(l: number, a: number, i: number): void {
    this.linkFlags[l] |= LINK_ACTIVE;
    const wasMerging = this.merges(i);
    this.identDegree[i]++;
    this.version++;
    if (wasMerging && !this.merges(i)) {
      // Crossed the shared-infrastructure cap: everything this identifier joined is re-derived without it.
      if (this.identAnchor[i] !== -1) this.recomputeComponent(this.identAnchor[i]);
      return;
    }
    if (this.isStrong(l) && this.merges(i)) this.joinThroughIdent(a, i);
  }

  private upgradeToStrong(l: number, a: number, i: number): void {
    this.linkFlags[l] |= LINK_STRONG;
    if (this.merges(i)) this.joinThroughIdent(a, i);
  }

  private joinThroughIdent(a: number, i: number): void {
    if (this.identAnchor[i] === -1) this.identAnchor[i] = a;
    else this.union(a, this.identAnchor[i]);
  }

  /** A moderator says the link is wrong: it stops counting and later sightings do not bring it back. */
  removeLink(account: string, type: IdentifierType, value: string): boolean {
    const a = this.accountId(account);
    const i = this.identId(type, value);
    if (a === undefined || i === undefined) return false;
    const l = this.findLink(a, i);
    if (l === -1 || !this.isActive(l)) return false;
    this.deactivate(l);
    this.linkFlags[l] |= LINK_MODERATOR_REMOVED;
    return true;
  }

  private deactivate(l: number): void {
    const a = this.linkAccount[l];
    const i = this.linkIdent[l];
    const wasMerging = this.merges(i);
    this.linkFlags[l] &= ~LINK_ACTIVE;
    this.identDegree[i]--;
    this.version++;
    if (!wasMerging && this.merges(i)) {
      this.joinAllThrough(i); // Dropped back under the cap: it merges again.
    } else if (wasMerging && this.isStrong(l)) {
      this.recomputeComponent(a);
    }
  }

  /** Removes weak links not seen for `weakTtlMs`; returns how many expired. Strong links never expire. */
  expireWeakLinks(nowMs: number): number {
    let expired = 0;
    for (let l = 0; l < this.linkCount; l++) {
      if (this.isActive(l) && this.isExpired(l, nowMs)) {
        this.deactivate(l);
        expired++;
      }
    }
    return expired;
  }

  /** Adds or removes a value from the allow-list at run time; the rings it touched are re-derived. */
  setAllowListed(type: IdentifierType, value: string, allowed: boolean): void {
    const i = this.internIdent(type, value);
    const wasMerging = this.merges(i);
    if (allowed) this.identFlags[i] |= IDENT_ALLOWED;
    else this.identFlags[i] &= ~IDENT_ALLOWED;
    this.version++;
    if (wasMerging && !this.merges(i) && this.identAnchor[i] !== -1) this.recomputeComponent(this.identAnchor[i]);
    if (!wasMerging && this.merges(i)) this.joinAllThrough(i);
  }

  private joinAllThrough(i: number): void {
    this.identAnchor[i] = -1;
    for (let l = this.identHead[i]; l !== -1; l = this.nextOfIdent[l]) {
      if ((this.linkFlags[l] & (LINK_ACTIVE | LINK_STRONG)) === (LINK_ACTIVE | LINK_STRONG)) {
        this.joinThroughIdent(this.linkAccount[l], i);
      }
    }
  }

  /**
   * Re-derives `a`'s component from its active links. Exact because a merging identifier's strong accounts always
   * sit in one component, so no link from inside the component can reach a merging identifier outside it.
   */
  private recomputeComponent(a: number): void {
    const members = this.membersOf(a);
    const inside = new Set(members);
    for (const m of members) {
      this.parent[m] = m;
      this.rank[m] = 0;
      this.size[m] = 1;
      this.nextMember[m] = m;
      // Only anchors inside this component are re-derived: an identifier this component reaches by a weak link
      // may anchor another ring, which must keep its anchor.
      for (let l = this.accountHead[m]; l !== -1; l = this.nextOfAccount[l]) {
        const i = this.linkIdent[l];
        if (inside.has(this.identAnchor[i])) this.identAnchor[i] = -1;
      }
    }
    for (const m of members) this.joinOwnLinks(m);
    this.version++;
  }

  private joinOwnLinks(m: number): void {
    for (let l = this.accountHead[m]; l !== -1; l = this.nextOfAccount[l]) {
      const i = this.linkIdent[l];
      if ((this.linkFlags[l] & (LINK_ACTIVE | LINK_STRONG)) === (LINK_ACTIVE | LINK_STRONG) && this.merges(i)) {
        this.joinThroughIdent(m, i);
      }
    }
  }

  /** Rebuilds every component from scratch (an audit of the incremental state). */
  recomputeAll(): void {
    const n = this.accountIds.size;
    for (let m = 0; m < n; m++) {
      this.parent[m] = m;
      this.rank[m] = 0;
      this.size[m] = 1;
      this.nextMember[m] = m;
    }
    this.identDegree.fill(0);
    this.identAnchor.fill(-1);
    for (let l = 0; l < this.linkCount; l++) if (this.isActive(l)) this.identDegree[this.linkIdent[l]]++;
    for (let m = 0; m < n; m++) this.joinOwnLinks(m);
    this.version++;
  }
}
