import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RingGraph } from '../../src/modules/rings/graph.ts';
import { explain } from '../../src/modules/rings/explain.ts';
import { sharedInfrastructure, suspectedAssociates } from '../../src/modules/rings/views.ts';
import type { IdentifierType } from '../../src/core/signals.ts';
import { createRandom } from '../../src/core/random.ts';

const T0 = Date.UTC(2026, 0, 1);

/** A random crew layout: each member links to an earlier member through a shared strong identifier (a tree). */
function crewLinks(crews: number[], seed: number): { links: [string, IdentifierType, string][]; expected: string[][] } {
  const rand = createRandom(seed).next;
  const types: IdentifierType[] = ['phone', 'messenger_handle', 'payment_account', 'device', 'apk_signer', 'domain', 'photo_pdq'];
  const links: [string, IdentifierType, string][] = [];
  const expected: string[][] = [];
  crews.forEach((size, c) => {
    const members: string[] = [];
    const identsOf: [IdentifierType, string][][] = [];
    for (let j = 0; j < size; j++) {
      const account = `c${c}m${j}`;
      members.push(account);
      const own: [IdentifierType, string][] = [['device', `dev-${c}-${j}`]]; // personal, never shared
      if (j > 0) {
        const parent = Math.floor(rand() * j);
        const reuse = rand() < 0.5 && identsOf[parent].length > 1;
        const shared = reuse ? identsOf[parent][1 + Math.floor(rand() * (identsOf[parent].length - 1))] : ([types[Math.floor(rand() * types.length)], `crew${c}-id${j}`] as [IdentifierType, string]);
        if (!reuse) identsOf[parent].push(shared);
        own.push(shared);
      }
      identsOf.push(own);
    }
    identsOf.forEach((idents, j) => idents.forEach(([type, value]) => links.push([members[j], type, value])));
    if (size >= 2) expected.push([...members].sort());
  });
  for (let k = links.length - 1; k > 0; k--) {
    const r = Math.floor(rand() * (k + 1));
    [links[k], links[r]] = [links[r], links[k]];
  }
  return { links, expected: expected.sort((x, y) => (x[0] < y[0] ? -1 : 1)) };
}

test('rings are recovered exactly on generated crews (strong links only, any order)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 15 }), fc.integer(), (crews, seed) => {
      const { links, expected } = crewLinks(crews, seed);
      const graph = new RingGraph({ sharedCap: 1000 });
      for (const [account, type, value] of links) graph.addLink(account, type, value, { time: T0 });
      assert.deepEqual(graph.partition(), expected);
    }),
    { numRuns: 100 },
  );
});

test('an identifier above the shared-infrastructure cap never merges, and stops merging retroactively', () => {
  const graph = new RingGraph({ sharedCap: 3 });
  for (const a of ['a1', 'a2', 'a3']) graph.addLink(a, 'payment_account', 'paypal:processor', { time: T0 });
  assert.deepEqual(graph.partition(), [['a1', 'a2', 'a3']]);
  graph.addLink('a1', 'phone', '+447700900001', { time: T0 });
  graph.addLink('a2', 'phone', '+447700900001', { time: T0 });
  graph.addLink('a4', 'payment_account', 'paypal:processor', { time: T0 }); // fourth account: over the cap of 3
  assert.deepEqual(graph.partition(), [['a1', 'a2']], 'only the phone still links a1 and a2');
  const shared = sharedInfrastructure(graph);
  assert.deepEqual(shared, [{ type: 'payment_account', value: 'paypal:processor', accounts: ['a1', 'a2', 'a3', 'a4'], reason: 'over_cap' }]);
  graph.removeLink('a4', 'payment_account', 'paypal:processor');
  assert.deepEqual(graph.partition(), [['a1', 'a2', 'a3']], 'back under the cap it merges again');
});

test('per-type caps and allow-listed values', () => {
  const graph = new RingGraph({ sharedCap: { phone: 2 }, allowList: [{ type: 'domain', value: 'files.example' }] });
  for (const a of ['a1', 'a2', 'a3']) graph.addLink(a, 'phone', '+447700900002', { time: T0 });
  for (const a of ['b1', 'b2']) graph.addLink(a, 'domain', 'files.example', { time: T0 });
  assert.deepEqual(graph.partition(), []);
  graph.setAllowListed('domain', 'files.example', false);
  assert.deepEqual(graph.partition(), [['b1', 'b2']]);
  graph.setAllowListed('domain', 'files.example', true);
  assert.deepEqual(graph.partition(), []);
});

test('weak evidence alone never merges; two independent kinds make a suspected associate', () => {
  const graph = new RingGraph({ sharedCap: 50 });
  graph.addLink('m1', 'phone', '+447700900003', { time: T0 });
  graph.addLink('m2', 'phone', '+447700900003', { time: T0 });
  graph.addLink('m1', 'ip', '203.0.113.9', { time: T0 });
  graph.addLink('m1', 'ip_prefix', '203.0.113.0/24', { time: T0 });
  graph.addLink('m2', 'photo_pdq', 'a'.repeat(64), { time: T0 });
  graph.addLink('x', 'ip', '203.0.113.9', { time: T0, strength: 'strong' }); // ip can never be strong
  graph.addLink('x', 'ip_prefix', '203.0.113.0/24', { time: T0 });
  graph.addLink('y', 'ip', '203.0.113.9', { time: T0 });
  graph.addLink('y', 'photo_pdq', 'a'.repeat(64), { time: T0, strength: 'weak' }); // near match
  graph.addLink('y', 'user_agent', 'Mozilla/5.0 X', { time: T0 });
  graph.addLink('z', 'user_agent', 'Mozilla/5.0 X', { time: T0 });
  assert.deepEqual(graph.partition(), [['m1', 'm2']]);
  const ring = graph.membersOf(graph.find(graph.accountId('m1')!));
  const suspects = suspectedAssociates(graph, ring, T0);
  assert.deepEqual(suspects.map((s) => [s.account, s.families]), [['y', ['network', 'photo']]], 'x has one family (network) only');
  assert.equal(explain(graph, 'm1', 'y', T0).sameRing, false);
});

test('weak links expire; strong links do not', () => {
  const graph = new RingGraph({ weakTtlMs: 1000 });
  graph.addLink('a', 'ip', '198.51.100.1', { time: T0 });
  graph.addLink('b', 'ip', '198.51.100.1', { time: T0 });
  graph.addLink('a', 'phone', '+447700900004', { time: T0 });
  graph.addLink('b', 'phone', '+447700900004', { time: T0 });
  assert.equal(explain(graph, 'a', 'b', T0).hops[0].via.type, 'phone');
  assert.equal(graph.expireWeakLinks(T0 + 5000), 2);
  assert.deepEqual(graph.partition(), [['a', 'b']]);
});

test('removing a wrong link splits the ring again, and later sightings do not bring it back', () => {
  const graph = new RingGraph();
  graph.addLink('a1', 'phone', '+447700900005', { time: T0 });
  graph.addLink('a2', 'phone', '+447700900005', { time: T0 });
  graph.addLink('a2', 'messenger_handle', 'telegram:crewboss', { time: T0 });
  graph.addLink('a3', 'messenger_handle', 'telegram:crewboss', { time: T0 });
  graph.addLink('a3', 'device', 'dev-9', { time: T0 });
  graph.addLink('a4', 'device', 'dev-9', { time: T0 });
  assert.deepEqual(graph.partition(), [['a1', 'a2', 'a3', 'a4']]);
  assert.equal(graph.removeLink('a2', 'messenger_handle', 'telegram:crewboss'), true);
  assert.deepEqual(graph.partition(), [['a1', 'a2'], ['a3', 'a4']]);
  assert.equal(graph.addLink('a2', 'messenger_handle', 'telegram:crewboss', { time: T0 }), 'suppressed');
  assert.deepEqual(graph.partition(), [['a1', 'a2'], ['a3', 'a4']]);
  assert.equal(graph.addLink('a2', 'messenger_handle', 'telegram:crewboss', { time: T0, override: true }), 'added');
  assert.deepEqual(graph.partition(), [['a1', 'a2', 'a3', 'a4']]);
});

test('explain returns the shortest strong evidence path with provenance', () => {
  const graph = new RingGraph();
  graph.addLink('a', 'phone', '+447700900006', { time: T0, source: 'message.sent:e1 text[0,13]', eventId: 'e1' });
  graph.addLink('b', 'phone', '+447700900006', { time: T0 });
  graph.addLink('b', 'apk_signer', 'f'.repeat(64), { time: T0, source: 'apk:signer' });
  graph.addLink('c', 'apk_signer', 'f'.repeat(64), { time: T0 });
  graph.addLink('a', 'domain', 'evil.example', { time: T0 });
  graph.addLink('c', 'domain', 'evil.example', { time: T0 });
  const e = explain(graph, 'a', 'c', T0);
  assert.equal(e.sameRing, true);
  assert.deepEqual(e.accounts, ['a', 'c'], 'the direct domain hop is shorter than the phone + signer chain');
  graph.removeLink('c', 'domain', 'evil.example');
  const longer = explain(graph, 'a', 'c', T0);
  assert.deepEqual(longer.accounts, ['a', 'b', 'c']);
  assert.equal(longer.hops[0].links[0].source, 'message.sent:e1 text[0,13]');
  assert.equal(longer.hops[0].links[0].eventId, 'e1');
  assert.equal(explain(graph, 'a', 'nobody', T0).accounts.length, 0);
});

test('a weak link into another ring\'s identifier keeps that ring\'s anchor when this ring is re-derived', () => {
  const graph = new RingGraph();
  const photo = 'b'.repeat(64);
  graph.addLink('d1', 'photo_pdq', photo, { time: T0 });
  graph.addLink('d2', 'photo_pdq', photo, { time: T0 });
  graph.addLink('c1', 'phone', '+447700900007', { time: T0 });
  graph.addLink('c2', 'phone', '+447700900007', { time: T0 });
  graph.addLink('c1', 'photo_pdq', photo, { time: T0, strength: 'weak' }); // near match only
  graph.removeLink('c2', 'phone', '+447700900007'); // re-derives c1's component
  graph.addLink('n', 'photo_pdq', photo, { time: T0 });
  assert.deepEqual(graph.partition(), [['d1', 'd2', 'n']]);
});

// ---- property: the incremental state always equals a full recompute and an independent reference ----------------

type Op =
  | { kind: 'add'; account: number; ident: number; strong: boolean }
  | { kind: 'remove'; account: number; ident: number }
  | { kind: 'allow'; ident: number; allowed: boolean };

const IDENT_TYPES: IdentifierType[] = ['phone', 'photo_pdq', 'ip'];
const identOf = (n: number): [IdentifierType, string] => [IDENT_TYPES[n % 3], `v${n}`];

/** Straightforward model of the semantics, written independently of the engine's data structures. */
function referencePartition(ops: Op[], cap: number): string[][] {
  const links = new Map<string, { account: number; ident: number; strong: boolean; active: boolean; removed: boolean }>();
  const allowed = new Set<number>();
  for (const op of ops) {
    if (op.kind === 'allow') {
      if (op.allowed) allowed.add(op.ident);
      else allowed.delete(op.ident);
      continue;
    }
    const key = `${op.account}/${op.ident}`;
    const link = links.get(key);
    if (op.kind === 'remove') {
      if (link?.active) Object.assign(link, { active: false, removed: true });
      continue;
    }
    const strong = op.strong && IDENT_TYPES[op.ident % 3] !== 'ip';
    if (link?.active) link.strong ||= strong;
    else if (!link) links.set(key, { account: op.account, ident: op.ident, strong, active: true, removed: false });
  }
  const degree = new Map<number, number>();
  for (const l of links.values()) if (l.active) degree.set(l.ident, (degree.get(l.ident) ?? 0) + 1);
  const adjacency = new Map<number, Set<number>>();
  const byIdent = new Map<number, number[]>();
  for (const l of links.values()) {
    if (!l.active || !l.strong || allowed.has(l.ident) || degree.get(l.ident)! > cap) continue;
    byIdent.set(l.ident, [...(byIdent.get(l.ident) ?? []), l.account]);
  }
  for (const accounts of byIdent.values()) {
    for (const a of accounts) for (const b of accounts) if (a !== b) adjacency.set(a, (adjacency.get(a) ?? new Set()).add(b));
  }
  const seen = new Set<number>();
  const rings: string[][] = [];
  for (const start of adjacency.keys()) {
    if (seen.has(start)) continue;
    const component: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const a = stack.pop()!;
      component.push(a);
      for (const b of adjacency.get(a) ?? []) if (!seen.has(b)) (seen.add(b), stack.push(b));
    }
    rings.push(component.map((a) => `acc${a}`).sort());
  }
  return rings.sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), account: fc.nat(9), ident: fc.nat(7), strong: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), account: fc.nat(9), ident: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('allow' as const), ident: fc.nat(7), allowed: fc.boolean() }) },
);

test('property: incremental rings equal a full recompute and an independent reference after any operations', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 80 }), fc.integer({ min: 1, max: 5 }), (ops, cap) => {
      const graph = new RingGraph({ sharedCap: cap });
      ops.forEach((op, k) => {
        if (op.kind === 'allow') graph.setAllowListed(...identOf(op.ident), op.allowed);
        else if (op.kind === 'remove') graph.removeLink(`acc${op.account}`, ...identOf(op.ident));
        else graph.addLink(`acc${op.account}`, ...identOf(op.ident), { time: T0, strength: op.strong ? 'strong' : 'weak' });
        assert.deepEqual(graph.partition(), referencePartition(ops.slice(0, k + 1), cap), `after operation ${k}`);
      });
      const incremental = graph.partition();
      graph.recomputeAll();
      assert.deepEqual(graph.partition(), incremental);
    }),
    { numRuns: 400 },
  );
});
