// Evidence paths between two accounts: a breadth-first search over the account–identifier graph, so the path is
// the shortest chain of shared identifiers a moderator can check one hop at a time.
import type { IdentifierType } from '../../core/signals.ts';
import type { RingGraph } from './graph.ts';

export interface LinkEvidence {
  account: string;
  type: IdentifierType;
  value: string;
  strength: 'strong' | 'weak';
  firstSeen: string;
  lastSeen: string;
  source?: string;
  eventId?: string;
  /** How the identifier was written before normalising ("BDO-01640177123"), when that differs. */
  writtenAs?: string;
}

export interface EvidenceHop {
  from: string;
  to: string;
  via: { type: IdentifierType; value: string };
  links: [LinkEvidence, LinkEvidence];
}

export interface Explanation {
  a: string;
  b: string;
  /** True when the path uses only strong links on merging identifiers: the two accounts are in one ring. */
  sameRing: boolean;
  /** Accounts along the path, `a` first and `b` last; empty when no path exists. */
  accounts: string[];
  hops: EvidenceHop[];
  message: string;
}

/** Stops a weak-evidence search from wandering through a huge graph. */
const MAX_VISITED = 200_000;

export function linkEvidence(graph: RingGraph, l: number): LinkEvidence {
  const i = graph.linkIdentOf(l);
  const provenance = graph.provenanceOf(l);
  return {
    account: graph.accountName(graph.linkAccountOf(l)),
    type: graph.identTypeOf(i),
    value: graph.identValue(i),
    strength: graph.isStrong(l) ? 'strong' : 'weak',
    firstSeen: new Date(graph.firstSeenMs(l)).toISOString(),
    lastSeen: new Date(graph.lastSeenMs(l)).toISOString(),
    ...(provenance?.source !== undefined ? { source: provenance.source } : {}),
    ...(provenance?.eventId !== undefined ? { eventId: provenance.eventId } : {}),
    ...(provenance?.original !== undefined ? { writtenAs: provenance.original } : {}),
  };
}

/**
 * The shortest evidence path from `a` to `b`. Strong links on merging identifiers are tried first (that path is why
 * they share a ring); failing that, any unexpired link on an identifier that is neither shared infrastructure nor
 * allow-listed, reported with `sameRing: false` because weak evidence never merges.
 */
export function explain(graph: RingGraph, a: string, b: string, nowMs = Date.now()): Explanation {
  const from = graph.accountId(a);
  const to = graph.accountId(b);
  const none = (message: string): Explanation => ({ a, b, sameRing: false, accounts: [], hops: [], message });
  if (from === undefined) return none(`account "${a}" has no links`);
  if (to === undefined) return none(`account "${b}" has no links`);
  if (from === to) return { a, b, sameRing: true, accounts: [a], hops: [], message: 'the same account' };
  const strongOnly = (l: number): boolean => graph.isActive(l) && graph.isStrong(l) && graph.merges(graph.linkIdentOf(l));
  const anyEvidence = (l: number): boolean => {
    const i = graph.linkIdentOf(l);
    return graph.isActive(l) && !graph.isExpired(l, nowMs) && !graph.isShared(i) && !graph.isAllowListed(i);
  };
  const strong = search(graph, from, to, strongOnly);
  if (strong) return describe(graph, a, b, strong, true);
  const weak = search(graph, from, to, anyEvidence);
  if (weak) return describe(graph, a, b, weak, false);
  return none(`no evidence links "${a}" and "${b}"`);
}

/** BFS from account `from`; returns the links along the path (two per hop: into and out of the identifier). */
function search(graph: RingGraph, from: number, to: number, usable: (l: number) => boolean): number[] | null {
  // Accounts are keyed by their id, identifiers by -(id + 1); the value is the link that reached the node.
  const reachedBy = new Map<number, number>([[from, -1]]);
  let frontier = [from];
  while (frontier.length > 0 && reachedBy.size < MAX_VISITED) {
    const next: number[] = [];
    for (const account of frontier) {
      for (const l of graph.linksOfAccount(account)) {
        if (!usable(l)) continue;
        const identKey = -(graph.linkIdentOf(l) + 1);
        if (reachedBy.has(identKey)) continue;
        reachedBy.set(identKey, l);
        for (const back of graph.linksOfIdent(graph.linkIdentOf(l))) {
          const other = graph.linkAccountOf(back);
          if (!usable(back) || reachedBy.has(other)) continue;
          reachedBy.set(other, back);
          if (other === to) return unwind(graph, reachedBy, to);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return null;
}

function unwind(graph: RingGraph, reachedBy: Map<number, number>, to: number): number[] {
  const links: number[] = [];
  let account = to;
  for (;;) {
    const out = reachedBy.get(account)!;
    if (out === -1) break;
    const into = reachedBy.get(-(graph.linkIdentOf(out) + 1))!;
    links.unshift(into, out);
    account = graph.linkAccountOf(into);
  }
  return links;
}

function describe(graph: RingGraph, a: string, b: string, links: number[], sameRing: boolean): Explanation {
  const hops: EvidenceHop[] = [];
  for (let k = 0; k < links.length; k += 2) {
    const into = linkEvidence(graph, links[k]);
    const out = linkEvidence(graph, links[k + 1]);
    hops.push({ from: into.account, to: out.account, via: { type: into.type, value: into.value }, links: [into, out] });
  }
  const accounts = [a, ...hops.map((h) => h.to)];
  const message = sameRing
    ? `"${a}" and "${b}" are in one ring through ${hops.length} shared strong identifier(s)`
    : `"${a}" and "${b}" are not in one ring; ${hops.length} hop(s) of weak evidence connect them`;
  return { a, b, sameRing, accounts, hops, message };
}

/** One line per hop, for the CLI. */
export function formatExplanation(e: Explanation): string {
  const lines = [e.message];
  for (const hop of e.hops) {
    const [into, out] = hop.links;
    const note = (x: LinkEvidence): string => `${x.strength}, seen ${x.firstSeen}${x.source ? `, ${x.source}` : ''}`;
    lines.push(`  ${hop.from} --[${hop.via.type} ${hop.via.value}]--> ${hop.to}`);
    lines.push(`      ${hop.from}: ${note(into)}; ${hop.to}: ${note(out)}`);
  }
  return lines.join('\n');
}
