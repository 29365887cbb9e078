// Loads engine state from the store when it is not cached in memory (after a restart, or eviction).
import type { AccountState, ConversationState } from '../core/engine/state.ts';
import type { StateSource } from '../core/engine/engine.ts';
import type { CoreDb } from '../adapters/store/db.ts';

export function storeStateSource(db: CoreDb): StateSource {
  return {
    async loadAccount(tenant, id) {
      const row = await db.selectFrom('accounts').select('state').where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
      return row ? (JSON.parse(row.state) as AccountState) : null;
    },
    async loadConversation(tenant, id) {
      const row = await db
        .selectFrom('conversations')
        .select('state')
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? (JSON.parse(row.state) as ConversationState) : null;
    },
  };
}
