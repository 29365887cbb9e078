// Crew linking with many nodes on one PostgreSQL, under a lock per component (docs/scale-out.md). Each node keeps
// its in-memory graph as a read-optimised view and knows, per stored component, the version that view reflects.
// Before deciding, a batch locks the components of its accounts and of the identifiers its events carry and
// catches up on those whose version moved; after deciding, it locks the components its changes reach, and if one
// of those moved since this node last saw it, the decision was made on a stale view: the batch is retried
// (`RingConflict`). Writing then maps the touched accounts and identifiers to components exactly as the in-memory
// graph now has them: a union keeps the larger component, a split names its new parts after a member.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { RingChange } from '../../core/linker.ts';
import type { IdentifierType } from '../../core/signals.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import type { RingGraph } from './graph.ts';
import type { RingsAccountFactsTable, RingsLinksTable } from './migration.ts';
import type { RingFacts } from './profile.ts';
import { allVersions, changedSince, componentsOf, needsBackfill, identRefKey, lockComponents, membersOf, rowsOfAccounts, writeComponents, type ComponentWrite, type IdentRef } from './component-store.ts';

/** What a batch will touch, known before deciding: its accounts and the identifiers its events carry. */
export interface RingScope {
  tenant: string;
  accounts: readonly string[];
  identifiers: readonly IdentRef[];
}

/** What a write touches, with identifiers as written (normalised here, as linking does). */
export interface RawScope {
  tenant: string;
  accounts: readonly string[];
  identifiers: readonly { type: string; value: string }[];
}

export function normalisedScope(scope: RawScope): RingScope {
  const identifiers: { type: string; value: string }[] = [];
  for (const i of scope.identifiers) {
    const normalised = normaliseIdentifier(i.type as IdentifierType, i.value);
    if (normalised.ok) identifiers.push({ type: i.type, value: normalised.value });
  }
  return { tenant: scope.tenant, accounts: scope.accounts, identifiers };
}

/** The batch decided on a stale view of a component (or lost a race for a new identifier): retry it. */
export class RingConflict extends Error {
  readonly code = 'RING_CONFLICT';
}

/** A conflict, or PostgreSQL's deadlock error (a batch that had to lock more components after deciding). */
export function isRingConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'RING_CONFLICT' || code === '40P01';
}

/** What the sync needs of the rings service's memory. */
export interface SyncHost {
  graph(tenant: string): RingGraph;
  facts(tenant: string): RingFacts;
  applyLinkRow(row: RingsLinksTable): void;
  applyFactRow(tenant: string, row: RingsAccountFactsTable): void;
}

/** How far back an idle node looks for changed components (a batch commits well within it). */
const IDLE_OVERLAP_MS = 10_000;

const key = (tenant: string, id: string) => `${tenant}\u0000${id}`;

export class ComponentSync {
  readonly #host: SyncHost;
  /** Stored component → the version the in-memory view reflects. */
  readonly #known = new Map<string, number>();
  /** Components locked by the transaction under way, per tenant, with their versions. */
  #locked = new Map<string, Map<string, number>>();
  #lastIdle = 0;
  /** What the last batch's changes reached, when it conflicted: its retry locks these before deciding. */
  #hint: RingScope[] = [];
  /** Counters for tests and benchmarks. */
  readonly stats = { conflicts: 0, catchUps: 0, locked: 0 };

  constructor(host: SyncHost) {
    this.#host = host;
  }

  /** At load, before the rows are read: every component's version (the rows read after are at least as new). */
  async loadVersions(db: CoreDb): Promise<void> {
    this.#known.clear();
    this.#lastIdle = Date.now();
    for (const r of await allVersions(db)) this.#known.set(key(r.tenant, r.id), r.version);
  }

  /**
   * A database whose links predate the component tables: derives every component once from the loaded graph
   * (under an advisory lock, so nodes starting together do it once). Returns whether it wrote anything.
   */
  async backfill(db: CoreDb, tenants: readonly string[]): Promise<boolean> {
    const wrote = await db.transaction().execute(async (trx) => {
      if (!(await needsBackfill(trx))) return false;
      for (const tenant of tenants) await writeComponents(trx, wholeAssignment(tenant, this.#host.graph(tenant)));
      return true;
    });
    if (wrote) await this.loadVersions(db);
    return wrote;
  }

  /** Before deciding, in the batch's transaction: lock what the batch touches and catch up on it. */
  async begin(db: CoreDb, scopes: readonly RingScope[]): Promise<void> {
    this.#locked = new Map();
    const all = [...scopes, ...this.#hint];
    this.#hint = [];
    for (const scope of mergeScopes(all)) {
      const accounts = this.#withCoMembers(scope.tenant, scope.accounts);
      for (let round = 0; round < 4; round++) {
        const found = await componentsOf(db, scope.tenant, accounts, scope.identifiers);
        const wanted = [...new Set([...found.accounts.values(), ...found.identifiers.values()])].filter((id) => !this.#isLocked(scope.tenant, id));
        if (wanted.length === 0) break;
        const versions = await this.#lock(db, scope.tenant, wanted);
        const stale = [...versions].filter(([id, v]) => this.#known.get(key(scope.tenant, id)) !== v);
        if (stale.length) await this.#catchUp(db, scope.tenant, new Map(stale));
        // A component that moved or vanished between the read and the lock may have taken accounts elsewhere.
        if (stale.length === 0 && versions.size === wanted.length) break;
      }
    }
  }

  /** An idle node: catches up on components changed since it last looked (no locks: a view only). */
  async catchUpIdle(db: CoreDb): Promise<void> {
    const since = this.#lastIdle - IDLE_OVERLAP_MS;
    this.#lastIdle = Date.now();
    const stale = new Map<string, Map<string, number>>();
    for (const r of await changedSince(db, since)) {
      if (this.#known.get(key(r.tenant, r.id)) === r.version) continue;
      stale.set(r.tenant, (stale.get(r.tenant) ?? new Map()).set(r.id, r.version));
    }
    for (const [tenant, versions] of stale) await this.#catchUp(db, tenant, versions);
  }

  /**
   * After deciding, before the batch's ring rows are written: locks the components the changes reach (throwing
   * RingConflict if one moved since this node saw it) and writes the new assignment of accounts and identifiers.
   */
  async write(db: CoreDb, changes: readonly RingChange[]): Promise<void> {
    const byTenant = touchedByTenant(changes);
    this.#hint = [...byTenant].map(([tenant, t]) => ({ tenant, accounts: [...t.accounts], identifiers: [...t.identifiers.values()] }));
    for (const [tenant, touched] of byTenant) {
      const accounts = this.#withCoMembers(tenant, [...touched.accounts]);
      const found = await componentsOf(db, tenant, accounts, [...touched.identifiers.values()]);
      await this.#lockCurrent(db, tenant, [...found.accounts.values(), ...found.identifiers.values()]);
      let old = await membersOf(db, tenant, [...this.#lockedIds(tenant)]);
      // Memory may join stored members with accounts of components not locked yet: lock those too.
      const extra = this.#withCoMembers(tenant, [...old.keys()]).filter((a) => !old.has(a) && !accounts.includes(a));
      if (extra.length) {
        const more = await componentsOf(db, tenant, extra, []);
        if (more.accounts.size) {
          await this.#lockCurrent(db, tenant, [...more.accounts.values()]);
          old = await membersOf(db, tenant, [...this.#lockedIds(tenant)]);
        }
      }
      const universe = new Set([...old.keys(), ...accounts, ...extra]);
      const assignment = this.#assign(tenant, universe, old, touched, found.identifiers);
      if (!(await writeComponents(db, assignment))) {
        this.stats.conflicts++;
        throw new RingConflict('rings: another node created the same identifier at the same time');
      }
      for (const id of assignment.deleted) this.#known.delete(key(tenant, id));
      for (const [id, version] of assignment.versions) {
        this.#known.set(key(tenant, id), version);
        this.#locked.get(tenant)?.set(id, version);
      }
    }
    this.#hint = [];
  }

  #isLocked(tenant: string, id: string): boolean {
    return this.#locked.get(tenant)?.has(id) ?? false;
  }

  #lockedIds(tenant: string): Iterable<string> {
    return this.#locked.get(tenant)?.keys() ?? [];
  }

  async #lock(db: CoreDb, tenant: string, ids: readonly string[]): Promise<Map<string, number>> {
    const versions = await lockComponents(db, tenant, ids);
    const mine = this.#locked.get(tenant) ?? new Map<string, number>();
    for (const [id, v] of versions) mine.set(id, v);
    this.#locked.set(tenant, mine);
    this.stats.locked += versions.size;
    return versions;
  }

  /** Locks components after deciding: each must still be at the version this node decided on. */
  async #lockCurrent(db: CoreDb, tenant: string, ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.#isLocked(tenant, id));
    if (wanted.length === 0) return;
    const versions = await this.#lock(db, tenant, wanted);
    const moved = wanted.some((id) => versions.get(id) === undefined || versions.get(id) !== this.#known.get(key(tenant, id)));
    if (moved) {
      this.stats.conflicts++;
      throw new RingConflict('rings: a component changed on another node while this batch was decided');
    }
  }

  /** Re-reads the given components' accounts (and what memory joins them with) and applies their rows. */
  async #catchUp(db: CoreDb, tenant: string, versions: Map<string, number>): Promise<void> {
    this.stats.catchUps++;
    const members = await membersOf(db, tenant, [...versions.keys()]);
    const accounts = this.#withCoMembers(tenant, [...members.keys()]);
    const rows = await rowsOfAccounts(db, tenant, accounts);
    for (const row of rows.links) this.#host.applyLinkRow(row);
    const facts = this.#host.facts(tenant);
    for (const account of accounts) facts.forget(account);
    for (const row of rows.facts) this.#host.applyFactRow(tenant, row);
    for (const row of rows.victims) facts.recordPaymentVictim(row.type as IdentifierType, row.value, row.victim);
    for (const [id, version] of versions) this.#known.set(key(tenant, id), version);
  }

  /** The accounts with every account the in-memory graph puts in a component with one of them. */
  #withCoMembers(tenant: string, accounts: readonly string[]): string[] {
    const graph = this.#host.graph(tenant);
    const out = new Set(accounts);
    for (const name of accounts) {
      const a = graph.accountId(name);
      if (a === undefined || graph.componentSize(a) < 2) continue;
      for (const m of graph.membersOf(a)) out.add(graph.accountName(m));
    }
    return [...out];
  }

  /** The stored assignment the in-memory graph implies for the locked components and the batch's accounts. */
  #assign(tenant: string, universe: Set<string>, old: Map<string, string>, touched: Touched, foundIdents: Map<string, string>): ComponentWrite {
    const graph = this.#host.graph(tenant);
    const locked = this.#locked.get(tenant) ?? new Map<string, number>();
    const groups = new Map<number, string[]>();
    for (const name of universe) {
      const a = graph.accountId(name);
      if (a === undefined) continue; // no link: in no component
      const root = graph.find(a);
      groups.set(root, [...(groups.get(root) ?? []), name]);
    }
    const oldSize = new Map<string, number>();
    for (const c of old.values()) oldSize.set(c, (oldSize.get(c) ?? 0) + 1);
    const componentOf = new Map<string, string>();
    const accounts = new Map<string, string>();
    const deleted: string[] = [];
    const dirty = new Set<string>();
    for (const members of groups.values()) {
      // A stored component is named after a member it contains: the group holding that member may keep it; of
      // several (a union), the larger survives and the smaller's accounts move into it.
      const namesakes = members.filter((m) => locked.has(m)).sort((x, y) => (oldSize.get(y) ?? 0) - (oldSize.get(x) ?? 0) || (x < y ? -1 : 1));
      const survivor = namesakes[0] ?? [...members].sort()[0];
      for (const m of members) {
        componentOf.set(m, survivor);
        if (old.get(m) !== survivor) {
          accounts.set(m, survivor);
          dirty.add(survivor);
          if (old.has(m)) dirty.add(old.get(m)!);
        }
        if (touched.accounts.has(m)) dirty.add(survivor);
      }
      for (const n of namesakes.slice(1)) deleted.push(n);
    }
    const versions = new Map<string, number>();
    for (const members of groups.values()) {
      const survivor = componentOf.get(members[0])!;
      if (dirty.has(survivor)) versions.set(survivor, (locked.get(survivor) ?? 0) + 1);
    }
    const { identifiers, unmapped } = this.#identifierMap(graph, accounts, touched, componentOf, foundIdents);
    return { tenant, versions, deleted, accounts, identifiers, unmapped, now: Date.now() };
  }

  /** Identifiers of the batch's links and of accounts that moved: mapped to the component they merge in. */
  #identifierMap(graph: RingGraph, moved: Map<string, string>, touched: Touched, componentOf: Map<string, string>, foundIdents: Map<string, string>) {
    const refs = new Map(touched.identifiers);
    for (const name of moved.keys()) {
      for (const l of graph.linksOfAccount(graph.accountId(name)!)) {
        const i = graph.linkIdentOf(l);
        const type = graph.identTypeOf(i);
        const value = graph.identValue(i);
        refs.set(identRefKey(type, value), { type, value });
      }
    }
    const identifiers: ComponentWrite['identifiers'] = new Map();
    const unmapped: IdentRef[] = [];
    for (const [k, ref] of refs) {
      const i = graph.identId(ref.type as IdentifierType, ref.value);
      let component: string | undefined;
      if (i !== undefined && graph.merges(i)) {
        const l = graph.linksOfIdent(i).find((link) => graph.isActive(link) && graph.isStrong(link));
        if (l !== undefined) component = componentOf.get(graph.accountName(graph.linkAccountOf(l)));
      }
      if (component === undefined) {
        if (foundIdents.has(k)) unmapped.push(ref);
      } else if (foundIdents.get(k) !== component) {
        identifiers.set(k, { ...ref, component, fresh: touched.identifiers.has(k) && !foundIdents.has(k) });
      }
    }
    return { identifiers, unmapped };
  }
}

interface Touched {
  accounts: Set<string>;
  identifiers: Map<string, IdentRef>;
}

function touchedByTenant(changes: readonly RingChange[]): Map<string, Touched> {
  const out = new Map<string, Touched>();
  for (const c of changes) {
    let t = out.get(c.tenant);
    if (!t) out.set(c.tenant, (t = { accounts: new Set(), identifiers: new Map() }));
    if (c.kind !== 'payment_victim') t.accounts.add(c.account);
    if (c.kind === 'link' || c.kind === 'sighting' || c.kind === 'payment_victim') t.identifiers.set(identRefKey(c.type, c.value), { type: c.type, value: c.value });
  }
  return out;
}

function mergeScopes(scopes: readonly RingScope[]): RingScope[] {
  const byTenant = new Map<string, { accounts: Set<string>; identifiers: Map<string, IdentRef> }>();
  for (const s of scopes) {
    const t = byTenant.get(s.tenant) ?? { accounts: new Set<string>(), identifiers: new Map<string, IdentRef>() };
    for (const a of s.accounts) t.accounts.add(a);
    for (const i of s.identifiers) t.identifiers.set(identRefKey(i.type, i.value), i);
    byTenant.set(s.tenant, t);
  }
  return [...byTenant].map(([tenant, t]) => ({ tenant, accounts: [...t.accounts], identifiers: [...t.identifiers.values()] }));
}

/** Every component of a tenant's graph as stored rows, each named after its smallest member. */
function wholeAssignment(tenant: string, graph: RingGraph): ComponentWrite {
  const names = new Map<number, string>();
  const accounts = new Map<string, string>();
  for (let a = 0; a < graph.accountCount; a++) {
    const root = graph.find(a);
    if (!names.has(root)) names.set(root, graph.membersOf(root).map((m) => graph.accountName(m)).sort()[0]);
    accounts.set(graph.accountName(a), names.get(root)!);
  }
  const identifiers: ComponentWrite['identifiers'] = new Map();
  for (let i = 0; i < graph.identifierCount; i++) {
    if (!graph.merges(i)) continue;
    const l = graph.linksOfIdent(i).find((link) => graph.isActive(link) && graph.isStrong(link));
    if (l === undefined) continue;
    const type = graph.identTypeOf(i);
    const value = graph.identValue(i);
    identifiers.set(identRefKey(type, value), { type, value, component: names.get(graph.find(graph.linkAccountOf(l)))!, fresh: false });
  }
  return { tenant, versions: new Map([...names.values()].map((id) => [id, 1])), deleted: [], accounts, identifiers, unmapped: [], now: Date.now() };
}
