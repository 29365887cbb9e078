// Drops message text that never became evidence once its grace period is over; the features
// (stages, scores, spans) stay so decisions remain explainable without the words.
import type { CoreDb } from '../adapters/store/db.ts';

export async function sweepText(db: CoreDb, pendingTextHours: number, now = Date.now()): Promise<number> {
  const cutoff = now - pendingTextHours * 3_600_000;
  const result = await db
    .updateTable('messages')
    .set({ text: null })
    .where('evidence', '=', 0)
    .where('text', 'is not', null)
    .where('time', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
