// The webhook outbox: every notification for the platform (rule actions, moderator actions) becomes one pending
// delivery per configured target, written in the same transaction as the change it reports. The dispatcher
// (src/adapters/webhooks) delivers them afterwards; a stored change is therefore always announced, once.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CoreTables } from '../adapters/store/schema.ts';
import { kyselyRows, type RowWriter } from '../adapters/store/hot-writes.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
  tenant?: string;
}

export interface OutboxNotification {
  tenant: string;
  body: Record<string, unknown>;
}

/** `rows`: how the delivery rows are written in `trx` (ingestion passes its prepared statements on the embedded store). */
export async function enqueueNotifications(trx: Transaction<CoreTables>, notifications: readonly OutboxNotification[], targets: readonly WebhookTarget[], now: number, rows: RowWriter = kyselyRows(trx)): Promise<void> {
  await rows.insert('webhook_deliveries', notifications.flatMap((n) => deliveryRows(n, targets, now)));
}

function deliveryRows(notification: OutboxNotification, targets: readonly WebhookTarget[], now: number) {
  const body = JSON.stringify({ ...notification.body, created_at: new Date(now).toISOString() });
  return targets
    .filter((t) => !t.tenant || t.tenant === notification.tenant)
    .map((t) => ({
      id: randomUUID(),
      tenant: notification.tenant,
      url: t.url,
      body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      delivered_at: null,
    }));
}
