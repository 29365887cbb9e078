// Batch ring building from a list of links (the `rings build` command and tests): graph + facts, then the rings
// and shared infrastructure in the documented output shape.
import type { IdentifierType } from '../../core/signals.ts';
import { RingGraph, type GraphOptions } from './graph.ts';
import type { LinkInput } from './input.ts';
import { buildProfile, identKey, PAYMENT_TYPES, RingFacts, type MuleAccount } from './profile.ts';
import { sharedInfrastructure, stableRingId } from './views.ts';

export interface BuildOutput {
  rings: {
    id: string;
    accounts: string[];
    /** `written_as`: the spellings the input used, when normalising changed them (provenance). */
    identifiers: { type: IdentifierType; value: string; written_as?: string[] }[];
    score: number;
    mule_accounts: MuleAccount[];
  }[];
  shared_infrastructure: { type: IdentifierType; value: string; accounts: string[] }[];
}

export class RingBatch {
  readonly graph: RingGraph;
  readonly facts = new RingFacts();
  readonly tenant: string;
  private readonly writtenAs = new Map<string, Set<string>>();

  constructor(tenant = 'default', options: GraphOptions = {}) {
    this.tenant = tenant;
    this.graph = new RingGraph(options);
  }

  add(link: LinkInput): void {
    this.graph.addLink(link.account, link.type, link.value, link);
    if (link.original !== undefined) {
      const key = identKey(link.type, link.value);
      const spellings = this.writtenAs.get(key) ?? new Set<string>();
      spellings.add(link.original);
      this.writtenAs.set(key, spellings);
    }
    if (link.victim !== undefined) {
      this.facts.recordVictim(link.account, link.victim);
      if (PAYMENT_TYPES.has(link.type)) this.facts.recordPaymentVictim(link.type, link.value, link.victim);
    }
  }

  output(nowMs = Date.now(), muleMinVictims = 2): BuildOutput {
    const rings = this.graph.ringRoots().map((root) => {
      const profile = buildProfile(this.tenant, this.graph, this.facts, this.graph.membersOf(root), { nowMs, muleMinVictims, idOf: (members) => stableRingId(this.tenant, this.graph, members) });
      return {
        id: profile.id,
        accounts: profile.accounts,
        identifiers: profile.identifiers.map(({ type, value }) => {
          const spellings = this.writtenAs.get(identKey(type, value));
          return spellings ? { type, value, written_as: [...spellings].sort() } : { type, value };
        }),
        score: profile.score,
        mule_accounts: profile.muleAccounts,
      };
    });
    rings.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    const shared = sharedInfrastructure(this.graph).map(({ type, value, accounts }) => ({ type, value, accounts }));
    return { rings, shared_infrastructure: shared };
  }
}
