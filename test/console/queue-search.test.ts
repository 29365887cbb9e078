import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCases, identifierCandidates, searchCases, slaMs } from '../../src/modules/console/queue-search.ts';
import type { IdentifierReader, RingReader } from '../../src/modules/console/ports.ts';
import { extractIdentifiers } from '../../src/modules/text/index.ts';
import { insertCase, memoryDb } from './helpers.ts';

async function seeded() {
  const db = await memoryDb();
  await insertCase(db, 'a', { suspect_account: 'scam-1', victim_account: 'v-1', stage_max: 'payment', priority: 0, created_at: 5_000 });
  await insertCase(db, 'b', { suspect_account: 'scam-1', victim_account: 'v-2', stage_max: 'escalation', priority: 3, created_at: 1_000, queue: 'early-warning' });
  await insertCase(db, 'c', { suspect_account: 'scam-2', victim_account: 'v-3', stage_max: 'threat', priority: 1, created_at: 3_000, claimed_by: 'alice', status: 'claimed', claimed_at: 3_000 });
  await insertCase(db, 'd', { suspect_account: 'lonely', victim_account: 'v-4', stage_max: 'app_lure', priority: 2, created_at: 2_000, status: 'closed' });
  for (const [id, risk] of [['scam-1', 0.4], ['scam-2', 0.9], ['lonely', 0.1]] as const) {
    await db.insertInto('accounts').values({ tenant: 't1', id, first_seen: 0, last_seen: 0, risk, status: 'active', state: '{}' }).execute();
  }
  await db.insertInto('rings_links').values({ tenant: 't1', account: 'scam-2', type: 'phone', value: '+639175550110', strength: 'strong', first_seen: 0, last_seen: 0, removed: 0, seq: 1 }).execute();
  await db.insertInto('messages').values({ tenant: 't1', event_id: 'e1', conversation_id: 'conv-b', sender: 'scam-1', recipients: '["v-2"]', time: 1, text: 'Install SoundFix to repair the audio', features: '[{"kind":"text.app_lure","reasons":[{"code":"c","message":"m","evidence":{"lang":"fr"}}]}]', evidence: 0 }).execute();
  return db;
}

const ids = (r: { cases: { id: string }[] }) => r.cases.map((c) => c.id);

test('the queue lists active cases most urgent first, pages on the server and counts the total', async () => {
  const db = await seeded();
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1' })), ['a', 'c', 'b']);
  const page = await searchCases(db, { tenant: 't1', limit: 1, offset: 1 });
  assert.deepEqual([page.total, ids(page)], [3, ['c']]);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', status: 'closed' })), ['d']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 'other' })), []);
});

test('sorts by risk, age, stage and SLA deadline, and reverses', async () => {
  const db = await seeded();
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', sort: 'risk' })), ['c', 'a', 'b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', sort: 'age' })), ['b', 'c', 'a']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', sort: 'age', reverse: true })), ['a', 'c', 'b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', sort: 'stage' })), ['a', 'c', 'b']);
  // a: 5 000 + 1 h; c: 3 000 + 4 h; b: 1 000 + 24 h.
  const bySla = await searchCases(db, { tenant: 't1', sort: 'sla' });
  assert.deepEqual(ids(bySla), ['a', 'c', 'b']);
  assert.equal(bySla.cases[0].sla_due_at, 5_000 + slaMs(0));
  assert.equal(bySla.cases[0].suspect_risk, 0.4);
});

test('filters by stage, queue, assignee, status and language', async () => {
  const db = await seeded();
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', stage: 'threat' })), ['c']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', queue: 'early-warning' })), ['b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', assignee: 'alice' })), ['c']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', assignee: 'none' })), ['a', 'b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', language: 'fr' })), ['b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', language: 'ja' })), []);
});

test('search finds a case by account, by a phone number typed any way, and by words of the chat', async () => {
  const db = await seeded();
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: 'scam-1' })), ['a', 'b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: 'v-3' })), ['c']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: '+63 917 555 0110' })), ['c']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: 'soundfix' })), ['b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: '100%_' })), [], 'LIKE wildcards are literal');
  assert.ok(identifierCandidates('+63 917 555 0110').includes('+639175550110'));
});

test('search reads a national phone number and a messenger link as the identifiers crew linking stores', async () => {
  const db = await seeded();
  const link = (account: string, type: string, value: string) =>
    db.insertInto('rings_links').values({ tenant: 't1', account, type, value, strength: 'strong', first_seen: 0, last_seen: 0, removed: 0, seq: 2 }).execute();
  await link('scam-1', 'messenger_handle', 'telegram:sunny_8780');
  await link('scam-1', 'domain', 't.me');
  await link('scam-2', 'domain', 't.me');
  // The victim saw a Philippine number without its country code; the ring stores +639175550110.
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: '0917 555 0110' })), ['c']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: '(0917) 555-0110' })), ['c']);
  // The link names one handle (read by the text module's reader, as the console module wires it): only its
  // account's cases, not every account that also shared some t.me link.
  const read: IdentifierReader = (text) => extractIdentifiers(text);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: 'https://t.me/sunny_8780' }, undefined, read)), ['a', 'b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', q: 't.me/sunny_8780' }, undefined, read)), ['a', 'b']);
  assert.ok(!identifierCandidates('t.me/sunny_8780', read).includes('t.me'));
  assert.ok(identifierCandidates('wa.me/639171234567', read).includes('whatsapp:639171234567'));
  assert.ok(!identifierCandidates('hello there').some((v) => v.startsWith('+')), 'words are not read as phone numbers');
});

test('filter by ring and group by suspect or ring', async () => {
  const db = await seeded();
  const rings: RingReader = {
    ringIdForAccount: (_t, a) => (a === 'scam-1' || a === 'scam-2' ? 'ring_1' : undefined),
    graph: (_t, id) => (id === 'ring_1' ? { id, nodes: [{ id: 'n1', kind: 'account', label: 'scam-1' }, { id: 'n2', kind: 'account', label: 'scam-2' }], edges: [] } : undefined),
    topRings: () => [],
  };
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', ring: 'ring_1' }, rings)), ['a', 'c', 'b']);
  assert.deepEqual(ids(await searchCases(db, { tenant: 't1', ring: 'ring_404' }, rings)), []);
  const bySuspect = await groupCases(db, { tenant: 't1', by: 'suspect' }, rings);
  assert.deepEqual(bySuspect.groups.map((g) => [g.key, g.cases, g.furthestStage]), [['scam-1', 2, 'payment'], ['scam-2', 1, 'threat']]);
  const byRing = await groupCases(db, { tenant: 't1', by: 'ring' }, rings);
  assert.deepEqual(byRing.groups.map((g) => [g.key, g.by, g.cases, g.suspects]), [['ring_1', 'ring', 3, ['scam-1', 'scam-2']]]);
});
