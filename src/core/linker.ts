// The hook through which the engine hands identifiers and crew facts to crew linking (the rings module
// implements it). Linking answers with signals for the decision and with the changes it implies, as data:
// the caller stores those changes in the same transaction as the decision, so a link never outlives the
// decision that made it, and none is lost once the decision is acknowledged.
import type { IdentifierType, Identifier, Signal, Stage } from './signals.ts';

export interface LinkObservation {
  tenant: string;
  account: string;
  identifiers: readonly Identifier[];
  eventId: string;
  time: number;
  /** Accounts that received from this account in the event (victims touched), when known. */
  counterparts?: readonly string[];
}

/** Facts about an account that crew linking cannot see itself (stages reached, money asked). */
export type CrewFact =
  | { kind: 'stage'; tenant: string; account: string; stage: Stage; time: number }
  | { kind: 'money'; tenant: string; account: string; amount: number; currency: string; time: number };

/** The latest state of one account–identifier link. */
export interface LinkChange {
  kind: 'link';
  tenant: string;
  account: string;
  type: IdentifierType;
  value: string;
  strength: 'strong' | 'weak';
  source: string | null;
  eventId: string | null;
  firstSeen: number;
  lastSeen: number;
  expiresAt: number | null;
  removed: { by: string; reason: string; at: number } | null;
}

/** One time a link was seen (provenance for case packages). */
export interface SightingChange {
  kind: 'sighting';
  tenant: string;
  account: string;
  type: IdentifierType;
  value: string;
  strength: 'strong' | 'weak';
  source: string | null;
  eventId: string | null;
  time: number;
}

export interface FactChange {
  kind: 'fact';
  tenant: string;
  account: string;
  fact: 'stage' | 'money' | 'bad' | 'victim';
  stage: Stage | null;
  amount: number | null;
  currency: string | null;
  reason: string | null;
  victim: string | null;
  time: number;
}

/** A victim was asked to pay (or paid) into this payment identifier. */
export interface PaymentVictimChange {
  kind: 'payment_victim';
  tenant: string;
  type: IdentifierType;
  value: string;
  victim: string;
  eventId: string | null;
  time: number;
}

export type RingChange = LinkChange | SightingChange | FactChange | PaymentVictimChange;

export interface LinkResult {
  signals: Signal[];
  changes: RingChange[];
}

export interface Linker {
  /** Records the links and returns signals such as `ring.member` when the account joins a known ring. */
  observe(observation: LinkObservation): LinkResult;
  /** Records crew facts (a member reached the threat stage, asked for money). */
  recordFacts(facts: readonly CrewFact[]): RingChange[];
}
