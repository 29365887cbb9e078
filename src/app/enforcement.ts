// Moderator actions taken in the console reach the platform the same way rule actions do: a signed webhook
// delivery in the outbox. Restrictions and bans also change the account's stored status, so later decisions see
// them. Both are written in one transaction, on the queue ingestion uses, so no batch decides on a status that is
// halfway changed.
import type { EnforcementNotifier } from '../modules/console/ports.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import type { IngestService } from './ingest.ts';
import { enqueueNotifications, type WebhookTarget } from './outbox.ts';

/** One moderator enforcement, as the console reports it. */
export type Enforcement = Parameters<EnforcementNotifier>[0];

const STATUS_OF: Record<string, 'restricted' | 'banned'> = {
  restrict: 'restricted',
  restrict_account: 'restricted',
  ban: 'banned',
  ban_ring: 'banned',
};

export function enforcementNotifier(db: CoreDb, ingest: IngestService, webhooks: WebhookTarget[], onBan?: (tenant: string, account: string, reason: string) => Promise<void>) {
  return async (enforcement: Enforcement): Promise<void> => {
    const status = STATUS_OF[enforcement.action];
    await ingest.queue.run(async () => {
      const now = Date.now();
      const workspace = ingest.workspace();
      const state = status ? await workspace.account(enforcement.tenant, enforcement.account, now) : null;
      if (state && status) state.status = status;
      const body = { type: 'moderator.action', ...enforcement };
      await db.transaction().execute(async (trx) => {
        if (state && status) {
          await trx
            .insertInto('accounts')
            .values({ tenant: state.tenant, id: state.id, first_seen: state.firstSeen, last_seen: state.lastSeen, risk: 0, status, state: JSON.stringify(state) })
            .onConflict((oc) => oc.columns(['tenant', 'id']).doUpdateSet({ status, state: JSON.stringify(state) }))
            .execute();
        }
        await enqueueNotifications(trx, [{ tenant: enforcement.tenant, body }], webhooks, now);
      });
      workspace.commit();
    });
    // Its own write on the same queue (after this one): the ring now counts as confirmed bad.
    if (status === 'banned') await onBan?.(enforcement.tenant, enforcement.account, enforcement.reason);
  };
}
