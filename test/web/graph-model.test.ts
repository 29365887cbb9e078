import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphElements, layoutFor, linkLine, LARGE_GRAPH_NODES, describeEvidence, type ApiRingGraph } from '../../web/src/lib/graph-model.ts';

const ring: ApiRingGraph = {
  id: 'R1',
  nodes: [
    { id: 'a:1', kind: 'account', label: 'suspect-1', status: 'banned' },
    { id: 'a:2', kind: 'account', label: 'mule-2' },
    { id: 'p:1', kind: 'payment_account', label: 'PH12BANK0000000000000000000' },
  ],
  edges: [
    { id: 'e1', source: 'a:1', target: 'p:1', kind: 'payment_account', evidence: { event: 'evt-9', span: [10, 40] } },
    { id: 'e2', source: 'a:2', target: 'p:1', kind: 'payment_account', evidence: { event: 'evt-12' } },
    { id: 'e3', source: 'a:2', target: 'missing', kind: 'phone', evidence: {} },
  ],
};

test('ring graph becomes cytoscape nodes and edges with classes and evidence kept on the edge', () => {
  const { elements, dropped } = graphElements(ring, 'suspect-1');
  const nodes = elements.filter((e) => e.group === 'nodes');
  const edges = elements.filter((e) => e.group === 'edges');
  assert.equal(nodes.length, 3);
  assert.equal(nodes[0].classes, 'account banned focus');
  assert.equal(nodes[2].classes, 'identifier');
  assert.equal(nodes[2].data.label, 'payment_account: PH12BANK…', 'long identifiers are shortened');
  assert.deepEqual(edges.map((e) => e.data.id), ['e1', 'e2']);
  assert.deepEqual(edges[0].data.evidence, { event: 'evt-9', span: [10, 40] });
  assert.deepEqual(dropped, ['e3'], 'edges to unknown nodes are reported, not passed to cytoscape');
});

test('large rings get the cheap layout', () => {
  assert.equal(layoutFor(50).name, 'cose');
  assert.equal(layoutFor(LARGE_GRAPH_NODES + 1).name, 'grid');
  assert.deepEqual(describeEvidence({ event: 'evt-1', span: [1, 2] }), [{ key: 'event', value: 'evt-1' }, { key: 'span', value: '[1,2]' }]);
});

test('the link list names the account and the identifier by their labels, with strength and source only', () => {
  const nodes = new Map(ring.nodes.map((n) => [n.id, n]));
  const edge = { id: 'e4', source: 'a:1', target: 'p:1', kind: 'payment_account', evidence: { strength: 'strong', source: 'payment.reported:evt-9', firstSeen: '2026-12-03T12:54:18.000Z' } };
  assert.equal(linkLine(nodes, edge), 'suspect-1 — payment_account PH12BANK0000000000000000000 (strong, payment.reported:evt-9)');
  assert.equal(linkLine(nodes, ring.edges[2]), 'mule-2 — phone missing', 'an unknown end is named by its id');
});
