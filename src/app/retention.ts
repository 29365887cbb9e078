// Drops message text that never became evidence once its grace period is over; the features
// (stages, scores, spans) stay so decisions remain explainable without the words. Text of a
// conversation with an open or claimed case is never dropped: the moderator has yet to read it.
import type { CoreDb } from '../adapters/store/db.ts';

export async function sweepText(db: CoreDb, pendingTextHours: number, now = Date.now()): Promise<number> {
  const cutoff = now - pendingTextHours * 3_600_000;
  const result = await db
    .updateTable('messages')
    .set({ text: null })
    .where('evidence', '=', 0)
    .where('text', 'is not', null)
    .where('time', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cases')
            .select('cases.id')
            .whereRef('cases.tenant', '=', 'messages.tenant')
            .whereRef('cases.conversation_id', '=', 'messages.conversation_id')
            .where('cases.status', 'in', ['open', 'claimed']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
