// Read-only views over a RingGraph: ring listings, the identifiers of a ring, shared infrastructure, weakly
// corroborated "suspected associates" and a cytoscape-ready graph of one ring.
import { createHash } from 'node:crypto';
import type { IdentifierType } from '../../core/signals.ts';
import type { RingGraph } from './graph.ts';
import { linkEvidence, type LinkEvidence } from './explain.ts';

export interface RingIdentifier {
  type: IdentifierType;
  value: string;
  /** `link`: a strong identifier that holds members together; `evidence`: weak or single-use, never merges. */
  role: 'link' | 'evidence';
  /** How many members of the ring use it. */
  accounts: number;
  firstSeen: string;
  lastSeen: string;
}

export interface SharedIdentifier {
  type: IdentifierType;
  value: string;
  accounts: string[];
  /** `platform_generic`: a messenger, shortener, e-mail provider or CDN domain anyone can use (generic-identifiers.ts). */
  reason: 'over_cap' | 'allow_listed' | 'platform_generic';
}

export interface SuspectedAssociate {
  account: string;
  /** Independent kinds of weak evidence shared with ring members (network, user_agent, photo, …). */
  families: string[];
  evidence: LinkEvidence[];
}

/** A ring is named after its tenant and its smallest member, so the id is stable while the ring only grows. */
export function ringIdFor(tenant: string, members: readonly string[]): string {
  let smallest = members[0];
  for (const m of members) if (m < smallest) smallest = m;
  return `ring_${createHash('sha256').update(`${tenant}\u0000${smallest}`).digest('hex').slice(0, 16)}`;
}

/**
 * The member seen first (earliest first sighting over its links; ties by name). Growth only adds newer members and
 * a merge keeps the older ring's first member, so a ring named after it keeps its id while it grows, and when two
 * rings merge the older ring's id survives. Derived from stored sighting times, so it survives a restart.
 */
export function oldestMember(graph: RingGraph, members: readonly number[]): number {
  let best = members[0];
  let bestSeen = Infinity;
  for (const m of members) {
    let seen = Infinity;
    for (const l of graph.linksOfAccount(m)) seen = Math.min(seen, graph.firstSeenMs(l));
    if (seen < bestSeen || (seen === bestSeen && graph.accountName(m) < graph.accountName(best))) {
      best = m;
      bestSeen = seen;
    }
  }
  return best;
}

/** A ring id that is stable while the ring grows and survives as the oldest id when rings merge. */
export function stableRingId(tenant: string, graph: RingGraph, members: readonly number[]): string {
  return ringIdFor(tenant, [graph.accountName(oldestMember(graph, members))]);
}

export function memberNames(graph: RingGraph, members: readonly number[]): string[] {
  return members.map((m) => graph.accountName(m)).sort();
}

/** Identifiers used by the ring's members, leaving out shared infrastructure and allow-listed values. */
export function ringIdentifiers(graph: RingGraph, members: readonly number[], nowMs = Date.now()): RingIdentifier[] {
  const byIdent = new Map<number, { links: number[]; strong: boolean }>();
  for (const m of members) {
    for (const l of graph.linksOfAccount(m)) {
      const i = graph.linkIdentOf(l);
      if (!graph.isActive(l) || graph.isExpired(l, nowMs) || !graph.merges(i)) continue;
      const entry = byIdent.get(i) ?? { links: [], strong: false };
      entry.links.push(l);
      entry.strong ||= graph.isStrong(l);
      byIdent.set(i, entry);
    }
  }
  const out: RingIdentifier[] = [];
  for (const [i, { links, strong }] of byIdent) {
    out.push({
      type: graph.identTypeOf(i),
      value: graph.identValue(i),
      role: strong && countStrong(graph, links) >= 2 ? 'link' : 'evidence',
      accounts: links.length,
      firstSeen: new Date(Math.min(...links.map((l) => graph.firstSeenMs(l)))).toISOString(),
      lastSeen: new Date(Math.max(...links.map((l) => graph.lastSeenMs(l)))).toISOString(),
    });
  }
  return out.sort((x, y) => (x.type === y.type ? cmp(x.value, y.value) : cmp(x.type, y.type)));
}

function countStrong(graph: RingGraph, links: number[]): number {
  let n = 0;
  for (const l of links) if (graph.isStrong(l)) n++;
  return n;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Identifiers that stopped merging: over their type's cap, or allow-listed or platform-generic and used by two or
 * more accounts.
 */
export function sharedInfrastructure(graph: RingGraph): SharedIdentifier[] {
  const out: SharedIdentifier[] = [];
  for (let i = 0; i < graph.identifierCount; i++) {
    const overCap = graph.isShared(i);
    const listed = graph.isAllowListed(i) || graph.isPlatformGeneric(i);
    if (!overCap && !(listed && graph.degree(i) >= 2)) continue;
    const accounts = graph
      .linksOfIdent(i)
      .filter((l) => graph.isActive(l))
      .map((l) => graph.accountName(graph.linkAccountOf(l)))
      .sort();
    const reason = overCap ? 'over_cap' : graph.isPlatformGeneric(i) ? 'platform_generic' : 'allow_listed';
    out.push({ type: graph.identTypeOf(i), value: graph.identValue(i), accounts, reason });
  }
  return out.sort((x, y) => y.accounts.length - x.accounts.length || cmp(x.type, y.type) || cmp(x.value, y.value));
}

/** Weak evidence of one kind counts once: an IP and its /24 are the same network, not two corroborations. */
export function evidenceFamily(type: IdentifierType): string {
  if (type === 'ip' || type === 'ip_prefix') return 'network';
  if (type === 'photo_pdq') return 'photo';
  return type;
}

/**
 * Accounts outside the ring that share weak evidence of at least `minFamilies` independent kinds with its members
 * (for example the same /24 and the same near-duplicate photo). They are reported for review, never merged.
 */
export function suspectedAssociates(
  graph: RingGraph,
  members: readonly number[],
  nowMs = Date.now(),
  minFamilies = 2,
): SuspectedAssociate[] {
  const inRing = new Set(members);
  const found = new Map<number, { families: Set<string>; links: number[] }>();
  for (const m of members) {
    for (const l of graph.linksOfAccount(m)) {
      const i = graph.linkIdentOf(l);
      if (!graph.isActive(l) || graph.isExpired(l, nowMs) || !graph.merges(i)) continue;
      for (const other of graph.linksOfIdent(i)) {
        const account = graph.linkAccountOf(other);
        if (inRing.has(account) || !graph.isActive(other) || graph.isExpired(other, nowMs)) continue;
        if (graph.isStrong(l) && graph.isStrong(other)) continue; // cannot happen for a merging identifier
        const entry = found.get(account) ?? { families: new Set<string>(), links: [] };
        entry.families.add(evidenceFamily(graph.identTypeOf(i)));
        entry.links.push(other);
        found.set(account, entry);
      }
    }
  }
  const out: SuspectedAssociate[] = [];
  for (const [account, { families, links }] of found) {
    if (families.size < minFamilies) continue;
    out.push({ account: graph.accountName(account), families: [...families].sort(), evidence: links.map((l) => linkEvidence(graph, l)) });
  }
  return out.sort((x, y) => cmp(x.account, y.account));
}

export interface CytoscapeElements {
  nodes: { data: { id: string; label: string; kind: 'account' | 'identifier'; type?: IdentifierType } }[];
  edges: { data: { id: string; source: string; target: string; strength: 'strong' | 'weak'; evidence: LinkEvidence } }[];
}

/** Members and their identifiers (shared infrastructure left out) as cytoscape elements, with evidence per edge. */
export function ringElements(graph: RingGraph, members: readonly number[], nowMs = Date.now()): CytoscapeElements {
  const nodes: CytoscapeElements['nodes'] = [];
  const edges: CytoscapeElements['edges'] = [];
  const seenIdents = new Set<number>();
  for (const m of members) {
    const account = graph.accountName(m);
    nodes.push({ data: { id: `a:${account}`, label: account, kind: 'account' } });
    for (const l of graph.linksOfAccount(m)) {
      const i = graph.linkIdentOf(l);
      if (!graph.isActive(l) || graph.isExpired(l, nowMs) || !graph.merges(i)) continue;
      const type = graph.identTypeOf(i);
      const identNode = `i:${type}:${graph.identValue(i)}`;
      if (!seenIdents.has(i)) {
        seenIdents.add(i);
        nodes.push({ data: { id: identNode, label: graph.identValue(i), kind: 'identifier', type } });
      }
      const evidence = linkEvidence(graph, l);
      edges.push({ data: { id: `l:${l}`, source: `a:${account}`, target: identNode, strength: evidence.strength, evidence } });
    }
  }
  return { nodes, edges };
}
