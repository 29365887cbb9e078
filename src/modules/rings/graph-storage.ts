// Storage and read access for the ring graph: interned accounts and identifiers, union-find arrays, and links
// stored column-wise in growable typed arrays, chained per account and per identifier. `RingGraph` (graph.ts) adds
// the operations that change links and keep the rings exact.
import { IDENTIFIER_TYPES, type IdentifierType } from '../../core/signals.ts';
import { isPlatformGeneric } from './generic-identifiers.ts';
import { StringInterner } from './interner.ts';

export type LinkStrength = 'strong' | 'weak';

/** Identifiers that many unrelated people share (carrier NAT, office Wi-Fi, browser builds): evidence, never merge. */
export const WEAK_ONLY_TYPES: ReadonlySet<IdentifierType> = new Set(['ip', 'ip_prefix', 'user_agent']);

export interface GraphOptions {
  /** An identifier linked to more than this many accounts is shared infrastructure and stops merging. */
  sharedCap?: number | Partial<Record<IdentifierType, number>>;
  /** Known shared values (a payment processor's collection account, a public hotspot) that never merge. */
  allowList?: readonly { type: IdentifierType; value: string }[];
  /** How long a weak link counts as evidence after it was last seen. */
  weakTtlMs?: number;
  /** Capacity hints, to avoid re-growing the arrays during a bulk build. */
  expectedAccounts?: number;
  expectedIdentifiers?: number;
  expectedLinks?: number;
}

export interface LinkMeta {
  /** Defaults to strong, except for `ip`, `ip_prefix` and `user_agent`, which are always weak. */
  strength?: LinkStrength;
  /** Where the link was seen (`message.sent:evt-1 text[4,18]`, `apk:signer`, `report:r-9`). */
  source?: string;
  eventId?: string;
  /** The identifier as written before normalising (kept as provenance). */
  original?: string;
  /** Epoch milliseconds; defaults to now. */
  time?: number;
  /** Re-activate a link a moderator removed (only a moderator's own add does this). */
  override?: boolean;
}

export type AddResult = 'added' | 'updated' | 'suppressed';

export interface LinkProvenance {
  source?: string;
  eventId?: string;
  /** The identifier as first written, when it differs from the normalised value. */
  original?: string;
}

export const DEFAULT_SHARED_CAP = 50;
export const DEFAULT_WEAK_TTL_MS = 30 * 24 * 3600 * 1000;

const TYPE_CODE = new Map<IdentifierType, number>(IDENTIFIER_TYPES.map((t, i) => [t, i]));

export const LINK_STRONG = 1;
export const LINK_ACTIVE = 2;
export const LINK_MODERATOR_REMOVED = 4;
export const IDENT_ALLOWED = 1;
/** Platform-generic (wa.me, bit.ly, gmail.com …, see generic-identifiers.ts): evidence only, never merges. */
export const IDENT_GENERIC = 2;

export function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}

function grownInt32(old: Int32Array, size: number, fill: number): Int32Array {
  const next = new Int32Array(size);
  next.set(old);
  if (fill !== 0) next.fill(fill, old.length);
  return next;
}
function grownUint(old: Uint8Array | Uint32Array, size: number): typeof old {
  const next = old instanceof Uint8Array ? new Uint8Array(size) : new Uint32Array(size);
  next.set(old);
  return next;
}

export class GraphStorage {
  readonly weakTtlMs: number;
  protected readonly caps: Int32Array;

  // Accounts.
  protected accountIds: StringInterner;
  private lastAccountName: string | null = null;
  private lastAccountId = -1;
  protected parent: Int32Array;
  protected rank: Uint8Array;
  protected size: Int32Array;
  protected nextMember: Int32Array;
  protected accountHead: Int32Array;

  // Identifiers, keyed by value within the namespace of their type.
  protected identIds: StringInterner;
  protected identType: Uint8Array;
  protected identFlags: Uint8Array;
  protected identDegree: Int32Array;
  protected identAnchor: Int32Array;
  protected identHead: Int32Array;

  // Links.
  protected linkCount = 0;
  protected linkAccount: Int32Array;
  protected linkIdent: Int32Array;
  protected linkFlags: Uint8Array;
  protected nextOfAccount: Int32Array;
  protected nextOfIdent: Int32Array;
  protected firstSeen: Uint32Array;
  protected lastSeen: Uint32Array;
  protected provenance = new Map<number, LinkProvenance>();

  /** Bumped on every change that can move an account between rings; lets callers cache ring listings. */
  version = 0;

  constructor(options: GraphOptions = {}) {
    this.weakTtlMs = options.weakTtlMs ?? DEFAULT_WEAK_TTL_MS;
    this.caps = new Int32Array(IDENTIFIER_TYPES.length).fill(DEFAULT_SHARED_CAP);
    const cap = options.sharedCap;
    if (typeof cap === 'number') this.caps.fill(cap);
    else if (cap) for (const [type, n] of Object.entries(cap)) this.caps[TYPE_CODE.get(type as IdentifierType)!] = n!;
    const a = Math.max(16, options.expectedAccounts ?? 0);
    const i = Math.max(16, options.expectedIdentifiers ?? 0);
    const l = Math.max(16, options.expectedLinks ?? 0);
    this.accountIds = new StringInterner(a);
    this.identIds = new StringInterner(i);
    this.parent = new Int32Array(a);
    this.rank = new Uint8Array(a);
    this.size = new Int32Array(a);
    this.nextMember = new Int32Array(a);
    this.accountHead = new Int32Array(a).fill(-1);
    this.identType = new Uint8Array(i);
    this.identFlags = new Uint8Array(i);
    this.identDegree = new Int32Array(i);
    this.identAnchor = new Int32Array(i).fill(-1);
    this.identHead = new Int32Array(i).fill(-1);
    this.linkAccount = new Int32Array(l);
    this.linkIdent = new Int32Array(l);
    this.linkFlags = new Uint8Array(l);
    this.nextOfAccount = new Int32Array(l);
    this.nextOfIdent = new Int32Array(l);
    this.firstSeen = new Uint32Array(l);
    this.lastSeen = new Uint32Array(l);
    for (const entry of options.allowList ?? []) this.identFlags[this.internIdent(entry.type, entry.value)] |= IDENT_ALLOWED;
  }

  // ---- interning ---------------------------------------------------------------------------------------------

  /** The integer id of an account, creating it. */
  internAccount(name: string): number {
    // One event links one account to several identifiers: the same string comes back at once, skip the lookup.
    if (name === this.lastAccountName) return this.lastAccountId;
    const id = this.accountIds.intern(name);
    this.lastAccountName = name;
    this.lastAccountId = id;
    if (!this.accountIds.created) return id;
    if (id === this.parent.length) this.growAccounts(id * 2);
    this.parent[id] = id;
    this.size[id] = 1;
    this.nextMember[id] = id;
    return id;
  }

  accountName(a: number): string {
    return this.accountIds.keyOf(a);
  }

  accountId(name: string): number | undefined {
    const id = this.accountIds.get(name);
    return id === -1 ? undefined : id;
  }

  internIdent(type: IdentifierType, value: string): number {
    const code = TYPE_CODE.get(type);
    if (code === undefined) throw new TypeError(`unknown identifier type "${type}"`);
    const id = this.identIds.intern(value, code);
    if (!this.identIds.created) return id;
    if (id === this.identType.length) this.growIdents(id * 2);
    this.identType[id] = code;
    if (isPlatformGeneric(type, value)) this.identFlags[id] |= IDENT_GENERIC;
    return id;
  }

  identId(type: IdentifierType, value: string): number | undefined {
    const code = TYPE_CODE.get(type);
    const id = code === undefined ? -1 : this.identIds.get(value, code);
    return id === -1 ? undefined : id;
  }

  identValue(i: number): string {
    return this.identIds.keyOf(i);
  }

  protected growAccounts(n: number): void {
    this.parent = grownInt32(this.parent, n, 0);
    this.rank = grownUint(this.rank, n) as Uint8Array;
    this.size = grownInt32(this.size, n, 0);
    this.nextMember = grownInt32(this.nextMember, n, 0);
    this.accountHead = grownInt32(this.accountHead, n, -1);
  }

  protected growIdents(n: number): void {
    this.identType = grownUint(this.identType, n) as Uint8Array;
    this.identFlags = grownUint(this.identFlags, n) as Uint8Array;
    this.identDegree = grownInt32(this.identDegree, n, 0);
    this.identAnchor = grownInt32(this.identAnchor, n, -1);
    this.identHead = grownInt32(this.identHead, n, -1);
  }

  protected growLinks(n: number): void {
    this.linkAccount = grownInt32(this.linkAccount, n, 0);
    this.linkIdent = grownInt32(this.linkIdent, n, 0);
    this.linkFlags = grownUint(this.linkFlags, n) as Uint8Array;
    this.nextOfAccount = grownInt32(this.nextOfAccount, n, 0);
    this.nextOfIdent = grownInt32(this.nextOfIdent, n, 0);
    this.firstSeen = grownUint(this.firstSeen, n) as Uint32Array;
    this.lastSeen = grownUint(this.lastSeen, n) as Uint32Array;
  }

  // ---- union-find ----------------------------------------------------------------------------------------------

  find(a: number): number {
    const parent = this.parent;
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  }

  protected union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.rank[ra] < this.rank[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    if (this.rank[ra] === this.rank[rb]) this.rank[ra]++;
    this.size[ra] += this.size[rb];
    // Splicing two circular member lists: swapping one "next" pointer of each joins them into one cycle.
    const next = this.nextMember[ra];
    this.nextMember[ra] = this.nextMember[rb];
    this.nextMember[rb] = next;
    this.version++;
  }

  componentSize(a: number): number {
    return this.size[this.find(a)];
  }

  /** The members of `a`'s component, `a` first. */
  membersOf(a: number): number[] {
    const members = [a];
    for (let m = this.nextMember[a]; m !== a; m = this.nextMember[m]) members.push(m);
    return members;
  }

  // ---- identifier state ----------------------------------------------------------------------------------------

  identTypeOf(i: number): IdentifierType {
    return IDENTIFIER_TYPES[this.identType[i]];
  }
  degree(i: number): number {
    return this.identDegree[i];
  }
  isAllowListed(i: number): boolean {
    return (this.identFlags[i] & IDENT_ALLOWED) !== 0;
  }
  isPlatformGeneric(i: number): boolean {
    return (this.identFlags[i] & IDENT_GENERIC) !== 0;
  }
  isShared(i: number): boolean {
    return this.identDegree[i] > this.caps[this.identType[i]];
  }
  /** Whether strong links on this identifier join accounts into one ring. */
  merges(i: number): boolean {
    return (this.identFlags[i] & (IDENT_ALLOWED | IDENT_GENERIC)) === 0 && this.identDegree[i] <= this.caps[this.identType[i]];
  }
  capOf(type: IdentifierType): number {
    return this.caps[TYPE_CODE.get(type)!];
  }
  get identifierCount(): number {
    return this.identIds.size;
  }
  get accountCount(): number {
    return this.accountIds.size;
  }

  // ---- links ---------------------------------------------------------------------------------------------------

  get linkTotal(): number {
    return this.linkCount;
  }
  linkAccountOf(l: number): number {
    return this.linkAccount[l];
  }
  linkIdentOf(l: number): number {
    return this.linkIdent[l];
  }
  isActive(l: number): boolean {
    return (this.linkFlags[l] & LINK_ACTIVE) !== 0;
  }
  isStrong(l: number): boolean {
    return (this.linkFlags[l] & LINK_STRONG) !== 0;
  }
  isModeratorRemoved(l: number): boolean {
    return (this.linkFlags[l] & LINK_MODERATOR_REMOVED) !== 0;
  }
  firstSeenMs(l: number): number {
    return this.firstSeen[l] * 1000;
  }
  lastSeenMs(l: number): number {
    return this.lastSeen[l] * 1000;
  }
  /** Weak links expire `weakTtlMs` after they were last seen; strong links do not. */
  isExpired(l: number, nowMs: number): boolean {
    return !this.isStrong(l) && this.lastSeen[l] * 1000 + this.weakTtlMs <= nowMs;
  }
  provenanceOf(l: number): LinkProvenance | undefined {
    return this.provenance.get(l);
  }
  /** Link ids of an account (all, including inactive ones). */
  linksOfAccount(a: number): number[] {
    const out: number[] = [];
    for (let l = this.accountHead[a]; l !== -1; l = this.nextOfAccount[l]) out.push(l);
    return out;
  }
  linksOfIdent(i: number): number[] {
    const out: number[] = [];
    for (let l = this.identHead[i]; l !== -1; l = this.nextOfIdent[l]) out.push(l);
    return out;
  }

  findLink(a: number, i: number): number {
    for (let l = this.accountHead[a]; l !== -1; l = this.nextOfAccount[l]) if (this.linkIdent[l] === i) return l;
    return -1;
  }

  /** Appends a new link and chains it into its account's and its identifier's lists. */
  protected appendLink(a: number, i: number, time: number): number {
    const l = this.linkCount++;
    if (l === this.linkAccount.length) this.growLinks(Math.ceil(l * 1.5));
    this.linkAccount[l] = a;
    this.linkIdent[l] = i;
    this.nextOfAccount[l] = this.accountHead[a];
    this.accountHead[a] = l;
    this.nextOfIdent[l] = this.identHead[i];
    this.identHead[i] = l;
    this.firstSeen[l] = time;
    this.lastSeen[l] = time;
    return l;
  }

  protected rememberProvenance(l: number, meta: LinkMeta): void {
    if (meta.source === undefined && meta.eventId === undefined && meta.original === undefined) return;
    if (this.provenance.has(l)) return;
    const kept: LinkProvenance = { source: meta.source, eventId: meta.eventId };
    if (meta.original !== undefined) kept.original = meta.original;
    this.provenance.set(l, kept);
  }

  /** Roots of every component of two or more accounts. */
  ringRoots(): number[] {
    const roots: number[] = [];
    const n = this.accountIds.size;
    for (let m = 0; m < n; m++) if (this.parent[m] === m && this.size[m] >= 2) roots.push(m);
    return roots;
  }

  /** Every ring as sorted account names, rings sorted by their first member (for comparisons and tests). */
  partition(): string[][] {
    return this.ringRoots()
      .map((r) => this.membersOf(r).map((m) => this.accountName(m)).sort())
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }
}

