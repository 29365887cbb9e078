// Writes what the engine decided for a batch of events in one transaction: the events themselves,
// engine state, message features (text only where it is evidence), decisions, cases and the webhook
// outbox. Either all of a batch is stored or none of it is.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Decision } from '../core/engine/decision.ts';
import { subjectOf, type Outcome } from '../core/engine/engine.ts';
import { furthestStage } from '../core/engine/stages.ts';
import type { ChainEvent } from '../core/events.ts';
import type { CoreTables } from '../adapters/store/schema.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
  tenant?: string;
}

export interface PersistOptions {
  /** Hours message text of unflagged conversations is kept before the sweeper drops it (0: not stored). */
  pendingTextHours: number;
  webhooks: WebhookTarget[];
}

type Trx = Transaction<CoreTables>;
const CHUNK = 400;

export async function persistBatch(trx: Trx, items: { event: ChainEvent; outcome: Outcome }[], now: number, options: PersistOptions): Promise<void> {
  if (items.length === 0) return;
  await insertChunks(trx, 'events', items.map(({ event }) => eventRow(event, now)));
  await insertChunks(trx, 'messages', items.flatMap(({ event, outcome }) => messageRow(event, outcome, options)));
  await insertChunks(trx, 'decisions', items.map(({ event, outcome }) => decisionRow(event, outcome.decision)));
  await upsertStates(trx, items);
  await markEvidence(trx, items);
  await upsertCases(trx, items, now);
  await insertChunks(trx, 'webhook_deliveries', items.flatMap(({ outcome }) => deliveries(outcome.decision, now, options.webhooks)));
}

async function insertChunks(trx: Trx, table: keyof CoreTables, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
  }
}

function eventRow(event: ChainEvent, now: number) {
  // Message text is stored only in `messages`, where retention can drop it.
  const payload = event.type === 'message.sent' ? { ...event, text: undefined } : event;
  return {
    tenant: event.tenant,
    id: event.id,
    type: event.type,
    time: Date.parse(event.time),
    received_at: now,
    conversation_id: 'conversation_id' in event ? (event.conversation_id ?? null) : null,
    account: subjectOf(event),
    payload: JSON.stringify(payload),
  };
}

function messageRow(event: ChainEvent, outcome: Outcome, options: PersistOptions) {
  if (event.type !== 'message.sent') return [];
  const isEvidence = outcome.textSignals.length > 0 || Boolean(outcome.conversation?.flagged);
  const keepText = isEvidence || options.pendingTextHours > 0;
  return [
    {
      tenant: event.tenant,
      event_id: event.id,
      conversation_id: event.conversation_id,
      sender: event.sender,
      recipients: JSON.stringify(event.recipients),
      time: Date.parse(event.time),
      text: keepText ? event.text : null,
      features: JSON.stringify(outcome.textSignals),
      evidence: isEvidence ? 1 : 0,
    },
  ];
}

function decisionRow(event: ChainEvent, decision: Decision) {
  return {
    tenant: event.tenant,
    event_id: event.id,
    time: Date.parse(event.time),
    conversation_id: decision.stages.conversation_id,
    account: decision.risk?.account ?? null,
    verdict: decision.verdict,
    actions: JSON.stringify(decision.actions),
    shadow_actions: JSON.stringify(decision.shadow_actions),
    signals: JSON.stringify(decision.signals),
    reasons: JSON.stringify({ stages: decision.stages, risk: decision.risk, rules_matched: decision.rules_matched }),
    rule_input: JSON.stringify(decision.rule_input),
  };
}

/** Stores the latest state of every account and conversation the batch touched (once each). */
async function upsertStates(trx: Trx, items: { outcome: Outcome }[]): Promise<void> {
  const accounts = new Map(items.flatMap(({ outcome }) => outcome.accounts.map((a) => [`${a.tenant}|${a.id}`, a] as const)));
  const conversations = new Map(
    items.flatMap(({ outcome }) => (outcome.conversation ? [[`${outcome.conversation.tenant}|${outcome.conversation.id}`, outcome.conversation] as const] : [])),
  );
  const risks = latestRisks(items);
  const accountRows = [...accounts.values()].map((a) => ({
    tenant: a.tenant,
    id: a.id,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    risk: risks.get(`${a.tenant}|${a.id}`) ?? 0,
    status: a.status,
    state: JSON.stringify(a),
  }));
  for (let i = 0; i < accountRows.length; i += CHUNK) {
    await trx
      .insertInto('accounts')
      .values(accountRows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['tenant', 'id']).doUpdateSet((eb) => ({
          last_seen: eb.ref('excluded.last_seen'),
          risk: eb.ref('excluded.risk'),
          status: eb.ref('excluded.status'),
          state: eb.ref('excluded.state'),
        })),
      )
      .execute();
  }
  const conversationRows = [...conversations.values()].map((c) => ({
    tenant: c.tenant,
    id: c.id,
    first_seen: c.firstSeen,
    last_seen: c.lastSeen,
    flagged: c.flagged ? 1 : 0,
    stage_max: furthestStage(c),
    suspect: c.suspect,
    state: JSON.stringify(c),
  }));
  for (let i = 0; i < conversationRows.length; i += CHUNK) {
    await trx
      .insertInto('conversations')
      .values(conversationRows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['tenant', 'id']).doUpdateSet((eb) => ({
          last_seen: eb.ref('excluded.last_seen'),
          flagged: eb.ref('excluded.flagged'),
          stage_max: eb.ref('excluded.stage_max'),
          suspect: eb.ref('excluded.suspect'),
          state: eb.ref('excluded.state'),
        })),
      )
      .execute();
  }
}

/** The latest risk score the batch computed per account (accounts only touched as counterparts keep 0). */
function latestRisks(items: { outcome: Outcome }[]): Map<string, number> {
  const risks = new Map<string, number>();
  for (const { outcome } of items) {
    const risk = outcome.decision.risk;
    if (risk) risks.set(`${outcome.decision.tenant}|${risk.account}`, risk.score);
  }
  return risks;
}

/** When a conversation becomes flagged, the text still held for it becomes evidence and is kept. */
async function markEvidence(trx: Trx, items: { outcome: Outcome }[]): Promise<void> {
  for (const { outcome } of items) {
    const c = outcome.conversation;
    if (!c || !outcome.newlyFlagged) continue;
    await trx
      .updateTable('messages')
      .set({ evidence: 1 })
      .where('tenant', '=', c.tenant)
      .where('conversation_id', '=', c.id)
      .where('evidence', '=', 0)
      .where('text', 'is not', null)
      .execute();
  }
}

interface CaseChange {
  tenant: string;
  conversationKey: string;
  outcome: Outcome;
  review: Outcome['decision']['actions'][number] | undefined;
}

/** One case per conversation: opened by the first queue_review, then following the conversation. */
async function upsertCases(trx: Trx, items: { event: ChainEvent; outcome: Outcome }[], now: number): Promise<void> {
  const changes = new Map<string, CaseChange>();
  for (const { event, outcome } of items) {
    const review = outcome.decision.actions.find((a) => a.type === 'queue_review');
    const conversation = outcome.conversation;
    if (!review && !conversation?.flagged) continue;
    const conversationKey = conversation?.id ?? (review ? `account:${review.target.id}` : null);
    if (!conversationKey) continue;
    const key = `${event.tenant}|${conversationKey}`;
    const earlier = changes.get(key);
    changes.set(key, { tenant: event.tenant, conversationKey, outcome, review: mostUrgent(earlier?.review, review) });
  }
  for (const change of changes.values()) await upsertCase(trx, change, now);
}

function mostUrgent<T extends { priority?: number }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  return (b.priority ?? 5) < (a.priority ?? 5) ? b : a;
}

async function upsertCase(trx: Trx, { tenant, conversationKey, outcome, review }: CaseChange, now: number): Promise<void> {
  const conversation = outcome.conversation;
  const stageMax = conversation ? furthestStage(conversation) : null;
  const existing = await trx
    .selectFrom('cases')
    .select(['id', 'priority'])
    .where('tenant', '=', tenant)
    .where('conversation_id', '=', conversationKey)
    .executeTakeFirst();
  if (existing) {
    await trx
      .updateTable('cases')
      .set({
        stage_max: stageMax,
        updated_at: now,
        priority: Math.min(existing.priority, review?.priority ?? existing.priority),
        suspect_account: conversation?.suspect ?? undefined,
      })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  if (!review) return;
  await trx
    .insertInto('cases')
    .values({
      id: `case-${randomUUID()}`,
      tenant,
      conversation_id: conversationKey,
      suspect_account: conversation?.suspect ?? outcome.decision.risk?.account ?? null,
      victim_account: conversation ? (conversation.participants.find((p) => p !== conversation.suspect) ?? null) : null,
      status: 'open',
      queue: review.queue ?? 'default',
      priority: review.priority ?? 5,
      claimed_by: null,
      claimed_at: null,
      stage_max: stageMax,
      created_at: now,
      updated_at: now,
      outcome: null,
    })
    .execute();
}

function deliveries(decision: Decision, now: number, webhooks: WebhookTarget[]) {
  if (decision.actions.length === 0) return [];
  const body = JSON.stringify({
    type: 'decision.actions',
    tenant: decision.tenant,
    event_id: decision.event_id,
    verdict: decision.verdict,
    actions: decision.actions,
    reasons: decision.signals.map((s) => ({ kind: s.kind, score: s.score, reasons: s.reasons.map((r) => r.message) })),
    created_at: new Date(now).toISOString(),
  });
  return webhooks
    .filter((w) => !w.tenant || w.tenant === decision.tenant)
    .map((w) => ({
      id: randomUUID(),
      tenant: decision.tenant,
      url: w.url,
      body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      delivered_at: null,
    }));
}
