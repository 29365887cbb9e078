// The rings service: one in-memory RingGraph and RingFacts per tenant (rings never cross tenants), rebuilt from the
// database at `load()`. Implements the engine's `Linker` hook: inside a decision it answers with signals and with the
// changes to store, which the ingest service writes in the decision's own transaction (and, if that fails, calls
// `load()` so memory matches the store again). Writes from elsewhere (API, console) run one at a time through the
// `exclusive` queue shared with ingestion and are stored before they return.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { CrewFact, LinkObservation, LinkResult, Linker, RingChange } from '../../core/linker.ts';
import { clampScore, STAGES, type IdentifierType, type Signal, type Stage } from '../../core/signals.ts';
import { RingGraph, type GraphOptions, type LinkMeta } from './graph.ts';
import { explain, type Explanation } from './explain.ts';
import { parseLinkObject } from './input.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { buildProfile, identKey, PAYMENT_TYPES, RingFacts, type MuleAccount, type RingProfile } from './profile.ts';
import { RingStore, writeRingChanges } from './store.ts';
import { ComponentSync, isRingConflict, normalisedScope, type RawScope } from './component-sync.ts';
import { ringElements, ringIdFor, sharedInfrastructure, suspectedAssociates, type CytoscapeElements, type SharedIdentifier, type SuspectedAssociate } from './views.ts';

export interface RingServiceOptions extends GraphOptions {
  /** A payment identifier with at least this many distinct victims is listed as a mule account (default 2). */
  muleMinVictims?: number;
  /** Clock in epoch milliseconds (tests pin it). */
  now?: () => number;
  /** Many nodes share the store (PostgreSQL): lock the components a batch touches and catch up on them. */
  shared?: boolean;
  /** Runs one write at a time with the ingest batches (the ingest service's queue); default: a queue of its own. */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Bad input from a caller (unknown type, bad value, missing account): the message names what is wrong. */
export class RingInputError extends Error {}

export interface RingDetail extends RingProfile {
  graph: CytoscapeElements;
  suspectedAssociates: SuspectedAssociate[];
}

export interface LinkRequest {
  tenant: string;
  account: string;
  type: string;
  value: string;
  strength?: 'strong' | 'weak';
  source?: string;
  eventId?: string;
  time?: number;
  victim?: string;
  /** Who added it (a moderator); a moderator's add re-activates a link a moderator removed. */
  by?: string;
}

interface Tenant {
  graph: RingGraph;
  facts: RingFacts;
  /** Ring id → a member's account index, valid while `graph.version` equals `version`. */
  ids: Map<string, number>;
  version: number;
  /** Profiles by component root, valid while neither the graph nor the facts changed. */
  profiles: Map<number, RingProfile>;
  profilesVersion: string;
}

/** Retries of a write after a ring conflict (each locks first what the failed attempt reached). */
const RING_RETRIES = 2;

const RING_SIGNAL_STAGES: ReadonlySet<Stage> = new Set(['threat', 'payment']);

export class RingService implements Linker {
  private readonly tenants = new Map<string, Tenant>();
  private readonly db: CoreDb;
  private readonly store: RingStore;
  private readonly options: RingServiceOptions;
  private readonly now: () => number;
  private readonly exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  /** Where the changes of the mutation under way go (the engine's outcome or a write of our own). */
  private changes: RingChange[] | null = null;
  /** The last batch sequence number applied to memory (see migration-sync.ts; one node only). */
  private seq = 0;
  /** Many nodes: the lock per component and the versions this node's view reflects (component-sync.ts). */
  private readonly sync: ComponentSync | null;
  readonly muleMinVictims: number;

  constructor(db: CoreDb, options: RingServiceOptions = {}) {
    this.db = db;
    this.options = options;
    this.now = options.now ?? Date.now;
    this.muleMinVictims = options.muleMinVictims ?? 2;
    this.store = new RingStore(db);
    this.exclusive = options.exclusive ?? ownQueue();
    this.sync = options.shared
      ? new ComponentSync({
          graph: (tenant) => this.tenant(tenant).graph,
          facts: (tenant) => this.tenant(tenant).facts,
          applyLinkRow: (row) => this.applyLinkRow(row),
          applyFactRow: (tenant, row) => this.applyFact(this.tenant(tenant).facts, row),
        })
      : null;
  }

  /** Lock and catch-up counters of the shared mode (null on one node). */
  get syncStats(): ComponentSync['stats'] | null {
    return this.sync?.stats ?? null;
  }

  private emit(change: RingChange): void {
    if (!this.changes) throw new Error('rings: a change outside a captured mutation would never be stored');
    this.changes.push(change);
  }

  /** Runs a synchronous mutation and returns its result with the changes it made. */
  private captured<T>(mutation: () => T): { result: T; changes: RingChange[] } {
    if (this.changes) throw new Error('rings: nested mutation');
    this.changes = [];
    try {
      const result = mutation();
      return { result, changes: this.changes };
    } finally {
      this.changes = null;
    }
  }

  /**
   * A write from outside ingestion: applied in memory and stored in its own transaction, one at a time with the
   * ingest batches. If storing fails, memory is rebuilt from the store and the error is thrown: nothing half-applied.
   * `scopes` name what it touches (many nodes: those components are locked first); a conflict is retried.
   */
  private stored<T>(mutation: () => T, ...scopes: RawScope[]): Promise<T> {
    return this.exclusive(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.db.transaction().execute(async (trx) => {
            await this.beginBatch(trx, scopes);
            const { result, changes } = this.captured(mutation);
            await this.write(trx, changes);
            return result;
          });
        } catch (error) {
          await this.load();
          if (attempt >= RING_RETRIES || !isRingConflict(error)) throw error;
        }
      }
    });
  }

  private tenant(name: string): Tenant {
    let t = this.tenants.get(name);
    if (!t) {
      t = { graph: new RingGraph(this.graphOptions()), facts: new RingFacts(), ids: new Map(), version: -1, profiles: new Map(), profilesVersion: '' };
      this.tenants.set(name, t);
    }
    return t;
  }

  /** Graph options without capacity hints: those suit one bulk build, not every tenant's graph. */
  private graphOptions(): GraphOptions {
    const { sharedCap, allowList, weakTtlMs } = this.options;
    return { sharedCap, allowList, weakTtlMs };
  }

  tenantNames(): string[] {
    return [...this.tenants.keys()].sort();
  }

  /** Rebuilds every tenant's graph and facts from the database. */
  async load(): Promise<void> {
    this.tenants.clear();
    this.seq = await this.store.clock();
    await this.sync?.loadVersions(this.db);
    for await (const row of this.store.loadLinks()) this.applyLinkRow(row);
    for (const row of await this.store.loadFacts()) this.applyFact(this.tenant(row.tenant).facts, row);
    for (const row of await this.store.loadPaymentVictims()) {
      this.tenant(row.tenant).facts.recordPaymentVictim(row.type as IdentifierType, row.value, row.victim);
    }
    for (const t of this.tenants.values()) t.graph.expireWeakLinks(this.now());
    await this.sync?.backfill(this.db, this.tenantNames());
  }

  /** A stored link's latest state, applied to memory (at load, or when another node wrote it). */
  private applyLinkRow(row: { tenant: string; account: string; type: string; value: string; strength: string; source: string | null; event_id: string | null; first_seen: number; last_seen: number; removed: number }): void {
    const { graph } = this.tenant(row.tenant);
    const type = row.type as IdentifierType;
    // The row is the truth: a link a moderator re-added after a removal comes back, hence `override`.
    const meta: LinkMeta = { strength: row.strength === 'weak' ? 'weak' : 'strong', source: row.source ?? undefined, eventId: row.event_id ?? undefined, override: !row.removed };
    graph.addLink(row.account, type, row.value, { ...meta, time: row.first_seen });
    graph.addLink(row.account, type, row.value, { ...meta, time: row.last_seen });
    if (row.removed) graph.removeLink(row.account, type, row.value);
  }

  /**
   * Before deciding, in the caller's transaction. Many nodes: locks the components of what `scopes` names until the
   * transaction ends and catches up on those another node changed; without scopes (an idle node), catches up on
   * every component changed lately, without locks. One node: applies rows stored since it last looked.
   */
  async beginBatch(trx: CoreDb, scopes?: readonly RawScope[]): Promise<void> {
    if (this.sync) return scopes ? this.sync.begin(trx, scopes.map(normalisedScope)) : this.sync.catchUpIdle(trx);
    const clock = await this.store.clock(trx);
    if (clock === this.seq) return;
    const newer = await this.store.newerThan(trx, this.seq);
    for (const row of newer.links) this.applyLinkRow(row);
    for (const row of newer.facts) this.applyFact(this.tenant(row.tenant).facts, row);
    for (const row of newer.victims) this.tenant(row.tenant).facts.recordPaymentVictim(row.type as IdentifierType, row.value, row.victim);
    this.seq = clock;
  }

  /**
   * Stores changes in the caller's transaction. Many nodes: under the locks of the components they reach (throws
   * RingConflict when one moved meanwhile); one node: under the next sequence number (see migration-sync.ts).
   */
  async write(trx: CoreDb, changes: readonly RingChange[]): Promise<void> {
    if (changes.length === 0) return;
    if (this.sync) {
      await this.sync.write(trx, changes);
      return writeRingChanges(trx, changes, 0, false);
    }
    const seq = this.seq + 1;
    await writeRingChanges(trx, changes, seq);
    this.seq = seq;
  }

  private applyFact(facts: RingFacts, row: { kind: string; account: string; stage: string | null; amount: number | null; currency: string | null; reason: string | null; victim: string | null; time: number }): void {
    if (row.kind === 'stage' && (STAGES as readonly string[]).includes(row.stage ?? '')) facts.recordStage(row.account, row.stage as Stage, row.time);
    else if (row.kind === 'money' && row.amount !== null && row.currency) facts.recordMoneyAsked(row.account, row.amount, row.currency);
    else if (row.kind === 'bad') facts.markBad(row.account, row.reason ?? 'marked bad');
    else if (row.kind === 'victim' && row.victim) facts.recordVictim(row.account, row.victim);
  }

  /**
   * Drops weak links not seen within `weakTtlMs` from every tenant's graph (queries already ignore them; this frees
   * them for good). Call it periodically, e.g. hourly. The database keeps them with their `expires_at`.
   */
  expireWeakLinks(): number {
    let expired = 0;
    for (const t of this.tenants.values()) expired += t.graph.expireWeakLinks(this.now());
    return expired;
  }

  /** Waits for writes under way (all of them go through the shared queue). */
  flush(): Promise<void> {
    return this.exclusive(async () => undefined);
  }

  close(): Promise<void> {
    return this.flush();
  }

  // ---- writing -------------------------------------------------------------------------------------------------

  /** Adds one link (from the API or a victim report) and stores it. Rejects with RingInputError on bad input. */
  async addLink(request: LinkRequest): Promise<{ status: 'added' | 'updated' | 'suppressed'; type: IdentifierType; value: string }> {
    const parsed = parseLinkObject({ ...request, event_id: request.eventId });
    if (!parsed.ok) throw new RingInputError(parsed.error);
    const link = parsed.link;
    return this.stored(() => this.addParsedLink(request, link), { tenant: request.tenant, accounts: [link.account], identifiers: [{ type: link.type, value: link.value }] });
  }

  private addParsedLink(request: LinkRequest, link: Extract<ReturnType<typeof parseLinkObject>, { ok: true }>['link']) {
    const status = this.record(request.tenant, link.account, link.type, link.value, {
      strength: link.strength,
      source: link.source ?? (request.by ? `moderator:${request.by}` : 'api'),
      eventId: link.eventId,
      time: link.time ?? this.now(),
      override: request.by !== undefined,
    });
    if (link.victim !== undefined) this.recordVictims(request.tenant, link.account, [{ type: link.type, value: link.value }], [link.victim], link.eventId, link.time ?? this.now());
    return { status, type: link.type, value: link.value };
  }

  private record(tenant: string, account: string, type: IdentifierType, value: string, meta: LinkMeta): 'added' | 'updated' | 'suppressed' {
    const { graph } = this.tenant(tenant);
    const status = graph.addLink(account, type, value, meta);
    if (status === 'suppressed') return status;
    this.saveLinkState(tenant, account, type, value, null);
    const time = meta.time ?? this.now();
    const strength = graph.isStrong(graph.findLink(graph.accountId(account)!, graph.identId(type, value)!)) ? 'strong' : 'weak';
    this.emit({ kind: 'sighting', tenant, account, type, value, strength, source: meta.source ?? null, eventId: meta.eventId ?? null, time });
    return status;
  }

  private saveLinkState(tenant: string, account: string, type: IdentifierType, value: string, removal: { by: string; reason: string } | null): void {
    const { graph } = this.tenant(tenant);
    const l = graph.findLink(graph.accountId(account)!, graph.identId(type, value)!);
    const strong = graph.isStrong(l);
    const provenance = graph.provenanceOf(l);
    this.emit({
      kind: 'link',
      tenant,
      account,
      type,
      value,
      strength: strong ? 'strong' : 'weak',
      source: provenance?.source ?? null,
      eventId: provenance?.eventId ?? null,
      firstSeen: graph.firstSeenMs(l),
      lastSeen: graph.lastSeenMs(l),
      expiresAt: strong ? null : graph.lastSeenMs(l) + graph.weakTtlMs,
      removed: removal ? { ...removal, at: this.now() } : null,
    });
  }

  /** A moderator reverses a wrong link; the ring it held together is re-derived at once. */
  async removeLink(tenant: string, account: string, type: string, rawValue: string, by: string, reason: string): Promise<boolean> {
    const normalised = this.normalised(type, rawValue);
    return this.stored(() => {
      const removed = this.tenant(tenant).graph.removeLink(account, normalised.type, normalised.value);
      if (removed) this.saveLinkState(tenant, account, normalised.type, normalised.value, { by, reason });
      return removed;
    }, { tenant, accounts: [account], identifiers: [normalised] });
  }

  private normalised(type: string, value: string): { type: IdentifierType; value: string } {
    const parsed = parseLinkObject({ account: 'x', type, value });
    if (!parsed.ok) throw new RingInputError(parsed.error);
    return { type: parsed.link.type, value: parsed.link.value };
  }

  private recordStage(tenant: string, account: string, stage: Stage, time: number): void {
    this.tenant(tenant).facts.recordStage(account, stage, time);
    this.emit({ kind: 'fact', fact: 'stage', tenant, account, stage, amount: null, currency: null, reason: null, victim: null, time });
  }

  private recordMoneyAsked(tenant: string, account: string, amount: number, currency: string, time: number): void {
    const code = currency.trim().toUpperCase();
    // An event's amount is validated at ingestion; a value we cannot read is left out rather than failing the batch.
    if (!Number.isFinite(amount) || amount < 0 || !/^[A-Z]{3}$/.test(code)) return;
    this.tenant(tenant).facts.recordMoneyAsked(account, amount, code);
    this.emit({ kind: 'fact', fact: 'money', tenant, account, stage: null, amount, currency: code, reason: null, victim: null, time });
  }

  /** A moderator banned the account: its ring counts as confirmed bad. */
  markBad(tenant: string, account: string, reason: string): Promise<void> {
    return this.stored(() => {
      this.tenant(tenant).facts.markBad(account, reason);
      this.emit({ kind: 'fact', fact: 'bad', tenant, account, stage: null, amount: null, currency: null, reason, victim: null, time: this.now() });
    }, { tenant, accounts: [account], identifiers: [] });
  }

  /** Links a victim report's identifiers (outside ingestion) and stores them; answers the ring signals. */
  link(observation: LinkObservation): Promise<Signal[]> {
    return this.stored(() => this.observeNow(observation), { tenant: observation.tenant, accounts: [observation.account], identifiers: observation.identifiers });
  }

  private recordVictims(tenant: string, account: string, payments: { type: IdentifierType; value: string }[], victims: readonly string[], eventId: string | undefined, time: number): void {
    const { facts } = this.tenant(tenant);
    for (const victim of victims) {
      if (!facts.victimsOfAccount.get(account)?.has(victim)) {
        facts.recordVictim(account, victim);
        this.emit({ kind: 'fact', fact: 'victim', tenant, account, stage: null, amount: null, currency: null, reason: null, victim, time });
      }
      for (const { type, value } of payments) {
        if (!PAYMENT_TYPES.has(type) || facts.victimsOfPayment.get(identKey(type, value))?.has(victim)) continue;
        facts.recordPaymentVictim(type, value, victim);
        this.emit({ kind: 'payment_victim', tenant, type, value, victim, eventId: eventId ?? null, time });
      }
    }
  }

  // ---- Linker --------------------------------------------------------------------------------------------------

  /** Inside a decision: the caller stores the returned changes in the decision's transaction. */
  observe(observation: LinkObservation): LinkResult {
    const { result, changes } = this.captured(() => this.observeNow(observation));
    return { signals: result, changes };
  }

  recordFacts(facts: readonly CrewFact[]): RingChange[] {
    return this.captured(() => this.applyFacts(facts)).changes;
  }

  /** Crew facts from outside ingestion (imports, tests), stored before this resolves. */
  storeFacts(facts: readonly CrewFact[]): Promise<void> {
    return this.stored(() => this.applyFacts(facts), ...facts.map((f) => ({ tenant: f.tenant, accounts: [f.account], identifiers: [] })));
  }

  private applyFacts(facts: readonly CrewFact[]): void {
    for (const fact of facts) {
      if (fact.kind === 'stage') this.recordStage(fact.tenant, fact.account, fact.stage, fact.time);
      else this.recordMoneyAsked(fact.tenant, fact.account, fact.amount, fact.currency, fact.time);
    }
  }

  private observeNow(observation: LinkObservation): Signal[] {
    const { tenant, account, eventId, time } = observation;
    const linked: { type: IdentifierType; value: string }[] = [];
    for (const identifier of observation.identifiers) {
      const normalised = normaliseIdentifier(identifier.type, identifier.value);
      if (!normalised.ok) continue; // a detector's malformed value must not link strangers; the detector reports it
      // A near photo match is weak evidence; detectors mark it with `strength: 'weak'` (not yet in the core type).
      const strength = (identifier as { strength?: unknown }).strength === 'weak' ? 'weak' : undefined;
      const status = this.record(tenant, account, identifier.type, normalised.value, { source: identifier.source, eventId, time, strength });
      if (status !== 'suppressed') linked.push({ type: identifier.type, value: normalised.value });
    }
    if (observation.counterparts?.length) this.recordVictims(tenant, account, linked, observation.counterparts, eventId, time);
    return this.signalsFor(tenant, account, linked);
  }

  private signalsFor(tenant: string, account: string, linked: { type: IdentifierType; value: string }[]): Signal[] {
    const profile = this.ringOf(tenant, account);
    if (!profile) return [];
    const { graph } = this.tenant(tenant);
    const others = profile.accounts.filter((a) => a !== account);
    const badOther = profile.badMembers.find((b) => b.account !== account);
    const stage = profile.stagesReached.find((s) => RING_SIGNAL_STAGES.has(s));
    const target = badOther?.account ?? this.memberAtStage(tenant, others, stage) ?? others[0];
    const path = explain(graph, account, target, this.now());
    const via = linked.find((l) => this.mergesWithOthers(graph, l)) ?? path.hops[0]?.via;
    const why = badOther ? `member ${badOther.account} is confirmed bad (${badOther.reason})` : stage ? `the ring reached the ${stage} stage` : undefined;
    if (why) {
      return [
        {
          detector: 'rings',
          kind: 'ring.member',
          score: clampScore(Math.max(profile.score, 0.7)),
          reasons: [{ code: 'linked_to_ring', message: `${account} is in ring ${profile.id} (${profile.accounts.length} accounts) through ${via?.type} ${via?.value}; ${why}`, evidence: { ring: profile.id, via, path: path.hops } }],
        },
      ];
    }
    if (!via || !linked.some((l) => l.type === via.type && l.value === via.value)) return [];
    return [
      {
        detector: 'rings',
        kind: 'ring.shared_identifier',
        score: clampScore(Math.min(0.5, profile.score)),
        reasons: [{ code: 'shares_strong_identifier', message: `${account} shares ${via.type} ${via.value} with ${others.length} other account(s) in ring ${profile.id}`, evidence: { ring: profile.id, via, path: path.hops } }],
      },
    ];
  }

  private memberAtStage(tenant: string, accounts: string[], stage: Stage | undefined): string | undefined {
    if (!stage) return undefined;
    const { facts } = this.tenant(tenant);
    return accounts.find((a) => facts.stages.get(a)?.has(stage));
  }

  private mergesWithOthers(graph: RingGraph, link: { type: IdentifierType; value: string }): boolean {
    const i = graph.identId(link.type, link.value);
    return i !== undefined && graph.merges(i) && graph.linksOfIdent(i).filter((l) => graph.isActive(l) && graph.isStrong(l)).length >= 2;
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  /** The profile of the component rooted at `root`, cached until a link or a fact of the tenant changes. */
  private profileOf(tenant: string, root: number): RingProfile {
    const t = this.tenant(tenant);
    const version = `${t.graph.version}/${t.facts.version}`;
    if (t.profilesVersion !== version) {
      t.profiles = new Map();
      t.profilesVersion = version;
    }
    let profile = t.profiles.get(root);
    if (!profile) {
      profile = buildProfile(tenant, t.graph, t.facts, t.graph.membersOf(root), { nowMs: this.now(), muleMinVictims: this.muleMinVictims });
      t.profiles.set(root, profile);
    }
    return profile;
  }

  /** The ring an account belongs to, or null when it shares no strong identifier with another account. */
  ringOf(tenant: string, account: string): RingProfile | null {
    const { graph } = this.tenant(tenant);
    const a = graph.accountId(account);
    if (a === undefined || graph.componentSize(a) < 2) return null;
    return this.profileOf(tenant, graph.find(a));
  }

  /** Rings of a tenant, highest score first. */
  rings(tenant: string, options: { minScore?: number; limit?: number; offset?: number } = {}): RingProfile[] {
    const { graph } = this.tenant(tenant);
    const all = graph.ringRoots().map((root) => this.profileOf(tenant, root));
    const kept = all.filter((p) => p.score >= (options.minScore ?? 0)).sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    return kept.slice(options.offset ?? 0, (options.offset ?? 0) + (options.limit ?? kept.length));
  }

  private rootOfId(tenant: string, id: string): number | undefined {
    const t = this.tenant(tenant);
    if (t.version !== t.graph.version) {
      t.ids = new Map(t.graph.ringRoots().map((root) => [ringIdFor(tenant, t.graph.membersOf(root).map((m) => t.graph.accountName(m))), root]));
      t.version = t.graph.version;
    }
    return t.ids.get(id);
  }

  ring(tenant: string, id: string): RingDetail | null {
    const root = this.rootOfId(tenant, id);
    if (root === undefined) return null;
    const { graph } = this.tenant(tenant);
    const members = graph.membersOf(root);
    const now = this.now();
    return { ...this.profileOf(tenant, root), graph: ringElements(graph, members, now), suspectedAssociates: suspectedAssociates(graph, members, now) };
  }

  explain(tenant: string, a: string, b: string): Explanation {
    return explain(this.tenant(tenant).graph, a, b, this.now());
  }

  sharedInfrastructure(tenant: string): SharedIdentifier[] {
    return sharedInfrastructure(this.tenant(tenant).graph);
  }

  /** Payment identifiers that received from several distinct victims, across the tenant. */
  muleAccounts(tenant: string): (MuleAccount & { ring: string | null; accounts: string[] })[] {
    const { graph, facts } = this.tenant(tenant);
    const out: (MuleAccount & { ring: string | null; accounts: string[] })[] = [];
    for (const [key, victims] of facts.victimsOfPayment) {
      if (victims.size < this.muleMinVictims) continue;
      const [type, value] = key.split('\u0000') as [IdentifierType, string];
      const i = graph.identId(type, value);
      const accounts = i === undefined ? [] : graph.linksOfIdent(i).filter((l) => graph.isActive(l)).map((l) => graph.accountName(graph.linkAccountOf(l))).sort();
      const ring = accounts.length ? this.ringOf(tenant, accounts[0])?.id ?? null : null;
      out.push({ type, value, victims: victims.size, ring, accounts });
    }
    return out.sort((x, y) => y.victims - x.victims || (x.value < y.value ? -1 : 1));
  }

  /** Sightings of the given accounts' links, for case packages. */
  sightingsOf(tenant: string, accounts: readonly string[]): ReturnType<RingStore['sightingsOf']> {
    return this.store.sightingsOf(tenant, accounts);
  }
}

function ownQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}
