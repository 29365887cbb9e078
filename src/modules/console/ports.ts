// What the console needs from other areas, stated as small interfaces so the console compiles and is
// testable before (and independently of) the rings, PDQ and rules modules. The composition root adapts them.
import type { Identifier, Signal } from '../../core/signals.ts';
import type { LinkObservation } from '../../core/linker.ts';
import type { Enforcement } from '../../core/enforcement.ts';

export interface RingNode {
  id: string;
  /** `account` or an identifier type (`phone`, `payment_account`, `apk_signer`, …). */
  kind: string;
  label: string;
  risk?: number;
  status?: string;
}

export interface RingEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  /** Why the two nodes are linked: event ids, spans, times. */
  evidence: Record<string, unknown>;
}

export interface RingGraph {
  id: string;
  nodes: RingNode[];
  edges: RingEdge[];
}

export interface RingSummary {
  id: string;
  accounts: number;
  victims?: number;
  score?: number;
}

/** Read side of crew linking, implemented over the rings module's `RingService`. */
export interface RingReader {
  ringIdForAccount(tenant: string, account: string): Promise<string | undefined> | string | undefined;
  graph(tenant: string, ringId: string): Promise<RingGraph | undefined> | RingGraph | undefined;
  topRings(tenant: string | null, limit: number): Promise<RingSummary[]> | RingSummary[];
}

/** The rings module's `Linker` (src/core/linker.ts); async implementations are accepted too. */
export interface LinkerPort {
  observe(observation: LinkObservation): Signal[] | Promise<Signal[]>;
}

export interface BankPort {
  add(bank: 'victim_submitted', hashes: VictimImageHash[], provenance: Record<string, unknown>): unknown;
}

export interface VictimImageHash {
  pdq: string;
  md5?: string;
  quality?: number;
}

/** Called after the console records an enforcement, so the platform hears about it (webhooks). */
export type EnforcementNotifier = (enforcement: Enforcement) => Promise<void> | void;

/** Normalises one raw identifier; the default comes from src/core/identifiers/normalise.ts. */
export type IdentifierNormaliser = (type: Identifier['type'], raw: string) => { ok: true; value: string } | { ok: false; error: string };

/**
 * The identifiers a free-text query names, typed as crew linking stores them (the text module's reader: handles in
 * invite links and after a service's name, links, payment accounts): `t.me/sunny_8780` → `telegram:sunny_8780`.
 */
export type IdentifierReader = (text: string) => readonly { type: string; value: string }[];
