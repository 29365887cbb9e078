// Adapts RingService to the console's `RingReader` port (src/modules/console/ports.ts), so the composition root only has to
// call `ringReader(service)`.
import type { RingGraph as ConsoleRingGraph, RingReader, RingSummary } from '../console/ports.ts';
import type { RingService } from './service.ts';

export function ringReader(service: RingService): RingReader {
  return {
    ringIdForAccount: (tenant, account) => service.ringOf(tenant, account)?.id,
    graph: (tenant, ringId) => consoleGraph(service, tenant, ringId),
    topRings: (tenant, limit) => topRings(service, tenant, limit),
  };
}

function consoleGraph(service: RingService, tenant: string, ringId: string): ConsoleRingGraph | undefined {
  const ring = service.ring(tenant, ringId);
  if (!ring) return undefined;
  const bad = new Set(ring.badMembers.map((b) => b.account));
  return {
    id: ring.id,
    nodes: ring.graph.nodes.map(({ data }) => ({
      id: data.id,
      kind: data.kind === 'account' ? 'account' : (data.type ?? 'identifier'),
      label: data.label,
      ...(data.kind === 'account' && bad.has(data.label) ? { status: 'bad' } : {}),
    })),
    edges: ring.graph.edges.map(({ data }) => ({
      id: data.id,
      source: data.source,
      target: data.target,
      // The identifier type ("phone", "payment_account") tells a moderator more than "strong".
      kind: data.evidence.type,
      evidence: { ...data.evidence },
    })),
  };
}

function topRings(service: RingService, tenant: string | null, limit: number): RingSummary[] {
  const tenants = tenant === null ? service.tenantNames() : [tenant];
  return tenants
    .flatMap((t) => service.rings(t, { limit }))
    .sort((x, y) => y.score - x.score)
    .slice(0, limit)
    .map((r) => ({ id: r.id, accounts: r.accounts.length, victims: r.victimsTouched, score: r.score }));
}
