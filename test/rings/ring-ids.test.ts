import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RingBatch } from '../../src/modules/rings/batch.ts';
import { RingIdHistory } from '../../src/modules/rings/ring-merges.ts';
import type { LinkInput } from '../../src/modules/rings/input.ts';

const T0 = Date.UTC(2026, 10, 1);
const minute = 60_000;
const link = (account: string, value: string, at: number): LinkInput => ({ account, type: 'phone', value, time: at });
const rings = (batch: RingBatch) => batch.output(T0 + 1e9).rings.map((r) => ({ id: r.id, accounts: r.accounts }));

test('a ring keeps its id while it grows, whatever the new members are called', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 2, maxLength: 12 }), (names) => {
      const batch = new RingBatch('t');
      batch.add(link('zz-founder', '+447700900001', T0));
      batch.add(link(names[0], '+447700900001', T0 + minute));
      const id = rings(batch)[0].id;
      names.slice(1).forEach((name, i) => {
        batch.add(link(name, '+447700900001', T0 + (i + 2) * minute));
        const now = rings(batch);
        assert.equal(now.length, 1);
        assert.equal(now[0].id, id, `after ${name} joined`);
      });
    }),
    { numRuns: 50 },
  );
});

test('when two rings merge the older id survives, and the merge is recorded for the audit trail', () => {
  const batch = new RingBatch('t');
  const history = new RingIdHistory();
  batch.add(link('older-1', '+447700900001', T0));
  batch.add(link('older-2', '+447700900001', T0 + minute));
  // The younger ring's members sort first by name: the id must follow age, not the alphabet.
  batch.add(link('aaa-1', '+447700900002', T0 + 10 * minute));
  batch.add(link('aaa-2', '+447700900002', T0 + 11 * minute));
  const before = rings(batch);
  assert.equal(before.length, 2);
  assert.deepEqual(history.observe('t', before, T0 + 12 * minute), []);
  const older = before.find((r) => r.accounts.includes('older-1'))!.id;
  const younger = before.find((r) => r.accounts.includes('aaa-1'))!.id;
  batch.add(link('aaa-2', '+447700900001', T0 + 20 * minute)); // a shared phone ties the crews together
  const after = rings(batch);
  assert.equal(after.length, 1);
  assert.equal(after[0].id, older, 'the oldest id survives the merge');
  const merges = history.observe('t', after, T0 + 21 * minute);
  assert.deepEqual(merges, [{ tenant: 't', survivor: older, absorbed: [younger], accounts: 4, at: T0 + 21 * minute }]);
  assert.equal(history.resolve('t', younger), older, 'a link to the absorbed id still finds the ring');
  const restored = RingIdHistory.fromJSON(JSON.parse(JSON.stringify(history.toJSON())));
  assert.equal(restored.resolve('t', younger), older, 'the history survives a restart');
  assert.equal(restored.resolve('other-tenant', younger), younger, 'histories are per tenant');
});
