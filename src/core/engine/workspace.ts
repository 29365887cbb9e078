// What the engine reads and changes while it decides: the states of the accounts and conversation an event
// touches, and crew linking. The caller owns the workspace; the ingest service gives each batch its own, stores
// what the engine changed in one transaction and only then lets its caches see the new states.
import type { Linker } from '../linker.ts';
import { newAccount, newConversation, type AccountState, type ConversationState } from './state.ts';

export interface Workspace {
  /** The working state of an account (a new one when the account was never seen). */
  account(tenant: string, id: string, time: number): Promise<AccountState> | AccountState;
  conversation(tenant: string, id: string, time: number): Promise<ConversationState> | ConversationState;
  /** Crew linking for this workspace, or null when none is configured. */
  readonly rings: Linker | null;
}

/** A workspace held entirely in memory: replays (`chainbreak rules test`), golden tests and property tests. */
export class MemoryWorkspace implements Workspace {
  readonly accounts = new Map<string, AccountState>();
  readonly conversations = new Map<string, ConversationState>();
  readonly rings: Linker | null;

  constructor(rings: Linker | null = null) {
    this.rings = rings;
  }

  account(tenant: string, id: string, time: number): AccountState {
    const key = `${tenant}|${id}`;
    let state = this.accounts.get(key);
    if (!state) this.accounts.set(key, (state = newAccount(tenant, id, time)));
    return state;
  }

  conversation(tenant: string, id: string, time: number): ConversationState {
    const key = `${tenant}|${id}`;
    let state = this.conversations.get(key);
    if (!state) this.conversations.set(key, (state = newConversation(tenant, id, time)));
    return state;
  }
}
