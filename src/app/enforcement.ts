// Moderator actions taken in the console reach the platform the same way rule actions do: a signed webhook
// delivery in the outbox. Restrictions and bans also change the account's stored status, so later decisions see
// them. Both are written in one transaction, on the queue ingestion uses, so no batch decides on a status that is
// halfway changed.
import type { Enforcement } from '../core/enforcement.ts';
import type { IngestService } from './ingest.ts';
import { enqueueNotifications, type WebhookTarget } from './outbox.ts';

export type { Enforcement } from '../core/enforcement.ts';

const STATUS_OF: Record<string, 'restricted' | 'banned'> = {
  restrict: 'restricted',
  restrict_account: 'restricted',
  ban: 'banned',
  ban_ring: 'banned',
};

export function enforcementNotifier(ingest: IngestService, webhooks: WebhookTarget[], onBan?: (tenant: string, account: string, reason: string) => Promise<void>) {
  return async (enforcement: Enforcement): Promise<void> => {
    const status = STATUS_OF[enforcement.action];
    const body = { type: 'moderator.action', ...enforcement };
    await ingest.writeStates(enforcement.tenant, [enforcement.account], async (trx, workspace) => {
      const now = Date.now();
      if (status) {
        const state = await workspace.account(enforcement.tenant, enforcement.account, now);
        state.status = status;
        const version = workspace.nextVersion('accounts', enforcement.tenant, enforcement.account);
        await trx
          .insertInto('accounts')
          .values({ tenant: state.tenant, id: state.id, first_seen: state.firstSeen, last_seen: state.lastSeen, risk: 0, status, state: JSON.stringify(state), version })
          .onConflict((oc) => oc.columns(['tenant', 'id']).doUpdateSet({ status, state: JSON.stringify(state), version }))
          .execute();
      }
      await enqueueNotifications(trx, [{ tenant: enforcement.tenant, body }], webhooks, now);
    });
    // Its own write on the same queue (after this one): an account a moderator banned by itself makes its ring
    // count as confirmed bad. A ring ban does not: it bans every member, weakly linked ones too, and marking them
    // all would make everything that links to any of them look confirmed (a case verdict `confirmed` marks the
    // suspect through the console instead).
    if (status === 'banned' && enforcement.action === 'ban') await onBan?.(enforcement.tenant, enforcement.account, enforcement.reason);
  };
}
