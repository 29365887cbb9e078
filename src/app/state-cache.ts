// Committed account and conversation states kept in memory, least recently used first out. Only states the store
// has durably written are in here: a batch takes the entries it works on out and puts them back after its
// transaction commits, so a failed batch leaves the cache exactly as the store is (the taken entries reload).
import type { AccountState, ConversationState } from '../core/engine/state.ts';

export class LruMap<T> {
  readonly #map = new Map<string, T>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#map.size;
  }

  peek(key: string): T | undefined {
    return this.#map.get(key);
  }

  take(key: string): T | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) this.#map.delete(key);
    return value;
  }

  put(key: string, value: T): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value!);
  }
}

/** A state with the version of the stored row it was read from or written as. */
export interface Versioned<T> {
  state: T;
  version: number;
}

export class StateCache {
  readonly accounts: LruMap<Versioned<AccountState>>;
  readonly conversations: LruMap<Versioned<ConversationState>>;

  constructor(capacity = 200_000) {
    this.accounts = new LruMap(capacity);
    this.conversations = new LruMap(capacity);
  }
}

export const stateKey = (tenant: string, id: string): string => `${tenant}\u0000${id}`;
