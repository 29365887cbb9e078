// Periodic jobs on several nodes (issue 14.3): only the node holding a job's lease runs it in an interval.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeJobLease } from '../../src/app/job-lease.ts';
import { openStore } from '../../src/adapters/store/db.ts';

test('one node per interval takes a job lease; once it lapses any node may take it', async () => {
  const db = await openStore({ dataDir: ':memory:' });
  try {
    const take = (node: string, now: number) => takeJobLease(db, { name: 'retention.sweepText', node, now, forMs: 900 });
    assert.equal(await take('a', 1_000), true, 'the first node takes the new job');
    assert.equal(await take('b', 1_000), false, 'a second node at the same moment does not');
    assert.equal(await take('a', 1_899), false, 'not even the holder runs it twice within the lease');
    assert.equal(await take('b', 1_900), true, 'once it lapses another node takes it');
    assert.equal(await takeJobLease(db, { name: 'another.job', node: 'a', now: 1_900, forMs: 900 }), true, 'leases are per job');
    const rows = await db.selectFrom('job_leases').selectAll().orderBy('name').execute();
    assert.deepEqual(rows, [
      { name: 'another.job', claimed_by: 'a', claimed_until: 2_800 },
      { name: 'retention.sweepText', claimed_by: 'b', claimed_until: 2_800 },
    ]);
  } finally {
    await db.destroy();
  }
});
