// `retention.keepMonths` ages rows out by dropping PostgreSQL month partitions (docs/scale-out.md); on the
// embedded store it would do nothing, so setting it there is refused with the reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';

test('keepMonths is refused without PostgreSQL, and accepted with it', () => {
  assert.throws(
    () => loadConfig(undefined, { dataDir: ':memory:', retention: { pendingTextHours: 0, sweepIntervalMs: 60_000, keepMonths: 12 } }),
    /retention\.keepMonths: only the PostgreSQL store drops old rows/,
  );
  const config = loadConfig(undefined, { dataDir: ':memory:', postgresUrl: 'postgres://db.example/cb', retention: { pendingTextHours: 0, sweepIntervalMs: 60_000, keepMonths: 12 } });
  assert.equal(config.retention.keepMonths, 12);
  assert.throws(
    () => loadConfig(undefined, { dataDir: ':memory:', postgresUrl: 'postgres://db.example/cb', retention: { pendingTextHours: 0, sweepIntervalMs: 60_000, keepMonths: 0 } }),
    /retention\.keepMonths/,
  );
});
