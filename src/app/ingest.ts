// Event ingestion: validate the whole batch first (a bad batch is rejected whole, naming each bad field), drop
// re-deliveries by event id, let the engine decide each event in the batch's workspace, and store every outcome in
// one transaction before answering. Only then do the caches see the new states; if the write fails, the batch's
// states are dropped and crew linking is rebuilt from the store, so nothing of the batch remains anywhere.
// Batches run one at a time on the queue shared with every other writer of decision state.
import type { Decision } from '../core/engine/decision.ts';
import type { Engine, Outcome } from '../core/engine/engine.ts';
import type { AccountState } from '../core/engine/state.ts';
import { parseEvent, type ChainEvent, type EngineEvent, type FieldError } from '../core/events.ts';
import type { Linker } from '../core/linker.ts';
import type { Kysely, Transaction } from 'kysely';
import type { CoreDb } from '../adapters/store/db.ts';
import type { CoreTables } from '../adapters/store/schema.ts';
import { SqliteRows, type RowWriter } from '../adapters/store/hot-writes.ts';
import { sqliteHandle } from '../adapters/store/sqlite-statements.ts';
import { stateKeysOf } from '../core/engine/engine.ts';
import { eventIdentifiers } from '../core/engine/apply.ts';
import { lockStateKeys } from './state-locks.ts';
import { BatchWorkspace, loadAccount } from './batch-workspace.ts';
import type { Metrics } from './metrics.ts';
import { persistBatch, type PersistOptions } from './persist.ts';
import { StoredDecisions } from './stored-decisions.ts';
import { SerialQueue } from './serial-queue.ts';
import { GroupCommit, type Committed } from './group-commit.ts';
import { walSyncOf, type WalSync } from '../adapters/store/wal-sync.ts';
import { stateKey, StateCache } from './state-cache.ts';

/** Crew linking as ingestion needs it: the engine's hook, and a rebuild from the store after a failed batch. */
export interface IngestRings {
  linker: Linker;
  /**
   * Inside the batch's transaction, before deciding (many nodes): lock what the batch's accounts and the
   * identifiers its events carry belong to, and catch up with other nodes' links there; without scopes (an idle
   * node) catch up on what changed lately.
   */
  begin?(db: Kysely<CoreTables>, scopes?: readonly RingScope[]): Promise<void>;
  reload(): Promise<void>;
  /** The batch decided on a view another node changed meanwhile: retried once (after `reload`). */
  isConflict?(error: unknown): boolean;
}

export interface IngestDeps {
  db: CoreDb;
  engine: Engine;
  options: PersistOptions;
  metrics?: Metrics;
  rings?: IngestRings | null;
  queue?: SerialQueue;
  cache?: StateCache;
  /**
   * Many nodes share the store (PostgreSQL): each batch is decided inside its transaction, holding a lock per
   * conversation and account it touches, and cached states are used only while their stored version matches.
   */
  shared?: boolean;
  /** Prepared statements for the hot writes on the embedded store (default); false: Kysely for every write. */
  hotWrites?: boolean;
}

export interface IngestResult {
  event_id: string;
  duplicate: boolean;
  decision: Decision;
}

export class InvalidBatchError extends Error {
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super(`invalid events: ${fields.slice(0, 5).map((f) => `${f.path}: ${f.message}`).join('; ')}${fields.length > 5 ? ` (+${fields.length - 5} more)` : ''}`);
    this.fields = fields;
  }
}

export const MAX_BATCH = 5_000;

/**
 * How often a batch is decided again after a ring conflict. Each retry first locks what the failed attempt reached,
 * so a second conflict needs a component that attempt never reached; the third is a safety margin, not a loop.
 */
const RING_RETRIES = 2;

/** Called after a batch is durably stored, with what was decided (for crew facts and the like). */
export type CommitListener = (processed: readonly { event: EngineEvent; outcome: Outcome }[]) => void;

interface Opened {
  stored: Map<string, Decision>;
  workspace: BatchWorkspace;
}

interface Decided {
  results: IngestResult[];
  processed: { event: EngineEvent; outcome: Outcome }[];
  workspace: BatchWorkspace;
}

/** What crew linking locks before deciding: per event its accounts and the identifiers the event itself carries. */
export interface RingScope {
  tenant: string;
  accounts: readonly string[];
  identifiers: readonly { type: string; value: string }[];
}

function ringScopesOf(events: readonly EngineEvent[]): RingScope[] {
  return events.map((event) => ({ tenant: event.tenant, accounts: stateKeysOf(event).accounts, identifiers: eventIdentifiers(event) }));
}

/** Lock keys of every account and conversation a batch touches (also the lock two deliveries of one event share). */
function lockKeysOf(events: readonly EngineEvent[]): string[] {
  const keys: string[] = [];
  for (const event of events) {
    const { accounts, conversation } = stateKeysOf(event);
    for (const id of accounts) keys.push(`a\u001f${event.tenant}\u001f${id}`);
    if (conversation) keys.push(`c\u001f${event.tenant}\u001f${conversation}`);
    else keys.push(`e\u001f${event.tenant}\u001f${event.id}`);
  }
  return keys;
}

export class IngestService {
  readonly #db: CoreDb;
  readonly #engine: Engine;
  readonly #options: PersistOptions;
  readonly #metrics?: Metrics;
  readonly #rings: IngestRings | null;
  readonly #cache: StateCache;
  readonly #shared: boolean;
  /** Prepared statements for the batch's many-row tables on the embedded store (null: Kysely, e.g. PostgreSQL). */
  readonly #rows: RowWriter | null;
  readonly #sqlite: ReturnType<typeof sqliteHandle>;
  /** Decisions already stored for a batch's events (re-deliveries are answered with them). */
  readonly #stored: StoredDecisions;
  /** Embedded store with `synchronous=FULL`: batches with calls waiting commit without the fsync and sync off the loop. */
  readonly #walSync: WalSync | null;
  /** The queue every writer of decision state shares (enforcement and ring writes run on it too). */
  readonly queue: SerialQueue;
  /** Calls waiting while a batch runs are stored together in the next transaction (one node: see group-commit.ts). */
  readonly #group: GroupCommit<EngineEvent, IngestResult> | null;
  readonly #listeners: CommitListener[] = [];
  /** When this node last caught up with the other nodes' ring changes (performance.now()). */
  #lastSync = performance.now();

  constructor(deps: IngestDeps) {
    this.#db = deps.db;
    this.#engine = deps.engine;
    this.#options = deps.options;
    this.#metrics = deps.metrics;
    this.#rings = deps.rings ?? null;
    this.#cache = deps.cache ?? new StateCache();
    this.queue = deps.queue ?? new SerialQueue();
    this.#shared = deps.shared ?? false;
    this.#sqlite = sqliteHandle(deps.db);
    this.#stored = new StoredDecisions(deps.db, this.#shared ? null : this.#sqlite);
    this.#rows = this.#sqlite && deps.hotWrites !== false ? new SqliteRows(this.#sqlite) : null;
    this.#walSync = this.#sqlite ? walSyncOf(deps.db) : null;
    // Many nodes keep one transaction per call: a group would hold every state lock of all its calls at once.
    this.#group = this.#shared ? null : new GroupCommit(this.queue, (events) => this.#ingestNow(events));
  }

  onCommit(listener: CommitListener): void {
    this.#listeners.push(listener);
  }

  /**
   * Runs `work` for another writer of engine state (enforcement) on the queue, in one transaction, with a
   * workspace over the committed states of the given accounts (locked when many nodes share the store); the
   * workspace's states reach the cache once the transaction commits.
   */
  writeStates<T>(tenant: string, accounts: string[], work: (trx: Transaction<CoreTables>, workspace: BatchWorkspace) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      let workspace: BatchWorkspace | null = null;
      const result = await this.#db.transaction().execute(async (trx) => {
        if (this.#shared) await lockStateKeys(trx, accounts.map((id) => `a\u001f${tenant}\u001f${id}`));
        workspace = new BatchWorkspace(trx, this.#cache, null, { verify: this.#shared });
        return work(trx, workspace);
      });
      (workspace as BatchWorkspace | null)?.commit();
      return result;
    });
  }

  /**
   * Many nodes: brings crew linking up to date with the links other nodes stored, without a batch (a batch does it
   * only for the components it touches), so the rings this node shows (API, console) follow every node's links.
   * Skipped when it caught up within `idleMs`. It takes no lock: it reads the components changed lately (a busy
   * node runs it too, since its batches catch up only on the rings they reach).
   */
  catchUp(idleMs = 0): Promise<void> {
    if (!this.#shared || !this.#rings?.begin || performance.now() - this.#lastSync < idleMs) return Promise.resolve();
    const begin = this.#rings.begin;
    return this.queue.run(async () => {
      try {
        await this.#db.transaction().execute((trx) => begin(trx));
      } catch (error) {
        // Part of the others' rows may be applied in memory without the sequence moving on: start afresh.
        await this.#rings?.reload();
        throw error;
      }
      this.#lastSync = performance.now();
    });
  }

  /** The committed state of an account (cache, else store), or null when it was never seen. */
  async accountState(tenant: string, id: string): Promise<AccountState | null> {
    const cached = this.#shared ? undefined : this.#cache.accounts.peek(stateKey(tenant, id));
    return cached?.state ?? (await loadAccount(this.#db, tenant, id));
  }

  /** Validates raw events; throws InvalidBatchError naming `events.N.field` for every problem. */
  validate(raw: readonly unknown[], prefix = 'events', single = false): EngineEvent[] {
    if (raw.length > MAX_BATCH) throw new InvalidBatchError([{ path: prefix, message: `at most ${MAX_BATCH} events per batch` }]);
    const events: EngineEvent[] = [];
    const errors: FieldError[] = [];
    raw.forEach((item, index) => {
      const parsed = parseEvent(item);
      if (parsed.ok) events.push(parsed.event);
      else for (const error of parsed.errors) errors.push({ path: single ? `${prefix}.${error.path}` : `${prefix}.${index}.${error.path}`, message: error.message });
    });
    if (errors.length) throw new InvalidBatchError(errors);
    return events;
  }

  async ingest(raw: readonly unknown[]): Promise<IngestResult[]> {
    const events = this.validate(raw);
    return this.ingestValid(events);
  }

  /**
   * Ingests already-validated events, one batch at a time; with one node, calls that wait for the queue meanwhile
   * are coalesced into one transaction (group commit), each answered after it with its own results.
   */
  ingestValid(events: readonly EngineEvent[]): Promise<IngestResult[]> {
    // Detectors that can work ahead start on this batch now, while earlier batches are still decided.
    const fromPlatform = events.filter((e): e is ChainEvent => e.type !== 'detector.follow_up');
    if (fromPlatform.length) for (const detector of this.#engine.detectors) detector.prepare?.(fromPlatform);
    if (this.#group) return this.#group.submit(events);
    return this.queue.run(() => this.#ingestNow(events)).then((committed) => committed.answers);
  }

  /**
   * Decides and commits a batch on the queue. The queue goes on once the batch is committed: its states are in the
   * cache for the next batch, while `answers` waits for the commit to be on disk (wal-sync.ts) and only then tells
   * the commit listeners and the callers.
   */
  async #ingestNow(events: readonly EngineEvent[]): Promise<Committed<IngestResult>> {
    const started = performance.now();
    let decided: Decided | null = null;
    let durable: Promise<void> | null = null;
    try {
      if (this.#shared) decided = await this.#ingestShared(events);
      else {
        // One node owns the store: decide first, then hold the write transaction only while storing.
        const batch = await this.#decide(events, await this.#open(events, this.#db, false));
        ({ durable } = await this.#commit(batch));
        decided = batch;
      }
    } catch (error) {
      // The workspace's states are dropped with it; crew linking may have applied part of the batch in memory.
      await this.#rings?.reload();
      throw error;
    }
    decided.workspace.commit();
    const batch = decided;
    return { answers: durable ? durable.then(() => this.#committed(batch, started)) : Promise.resolve(this.#committed(batch, started)) };
  }

  /**
   * Stores a decided batch in one transaction; resolves once committed, with a promise for the commit's fsync
   * (null: the commit itself synced, or nothing syncs). Wrapped in an object: an async function would wait for it.
   */
  async #commit(batch: Decided): Promise<{ durable: Promise<void> | null }> {
    const walSync = this.#walSync;
    const sqlite = this.#sqlite;
    walSync?.assertHealthy();
    // With nothing waiting there is nothing to overlap with the sync, and the thread-pool hop makes a lone commit
    // 1-2 ms later on disk on a loaded machine (bench/core/hot-rows.ts): a lone call syncs inside its commit.
    if (!walSync || !sqlite || !this.#group?.waiting) {
      await this.#db.transaction().execute((trx) => this.#store(trx, batch));
      return { durable: null };
    }
    // Holding the connection keeps every other writer's commit out of the NORMAL window (wal-sync.ts).
    return this.#db.connection().execute((connection) => walSync.deferred(sqlite, () => connection.transaction().execute((trx) => this.#store(trx, batch))));
  }

  /** After the batch is durable: commit listeners and metrics, then the callers' results. */
  #committed(decided: Decided, started: number): IngestResult[] {
    for (const listener of this.#listeners) {
      try {
        listener(decided.processed);
      } catch {
        // A listener's failure must not turn a stored, acknowledged batch into an error.
      }
    }
    this.#metrics?.recordIngest(decided.processed, decided.results.length - decided.processed.length, (performance.now() - started) / 1000);
    return decided.results;
  }

  /**
   * Many nodes: decided inside the transaction, under the locks of every state it touches and of the ring
   * components it reaches. A batch that reached a component another node changed while it decided is rolled back,
   * crew linking is rebuilt from the store, and the batch is decided again, locking first what it reached
   * (docs/scale-out.md).
   */
  async #ingestShared(events: readonly EngineEvent[]): Promise<Decided> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#db.transaction().execute(async (trx) => {
          await lockStateKeys(trx, lockKeysOf(events));
          const opened = await this.#open(events, trx, true);
          await this.#rings?.begin?.(trx, ringScopesOf(events));
          const batch = await this.#decide(events, opened);
          await this.#store(trx, batch);
          return batch;
        });
      } catch (error) {
        if (attempt >= RING_RETRIES || !this.#rings?.isConflict?.(error)) throw error;
        await this.#rings.reload();
      }
    }
  }

  /** Reads what deciding needs from the store: decisions already stored for these events, and their states. */
  async #open(events: readonly EngineEvent[], db: Kysely<CoreTables>, verify: boolean): Promise<Opened> {
    const stored = await this.#stored.find(db, events);
    const workspace = new BatchWorkspace(db, this.#cache, this.#rings?.linker ?? null, { verify });
    await workspace.preload(events.map((event) => {
      const keys = stateKeysOf(event);
      return { tenant: event.tenant, accounts: keys.accounts, conversations: keys.conversation ? [keys.conversation] : [] };
    }));
    return { stored, workspace };
  }

  async #decide(events: readonly EngineEvent[], { stored, workspace }: Opened): Promise<Decided> {
    const results: IngestResult[] = [];
    const processed: { event: EngineEvent; outcome: Outcome }[] = [];
    const decidedNow = new Map<string, Decision>();
    for (const event of events) {
      const key = `${event.tenant}|${event.id}`;
      const earlier = stored.get(key) ?? decidedNow.get(key);
      if (earlier) {
        results.push({ event_id: event.id, duplicate: true, decision: earlier });
        continue;
      }
      const outcome = await this.#engine.process(event, workspace);
      decidedNow.set(key, outcome.decision);
      processed.push({ event, outcome });
      results.push({ event_id: event.id, duplicate: false, decision: outcome.decision });
    }
    return { results, processed, workspace };
  }

  #store(trx: Transaction<CoreTables>, batch: Decided): Promise<void> {
    const nextVersion = (table: 'accounts' | 'conversations', tenant: string, id: string) => batch.workspace.nextVersion(table, tenant, id);
    return persistBatch(trx, batch.processed, Date.now(), this.#options, nextVersion, this.#rows ?? undefined);
  }
}
