// Batch ring building from a list of links (the `rings build` command and tests): graph + facts, then the rings
// and shared infrastructure in the documented output shape.
import type { IdentifierType } from '../../core/signals.ts';
import { RingGraph, type GraphOptions } from './graph.ts';
import type { LinkInput } from './input.ts';
import { buildProfile, PAYMENT_TYPES, RingFacts, type MuleAccount } from './profile.ts';
import { sharedInfrastructure } from './views.ts';

export interface BuildOutput {
  rings: {
    id: string;
    accounts: string[];
    identifiers: { type: IdentifierType; value: string }[];
    score: number;
    mule_accounts: MuleAccount[];
  }[];
  shared_infrastructure: { type: IdentifierType; value: string; accounts: string[] }[];
}

export class RingBatch {
  readonly graph: RingGraph;
  readonly facts = new RingFacts();
  readonly tenant: string;

  constructor(tenant = 'default', options: GraphOptions = {}) {
    this.tenant = tenant;
    this.graph = new RingGraph(options);
  }

  add(link: LinkInput): void {
    this.graph.addLink(link.account, link.type, link.value, link);
    if (link.victim !== undefined) {
      this.facts.recordVictim(link.account, link.victim);
      if (PAYMENT_TYPES.has(link.type)) this.facts.recordPaymentVictim(link.type, link.value, link.victim);
    }
  }

  output(nowMs = Date.now(), muleMinVictims = 2): BuildOutput {
    const rings = this.graph.ringRoots().map((root) => {
      const profile = buildProfile(this.tenant, this.graph, this.facts, this.graph.membersOf(root), { nowMs, muleMinVictims });
      return {
        id: profile.id,
        accounts: profile.accounts,
        identifiers: profile.identifiers.map(({ type, value }) => ({ type, value })),
        score: profile.score,
        mule_accounts: profile.muleAccounts,
      };
    });
    rings.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    const shared = sharedInfrastructure(this.graph).map(({ type, value, accounts }) => ({ type, value, accounts }));
    return { rings, shared_infrastructure: shared };
  }
}
