import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StringInterner } from '../../src/modules/rings/interner.ts';

test('interning gives dense ids, is stable across growth and keeps namespaces apart', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 3 })), { maxLength: 300 }), (keys) => {
      const interner = new StringInterner(2); // tiny, so it grows many times
      const reference = new Map<string, number>();
      for (const [key, ns] of keys) {
        const composite = `${ns}|${key}`;
        const expected = reference.get(composite) ?? reference.size;
        const id = interner.intern(key, ns);
        assert.equal(id, expected);
        assert.equal(interner.created, !reference.has(composite));
        reference.set(composite, expected);
      }
      assert.equal(interner.size, reference.size);
      for (const [composite, id] of reference) {
        const ns = Number(composite.slice(0, composite.indexOf('|')));
        const key = composite.slice(composite.indexOf('|') + 1);
        assert.equal(interner.get(key, ns), id);
        assert.equal(interner.keyOf(id), key);
        assert.equal(interner.namespaceOf(id), ns);
      }
      assert.equal(interner.get('never-added', 0), -1);
    }),
    { numRuns: 200 },
  );
});
