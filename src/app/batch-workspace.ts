// The workspace of one ingest batch: states come from the batch itself, then the committed cache (taken out, so
// nothing uncommitted is ever visible there), then the store, else they are new. With `verify` (many nodes on one
// store) a cached state is used only if the stored row still has its version; the caller holds the row's lock.
// After the batch's transaction commits, `commit()` puts every state back in the cache with its new version;
// after a failure the workspace is simply dropped.
import type { Kysely } from 'kysely';
import type { Linker } from '../core/linker.ts';
import { newAccount, newConversation, type AccountState, type ConversationState } from '../core/engine/state.ts';
import type { Workspace } from '../core/engine/workspace.ts';
import type { CoreTables } from '../adapters/store/schema.ts';
import { stateKey, type LruMap, type StateCache, type Versioned } from './state-cache.ts';

type Table = 'accounts' | 'conversations';

export class BatchWorkspace implements Workspace {
  readonly rings: Linker | null;
  readonly #db: Kysely<CoreTables>;
  readonly #cache: StateCache;
  readonly #verify: boolean;
  readonly #accounts = new Map<string, Versioned<AccountState>>();
  readonly #conversations = new Map<string, Versioned<ConversationState>>();
  /**
   * States the preload looked for and the store does not have: new accounts and conversations, which would
   * otherwise be asked for a second time, one query each (every new conversation of a batch). The store cannot
   * gain them meanwhile: one node owns it, and many nodes hold the states' locks while they decide.
   */
  readonly #absent = { accounts: new Set<string>(), conversations: new Set<string>() };

  constructor(db: Kysely<CoreTables>, cache: StateCache, rings: Linker | null, options: { verify?: boolean } = {}) {
    this.#db = db;
    this.#cache = cache;
    this.rings = rings;
    this.#verify = options.verify ?? false;
  }

  // A state the batch already holds (the preload put every state of the batch here) is answered at once, without
  // a promise: two async hops per state and event were a measurable part of the engine's time and garbage.
  account(tenant: string, id: string, time: number): AccountState | Promise<AccountState> {
    const held = this.#accounts.get(stateKey(tenant, id));
    if (held) return held.state;
    return this.#get('accounts', this.#accounts, this.#cache.accounts, tenant, id, () => newAccount(tenant, id, time)).then((entry) => entry.state);
  }

  conversation(tenant: string, id: string, time: number): ConversationState | Promise<ConversationState> {
    const held = this.#conversations.get(stateKey(tenant, id));
    if (held) return held.state;
    return this.#get('conversations', this.#conversations, this.#cache.conversations, tenant, id, () => newConversation(tenant, id, time)).then((entry) => entry.state);
  }

  async #get<T>(table: Table, batch: Map<string, Versioned<T>>, cache: LruMap<Versioned<T>>, tenant: string, id: string, fresh: () => T): Promise<Versioned<T>> {
    const key = stateKey(tenant, id);
    let entry = batch.get(key);
    if (entry) return entry;
    entry = cache.take(key);
    if (entry && this.#verify && (await storedVersion(this.#db, table, tenant, id)) !== entry.version) entry = undefined;
    if (!entry && this.#absent[table].has(key)) entry = { state: fresh(), version: 0 };
    entry ??= (await loadState<T>(this.#db, table, tenant, id)) ?? { state: fresh(), version: 0 };
    batch.set(key, entry);
    return entry;
  }

  /**
   * Loads every state a batch will touch in one query per table and tenant (instead of one per state), keeping
   * a cached state when its version still matches (or, with one node, without asking).
   */
  async preload(keys: { tenant: string; accounts: string[]; conversations: string[] }[]): Promise<void> {
    const byTenant = new Map<string, { accounts: Set<string>; conversations: Set<string> }>();
    for (const k of keys) {
      const entry = byTenant.get(k.tenant) ?? { accounts: new Set(), conversations: new Set() };
      for (const id of k.accounts) entry.accounts.add(id);
      for (const id of k.conversations) entry.conversations.add(id);
      byTenant.set(k.tenant, entry);
    }
    for (const [tenant, ids] of byTenant) {
      await this.#preloadTable('accounts', this.#accounts, this.#cache.accounts, tenant, [...ids.accounts]);
      await this.#preloadTable('conversations', this.#conversations, this.#cache.conversations, tenant, [...ids.conversations]);
    }
  }

  async #preloadTable<T>(table: Table, batch: Map<string, Versioned<T>>, cache: LruMap<Versioned<T>>, tenant: string, ids: string[]): Promise<void> {
    const wanted = ids.filter((id) => !batch.has(stateKey(tenant, id)));
    const toRead: string[] = [];
    for (const id of wanted) {
      const cached = this.#verify ? undefined : cache.take(stateKey(tenant, id));
      if (cached) batch.set(stateKey(tenant, id), cached);
      else toRead.push(id);
    }
    for (let i = 0; i < toRead.length; i += 500) {
      const chunk = toRead.slice(i, i + 500);
      // Versions first only when a cached copy may be stale (many nodes); one node owns its cache.
      const stale: string[] = this.#verify ? [] : chunk;
      if (this.#verify) {
        const rows = await this.#db.selectFrom(table).select(['id', 'version']).where('tenant', '=', tenant).where('id', 'in', chunk).execute();
        for (const row of rows) {
          const key = stateKey(tenant, row.id);
          const cached = cache.take(key);
          if (cached && cached.version === Number(row.version)) batch.set(key, cached);
          else stale.push(row.id);
        }
      }
      if (stale.length === 0) continue;
      const full = await this.#db.selectFrom(table).select(['id', 'state', 'version']).where('tenant', '=', tenant).where('id', 'in', stale).execute();
      for (const row of full) batch.set(stateKey(tenant, row.id), { state: JSON.parse(row.state) as T, version: Number(row.version) });
    }
    for (const id of toRead) {
      const key = stateKey(tenant, id);
      if (!batch.has(key)) this.#absent[table].add(key);
    }
  }

  /** The version each state touched by the batch will be stored with. */
  nextVersion(table: Table, tenant: string, id: string): number {
    const entry = (table === 'accounts' ? this.#accounts : this.#conversations).get(stateKey(tenant, id));
    return (entry?.version ?? 0) + 1;
  }

  /** The batch is durably stored: its states become the committed ones, at their new versions. */
  commit(): void {
    for (const [key, entry] of this.#accounts) this.#cache.accounts.put(key, { state: entry.state, version: entry.version + 1 });
    for (const [key, entry] of this.#conversations) this.#cache.conversations.put(key, { state: entry.state, version: entry.version + 1 });
  }
}

async function storedVersion(db: Kysely<CoreTables>, table: Table, tenant: string, id: string): Promise<number | null> {
  const row = await db.selectFrom(table).select('version').where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
  return row ? Number(row.version) : null;
}

async function loadState<T>(db: Kysely<CoreTables>, table: Table, tenant: string, id: string): Promise<Versioned<T> | null> {
  const row = await db.selectFrom(table).select(['state', 'version']).where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
  return row ? { state: JSON.parse(row.state) as T, version: Number(row.version) } : null;
}

export async function loadAccount(db: Kysely<CoreTables>, tenant: string, id: string): Promise<AccountState | null> {
  return (await loadState<AccountState>(db, 'accounts', tenant, id))?.state ?? null;
}
