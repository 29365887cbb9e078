// Turns a ring graph from the API into cytoscape elements, with readable labels and the evidence of each
// edge kept on the edge for the side panel. Large rings get a cheaper layout and no edge labels.

export interface ApiRingNode {
  id: string;
  kind: string;
  label: string;
  risk?: number;
  status?: string;
}
export interface ApiRingEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  evidence: Record<string, unknown>;
}
export interface ApiRingGraph {
  id: string;
  nodes: ApiRingNode[];
  edges: ApiRingEdge[];
}

export interface CyElement {
  group: 'nodes' | 'edges';
  data: Record<string, unknown>;
  classes?: string;
}

export const LARGE_GRAPH_NODES = 800;

export function graphElements(graph: ApiRingGraph, focusAccount?: string | null): { elements: CyElement[]; dropped: string[] } {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const elements: CyElement[] = graph.nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.id, label: shortLabel(n), kind: n.kind, risk: n.risk ?? 0, status: n.status ?? '' },
    classes: [n.kind === 'account' ? 'account' : 'identifier', n.status === 'banned' ? 'banned' : '', focusAccount && n.label === focusAccount ? 'focus' : ''].filter(Boolean).join(' '),
  }));
  const dropped: string[] = [];
  for (const e of graph.edges) {
    // An edge to a node the server did not send would make cytoscape throw; report it instead.
    if (!ids.has(e.source) || !ids.has(e.target)) {
      dropped.push(e.id);
      continue;
    }
    elements.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, kind: e.kind, evidence: e.evidence, label: e.kind } });
  }
  return { elements, dropped };
}

export function shortLabel(node: ApiRingNode): string {
  const text = node.kind === 'account' ? node.label : `${node.kind}: ${node.label}`;
  return text.length > 28 ? `${text.slice(0, 25)}…` : text;
}

/**
 * Cytoscape layout options: force-directed for small rings; a linear-time grid for large ones, because a
 * force layout over thousands of nodes freezes the page for tens of seconds.
 */
export function layoutFor(nodeCount: number): Record<string, unknown> {
  if (nodeCount > LARGE_GRAPH_NODES) return { name: 'grid', animate: false, avoidOverlap: false, condense: true };
  return { name: 'cose', animate: false, randomize: false, nodeRepulsion: 8000, idealEdgeLength: 80 };
}

export function describeEvidence(evidence: Record<string, unknown>): { key: string; value: string }[] {
  return Object.entries(evidence).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

/**
 * One link of the list beside the graph, as a moderator reads it: "acct-1 — phone +1… (strong, account.created:evt-9)".
 * The raw edge (node ids "a:…"/"i:…" and every evidence field) read as a wall of key=value pairs; the full evidence
 * stays one click away on the graph.
 */
export function linkLine(nodes: ReadonlyMap<string, ApiRingNode>, edge: ApiRingEdge): string {
  const ends = [nodes.get(edge.source), nodes.get(edge.target)];
  const account = ends.find((n) => n?.kind === 'account');
  const identifier = ends.find((n) => n && n.kind !== 'account');
  const name = (n: ApiRingNode | undefined, id: string) => n?.label ?? id;
  const left = account ? account.label : name(ends[0], edge.source);
  const right = identifier ? `${edge.kind} ${identifier.label}` : `${edge.kind} ${name(ends[1], edge.target)}`;
  const facts = [edge.evidence.strength, edge.evidence.source].filter((v): v is string => typeof v === 'string' && v !== '');
  return `${left} — ${right}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}
