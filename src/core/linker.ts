// The hook through which the engine hands identifiers to crew linking (the rings module implements it).
import type { Identifier, Signal } from './signals.ts';

export interface LinkObservation {
  tenant: string;
  account: string;
  identifiers: readonly Identifier[];
  eventId: string;
  time: number;
  /** Accounts that received from this account in the event (victims touched), when known. */
  counterparts?: readonly string[];
}

export interface Linker {
  /** Records the links and returns signals such as `ring.member` when the account joins a known ring. */
  observe(observation: LinkObservation): Signal[];
}
