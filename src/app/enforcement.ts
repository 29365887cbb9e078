// Moderator actions taken in the console reach the platform the same way rule actions do: a signed
// webhook delivery in the outbox. Restrictions and bans also change the account's stored status, so
// the engine and later decisions see them.
import { randomUUID } from 'node:crypto';
import type { Engine } from '../core/engine/engine.ts';
import type { EnforcementNotifier } from '../modules/console/ports.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import type { WebhookTarget } from './persist.ts';

/** One moderator enforcement, as the console reports it. */
export type Enforcement = Parameters<EnforcementNotifier>[0];

const STATUS_OF: Record<string, 'restricted' | 'banned'> = {
  restrict: 'restricted',
  restrict_account: 'restricted',
  ban: 'banned',
  ban_ring: 'banned',
};

export function enforcementNotifier(db: CoreDb, engine: Engine, webhooks: WebhookTarget[], onBan?: (tenant: string, account: string, reason: string) => void) {
  return async (enforcement: Enforcement): Promise<void> => {
    const now = Date.now();
    const status = STATUS_OF[enforcement.action];
    if (status) {
      const state = await engine.setAccountStatus(enforcement.tenant, enforcement.account, status, now);
      await db
        .insertInto('accounts')
        .values({ tenant: state.tenant, id: state.id, first_seen: state.firstSeen, last_seen: state.lastSeen, risk: 0, status, state: JSON.stringify(state) })
        .onConflict((oc) => oc.columns(['tenant', 'id']).doUpdateSet({ status, state: JSON.stringify(state) }))
        .execute();
      if (status === 'banned') onBan?.(enforcement.tenant, enforcement.account, enforcement.reason);
    }
    const body = JSON.stringify({ type: 'moderator.action', ...enforcement, created_at: new Date(now).toISOString() });
    const rows = webhooks
      .filter((w) => !w.tenant || w.tenant === enforcement.tenant)
      .map((w) => ({ id: randomUUID(), tenant: enforcement.tenant, url: w.url, body, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, created_at: now, delivered_at: null }));
    if (rows.length) await db.insertInto('webhook_deliveries').values(rows).execute();
  };
}
