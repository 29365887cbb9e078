// Read models for the API and the console: accounts with their risk reasons, conversations with
// their stage timeline and evidence, review cases, decisions, and the rule preview over recent traffic.
import { accountRisk } from '../core/engine/risk.ts';
import { stageTimeline } from '../core/engine/stages.ts';
import type { AccountState, ConversationState } from '../core/engine/state.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import { decisionFromRow } from './stored-decisions.ts';

export class Queries {
  readonly #db: CoreDb;

  constructor(db: CoreDb) {
    this.#db = db;
  }

  async account(tenant: string, id: string) {
    const row = await this.#db.selectFrom('accounts').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const state = JSON.parse(row.state) as AccountState;
    const risk = accountRisk(state, Math.max(state.lastSeen, Date.now()));
    const conversations = await this.#db
      .selectFrom('conversations')
      .select(['id', 'stage_max', 'flagged', 'last_seen'])
      .where('tenant', '=', tenant)
      .where('suspect', '=', id)
      .orderBy('last_seen', 'desc')
      .limit(50)
      .execute();
    return {
      tenant,
      id,
      status: row.status,
      first_seen: row.first_seen,
      last_seen: row.last_seen,
      risk: { score: risk.score, reasons: risk.reasons },
      profile: state.profile,
      created_at: state.createdAt,
      behaviour: {
        requests_sent: state.requestsSent,
        requests_accepted: state.requestsAccepted,
        conversations_started: state.conversationsStarted,
        offplatform_conversations: state.offplatformConversations.length,
        reports: state.reports,
      },
      linked_to_ring: state.linkedToBad,
      conversations_as_suspect: conversations.map((c) => ({ ...c, flagged: c.flagged === 1 })),
    };
  }

  async conversation(tenant: string, id: string) {
    const row = await this.#db.selectFrom('conversations').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const state = JSON.parse(row.state) as ConversationState;
    const messages = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('conversation_id', '=', id)
      .orderBy('time')
      .limit(2_000)
      .execute();
    const timeline = stageTimeline(state);
    return {
      tenant,
      id,
      flagged: state.flagged,
      suspect: state.suspect,
      participants: state.participants,
      first_seen: state.firstSeen,
      last_seen: state.lastSeen,
      message_count: state.messageCount,
      stages: timeline.map((hit, i) => ({
        ...hit,
        event_id: state.stages[hit.stage]!.eventId,
        since_previous_ms: i === 0 ? null : hit.first - timeline[i - 1].first,
      })),
      messages: messages.map((m) => ({
        event_id: m.event_id,
        sender: m.sender,
        recipients: JSON.parse(m.recipients) as string[],
        time: m.time,
        text: m.text,
        text_retained: m.text !== null,
        signals: JSON.parse(m.features),
      })),
    };
  }

  async decision(tenant: string, eventId: string) {
    const row = await this.#db.selectFrom('decisions').selectAll().where('tenant', '=', tenant).where('event_id', '=', eventId).executeTakeFirst();
    return row ? decisionFromRow(row) : null;
  }

  async decisionsForConversation(tenant: string, conversationId: string) {
    const rows = await this.#db
      .selectFrom('decisions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .limit(2_000)
      .execute();
    return rows.map(decisionFromRow);
  }

  async cases(filter: { tenant?: string; status?: string; queue?: string; limit: number; offset: number }) {
    let query = this.#db.selectFrom('cases').selectAll();
    if (filter.tenant) query = query.where('tenant', '=', filter.tenant);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.queue) query = query.where('queue', '=', filter.queue);
    const rows = await query.orderBy('priority').orderBy('updated_at', 'desc').limit(filter.limit).offset(filter.offset).execute();
    return rows;
  }

  async case(id: string) {
    const row = await this.#db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const conversation = row.conversation_id.startsWith('account:') ? null : await this.conversation(row.tenant, row.conversation_id);
    const suspect = row.suspect_account ? await this.account(row.tenant, row.suspect_account) : null;
    const decisions = conversation ? await this.decisionsForConversation(row.tenant, row.conversation_id) : [];
    return { ...row, conversation, suspect, decisions };
  }
}
