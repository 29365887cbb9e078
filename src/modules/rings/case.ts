// A case package: everything a partner platform or an investigator needs to act on a ring without access to our
// systems — members, identifiers with the provenance of every sighting, the evidence path to every member, the
// shared infrastructure that was deliberately not used to link, and how the score was reached.
import type { IdentifierType } from '../../core/signals.ts';
import type { EvidenceHop } from './explain.ts';
import type { RingDetail, RingService } from './service.ts';

export const CASE_FORMAT = 'chainbreak.ring-case/1';
/** Evidence paths are listed for at most this many members; larger rings carry the graph instead. */
const MAX_PATHS = 500;

export interface CasePackage {
  format: typeof CASE_FORMAT;
  generatedAt: string;
  tenant: string;
  ring: Omit<RingDetail, 'graph' | 'suspectedAssociates'>;
  identifiers: {
    type: IdentifierType;
    value: string;
    role: 'link' | 'evidence';
    sightings: { account: string; strength: string; time: string; source: string | null; eventId: string | null }[];
  }[];
  evidencePaths: { from: string; to: string; hops: EvidenceHop[] }[];
  suspectedAssociates: RingDetail['suspectedAssociates'];
  excludedSharedInfrastructure: { type: IdentifierType; value: string; accounts: number; reason: string }[];
  graph: RingDetail['graph'];
  notes: string[];
}

export async function buildCasePackage(service: RingService, tenant: string, id: string, nowMs = Date.now()): Promise<CasePackage | null> {
  const detail = service.ring(tenant, id);
  if (!detail) return null;
  const { graph, suspectedAssociates, ...ring } = detail;
  const sightings = await service.sightingsOf(tenant, ring.accounts);
  const identifiers = ring.identifiers.map(({ type, value, role }) => ({
    type,
    value,
    role,
    sightings: sightings
      .filter((s) => s.type === type && s.value === value)
      .map((s) => ({ account: s.account, strength: s.strength, time: new Date(s.time).toISOString(), source: s.source, eventId: s.event_id })),
  }));
  const [anchor, ...others] = ring.accounts;
  const evidencePaths = others.slice(0, MAX_PATHS).map((to) => ({ from: anchor, to, hops: service.explain(tenant, anchor, to).hops }));
  const members = new Set(ring.accounts);
  const excludedSharedInfrastructure = service
    .sharedInfrastructure(tenant)
    .filter((s) => s.accounts.some((a) => members.has(a)))
    .map((s) => ({ type: s.type, value: s.value, accounts: s.accounts.length, reason: s.reason }));
  return {
    format: CASE_FORMAT,
    generatedAt: new Date(nowMs).toISOString(),
    tenant,
    ring,
    identifiers,
    evidencePaths,
    suspectedAssociates,
    excludedSharedInfrastructure,
    graph,
    notes: [
      'Members share strong identifiers (payment account, phone, device, exact photo hash, messenger handle, APK signer, upload domain); each evidence path lists the shared identifier of every hop with when and where it was seen.',
      'Weak evidence (IP, network, user agent, near photo match) never makes an account a member; suspected associates share two or more independent kinds of it and need review.',
      'Identifiers used by more accounts than the shared-infrastructure cap, or allow-listed, were not used to link and are listed under excludedSharedInfrastructure.',
    ],
  };
}
