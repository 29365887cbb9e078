// Periodic work that should run on one node per interval when several share a store (the retention sweep):
// every node's timer fires, and only the node that takes the job's lease runs it. Taking the lease is one
// conditional UPDATE (`claimed_until <= now`), a compare-and-set on SQLite and PostgreSQL alike: of two
// nodes at once, the second finds the row already claimed (on PostgreSQL it waits for the first's commit
// and re-checks the condition), so it does nothing.
import type { CoreDb } from '../adapters/store/db.ts';

export interface JobLease {
  /** The job's name, one row per job. */
  name: string;
  node: string;
  now: number;
  /** How long the lease holds: a bit less than the job's interval, so the next tick (on any node) takes it. */
  forMs: number;
}

/** True when this node took the lease and should run the job now. */
export async function takeJobLease(db: CoreDb, lease: JobLease): Promise<boolean> {
  const { name, node, now, forMs } = lease;
  await db.insertInto('job_leases').values({ name, claimed_by: node, claimed_until: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const taken = await db
    .updateTable('job_leases')
    .set({ claimed_by: node, claimed_until: now + forMs })
    .where('name', '=', name)
    .where('claimed_until', '<=', now)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}
