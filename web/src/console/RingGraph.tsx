// The ring graph drawn with cytoscape; selecting an edge shows the evidence that links its two ends.
import cytoscape from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import { describeEvidence, graphElements, layoutFor, linkLine, LARGE_GRAPH_NODES, type ApiRingGraph } from '../lib/graph-model.ts';

const STYLE = [
  { selector: 'node', style: { label: 'data(label)', 'font-size': 9, 'background-color': '#6b7c93', width: 14, height: 14, color: '#222' } },
  { selector: 'node.account', style: { 'background-color': '#c0392b', shape: 'ellipse', width: 20, height: 20, 'font-size': 11, 'font-weight': 'bold', 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 2, 'z-index': 2 } },
  // Dozens of identifier labels drawn at once overlap into noise; an identifier is named when it or one
  // of its links is selected, and in the list beside the graph.
  { selector: 'node.identifier', style: { 'background-color': '#2c7fb8', shape: 'round-rectangle', label: '' } },
  { selector: 'node.identifier:selected, node.identifier.named', style: { label: 'data(label)', 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 2, 'z-index': 3 } },
  { selector: 'node.banned', style: { 'background-color': '#333', 'border-width': 2, 'border-color': '#c0392b' } },
  { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#f39c12' } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#aab', 'curve-style': 'haystack' } },
  { selector: 'edge:selected', style: { 'line-color': '#f39c12', width: 3 } },
];

export function RingGraph({ graph, focus }: { graph: ApiRingGraph; focus?: string | null }) {
  const container = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<{ kind: string; source: string; target: string; evidence: Record<string, unknown> } | null>(null);
  // Drawing thousands of nodes blocks the page for seconds, so a large ring is drawn only on request and
  // the rest of the case page stays usable; its links are listed below either way.
  const large = graph.nodes.length > LARGE_GRAPH_NODES;
  const nodes = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);
  const [draw, setDraw] = useState(!large);
  useEffect(() => {
    if (!container.current || !draw) return;
    const started = performance.now();
    const { elements } = graphElements(graph, focus);
    const cy = cytoscape({
      container: container.current,
      elements: elements as cytoscape.ElementDefinition[],
      style: (large ? STYLE.map((s) => (s.selector === 'node' ? { ...s, style: { ...s.style, label: '' } } : s)) : STYLE) as cytoscape.StylesheetJson,
      layout: layoutFor(graph.nodes.length) as unknown as cytoscape.LayoutOptions,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      pixelRatio: 1,
    });
    cy.on('tap', 'edge', (event) => {
      const edge = event.target;
      cy.nodes().removeClass('named');
      edge.connectedNodes().addClass('named');
      setSelected({ kind: edge.data('kind'), source: edge.source().data('label'), target: edge.target().data('label'), evidence: edge.data('evidence') ?? {} });
    });
    (window as unknown as { __ringRenderedMs?: number }).__ringRenderedMs = performance.now() - started;
    return () => cy.destroy();
  }, [graph, focus, large, draw]);
  return (
    <div className="ring">
      <div ref={container} className="ring-canvas" role="img" aria-label={`Ring ${graph.id}: ${graph.nodes.length} nodes, ${graph.edges.length} links`} data-testid="ring-canvas">
        {!draw && (
          <button type="button" className="draw-ring" onClick={() => setDraw(true)}>
            Draw the ring ({graph.nodes.length.toLocaleString()} nodes; takes a few seconds)
          </button>
        )}
      </div>
      <div className="ring-side">
        <h3>Link evidence</h3>
        {selected ? (
          <dl>
            <dt>Link</dt>
            <dd>
              {selected.source} — {selected.kind} — {selected.target}
            </dd>
            {describeEvidence(selected.evidence).map((e) => (
              <div key={e.key}>
                <dt>{e.key}</dt>
                <dd>{e.value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">Select a link to see why the two are connected.</p>
        )}
        <details>
          <summary>All links as a list ({graph.edges.length})</summary>
          <ul className="edge-list">
            {graph.edges.slice(0, 300).map((e) => (
              <li key={e.id}>{linkLine(nodes, e)}</li>
            ))}
          </ul>
        </details>
      </div>
    </div>
  );
}
