// The workspace of one ingest batch: states come from the batch itself, then the committed cache (taken out, so
// nothing uncommitted is ever visible there), then the store, else they are new. After the batch's transaction
// commits, `commit()` puts every state back in the cache; after a failure the workspace is simply dropped.
import type { Linker } from '../core/linker.ts';
import { newAccount, newConversation, type AccountState, type ConversationState } from '../core/engine/state.ts';
import type { Workspace } from '../core/engine/workspace.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import { stateKey, type StateCache } from './state-cache.ts';

export class BatchWorkspace implements Workspace {
  readonly rings: Linker | null;
  readonly #db: CoreDb;
  readonly #cache: StateCache;
  readonly #accounts = new Map<string, AccountState>();
  readonly #conversations = new Map<string, ConversationState>();

  constructor(db: CoreDb, cache: StateCache, rings: Linker | null) {
    this.#db = db;
    this.#cache = cache;
    this.rings = rings;
  }

  async account(tenant: string, id: string, time: number): Promise<AccountState> {
    const key = stateKey(tenant, id);
    let state = this.#accounts.get(key) ?? this.#cache.accounts.take(key) ?? (await loadAccount(this.#db, tenant, id));
    state ??= newAccount(tenant, id, time);
    this.#accounts.set(key, state);
    return state;
  }

  async conversation(tenant: string, id: string, time: number): Promise<ConversationState> {
    const key = stateKey(tenant, id);
    let state = this.#conversations.get(key) ?? this.#cache.conversations.take(key) ?? (await loadConversation(this.#db, tenant, id));
    state ??= newConversation(tenant, id, time);
    this.#conversations.set(key, state);
    return state;
  }

  /** The batch is durably stored: its states become the committed ones. */
  commit(): void {
    for (const [key, state] of this.#accounts) this.#cache.accounts.put(key, state);
    for (const [key, state] of this.#conversations) this.#cache.conversations.put(key, state);
  }
}

export async function loadAccount(db: CoreDb, tenant: string, id: string): Promise<AccountState | null> {
  const row = await db.selectFrom('accounts').select('state').where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.state) as AccountState) : null;
}

async function loadConversation(db: CoreDb, tenant: string, id: string): Promise<ConversationState | null> {
  const row = await db.selectFrom('conversations').select('state').where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.state) as ConversationState) : null;
}
