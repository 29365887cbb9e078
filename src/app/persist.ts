// Writes the outcomes of a batch of events in one transaction: the events themselves, engine state, message
// features (text only where it is evidence), decisions, cases, crew-linking changes and the webhook outbox.
// Either all of a batch is stored or none of it is.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Decision } from '../core/engine/decision.ts';
import { subjectOf, type Outcome } from '../core/engine/engine.ts';
import type { CaseIntent, PendingFollowUp } from '../core/engine/outcome.ts';
import { furthestStage } from '../core/engine/stages.ts';
import { STAGES, type Stage } from '../core/signals.ts';
import type { EngineEvent } from '../core/events.ts';
import type { RingChange } from '../core/linker.ts';
import type { CoreTables } from '../adapters/store/schema.ts';
import { kyselyRows, type RowWriter } from '../adapters/store/hot-writes.ts';
import { isPostgres } from '../adapters/store/dialect.ts';
import { stripForwardedBytes } from './forwarded-bytes.ts';
import { enqueueNotifications, type WebhookTarget } from './outbox.ts';

export type { WebhookTarget } from './outbox.ts';

export interface PersistOptions {
  /** Hours message text of unflagged conversations is kept before the sweeper drops it (0: not stored). */
  pendingTextHours: number;
  webhooks: WebhookTarget[];
  /** Stores crew-linking changes in the batch's transaction (the rings module's repository). */
  writeRingChanges?: (trx: Transaction<CoreTables>, changes: readonly RingChange[]) => Promise<void>;
  /** How long the node that stored a follow-up task holds it before another node may run it (default 2 min). */
  followUpLeaseMs?: number;
}

export const FOLLOW_UP_LEASE_MS = 120_000;

type Trx = Transaction<CoreTables>;

/** The version a state touched by the batch is stored with (the workspace knows the one it read). */
export type NextVersion = (table: 'accounts' | 'conversations', tenant: string, id: string) => number;

/**
 * Stores a batch in `trx`. The many-row tables go through `rows` (prepared statements on the embedded store,
 * src/adapters/store/hot-writes.ts; Kysely in `trx` by default); the rest (cases, rings) through Kysely.
 */
export async function persistBatch(trx: Trx, items: { event: EngineEvent; outcome: Outcome }[], now: number, options: PersistOptions, nextVersion: NextVersion, rows: RowWriter = kyselyRows(trx)): Promise<void> {
  if (items.length === 0) return;
  const events = items.map(({ event }) => eventRow(event, now));
  // PostgreSQL's partitioned `events` cannot be unique on (tenant, id) alone (migration 011): this table is, so a
  // duplicate that slipped past the decision check still fails the whole batch instead of being stored twice.
  if (isPostgres(trx)) await rows.insert('event_ids', events.map(({ tenant, id, time }) => ({ tenant, id, time })));
  await rows.insert('events', events);
  await rows.insert('messages', items.flatMap(({ event, outcome }) => messageRow(event, outcome, options)));
  await rows.insert('decisions', items.map(({ event, outcome }) => decisionRow(event, outcome.decision)));
  await upsertStates(rows, items, nextVersion);
  await markEvidence(trx, items);
  await upsertCases(trx, items, now);
  const ringChanges = items.flatMap(({ outcome }) => outcome.ringChanges);
  if (ringChanges.length && options.writeRingChanges) await options.writeRingChanges(trx, ringChanges);
  await enqueueNotifications(trx, items.flatMap(({ outcome }) => outcome.notifications), options.webhooks, now, rows);
  await rows.insert('follow_ups', items.flatMap(({ outcome }) => outcome.followUps.map((task) => followUpRow(task, now, options))));
}

/** Claimed by this node from the start: it runs the task right after the commit, other nodes wait for the lease. */
function followUpRow(task: PendingFollowUp, now: number, options: PersistOptions) {
  return {
    tenant: task.tenant,
    event_id: task.event_id,
    of_event: task.of_event,
    detector: task.detector,
    task: JSON.stringify(task),
    attempts: 0,
    claimed_until: now + (options.followUpLeaseMs ?? FOLLOW_UP_LEASE_MS),
    created_at: now,
  };
}

function eventRow(event: EngineEvent, now: number) {
  // Message text is stored only in `messages`, where retention can drop it.
  // Forwarded file bytes are scanned, never kept: the payload holds the file's hash and size instead.
  const stripped = event.type === 'detector.follow_up' ? event : stripForwardedBytes(event);
  const payload = stripped.type === 'message.sent' ? { ...stripped, text: undefined } : stripped;
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

function messageRow(event: EngineEvent, outcome: Outcome, options: PersistOptions) {
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

function decisionRow(event: EngineEvent, decision: Decision) {
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
    reasons: JSON.stringify({
      stages: decision.stages,
      risk: decision.risk,
      rules_matched: decision.rules_matched,
      ...(decision.follow_ups ? { follow_ups: decision.follow_ups } : {}),
      ...(decision.follow_up_of ? { follow_up_of: decision.follow_up_of } : {}),
    }),
    rule_input: JSON.stringify(decision.rule_input),
  };
}

/** Stores the latest state of every account and conversation the batch touched (once each). */
async function upsertStates(rows: RowWriter, items: { outcome: Outcome }[], nextVersion: NextVersion): Promise<void> {
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
    version: nextVersion('accounts', a.tenant, a.id),
  }));
  await rows.upsert('accounts', accountRows, STATE_KEY, ['last_seen', 'risk', 'status', 'state', 'version']);
  const conversationRows = [...conversations.values()].map((c) => ({
    tenant: c.tenant,
    id: c.id,
    first_seen: c.firstSeen,
    last_seen: c.lastSeen,
    flagged: c.flagged ? 1 : 0,
    stage_max: furthestStage(c),
    suspect: c.suspect,
    state: JSON.stringify(c),
    version: nextVersion('conversations', c.tenant, c.id),
  }));
  await rows.upsert('conversations', conversationRows, STATE_KEY, ['last_seen', 'flagged', 'stage_max', 'suspect', 'state', 'version']);
}

const STATE_KEY = ['tenant', 'id'];

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

/** The latest intent per case key in the batch, with the most urgent review any of its events asked for. */
async function upsertCases(trx: Trx, items: { outcome: Outcome }[], now: number): Promise<void> {
  const intents = new Map<string, CaseIntent>();
  for (const { outcome } of items) {
    const intent = outcome.caseIntent;
    if (!intent) continue;
    const key = `${intent.tenant}|${intent.conversationKey}`;
    const earlier = intents.get(key);
    intents.set(key, { ...intent, review: mostUrgent(earlier?.review ?? null, intent.review) });
  }
  for (const intent of intents.values()) await upsertCase(trx, intent, now);
}

function mostUrgent<T extends { priority: number }>(a: T | null, b: T | null): T | null {
  if (!a || !b) return a ?? b;
  return b.priority < a.priority ? b : a;
}

/**
 * New evidence joins the case already following this conversation, or else the open case about the same suspect
 * and victim; only a review with neither opens a new case.
 */
async function upsertCase(trx: Trx, intent: CaseIntent, now: number): Promise<void> {
  const existing = await existingCase(trx, intent);
  if (existing) {
    // A more urgent review moves the case to that review's queue (an app-lure case that reaches the threat
    // belongs in the urgent queue), and reopens a closed case: the chain went on after the case was closed.
    const escalates = intent.review !== null && intent.review.priority < existing.priority;
    const reopens = existing.status === 'closed' && intent.review !== null && intent.review.priority <= REOPEN_PRIORITY;
    await trx
      .updateTable('cases')
      .set({
        stage_max: laterStage(existing.stage_max as Stage | null, intent.stageMax),
        updated_at: now,
        priority: Math.min(existing.priority, intent.review?.priority ?? existing.priority),
        ...(escalates || reopens ? { queue: intent.review!.queue } : {}),
        ...(reopens ? { status: 'open', claimed_by: null, claimed_at: null, outcome: null } : {}),
        // The engine may have moved the conversation's suspect (the first guess was the target replying in kind).
        suspect_account: intent.suspect ?? existing.suspect_account,
        ...(intent.suspect && intent.suspect !== existing.suspect_account && intent.victim ? { victim_account: intent.victim } : {}),
      })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  if (!intent.review) return;
  await trx
    .insertInto('cases')
    .values({
      id: `case-${randomUUID()}`,
      tenant: intent.tenant,
      conversation_id: intent.conversationKey,
      suspect_account: intent.suspect,
      victim_account: intent.victim,
      status: 'open',
      queue: intent.review.queue,
      priority: intent.review.priority,
      claimed_by: null,
      claimed_at: null,
      stage_max: intent.stageMax,
      created_at: now,
      updated_at: now,
      outcome: null,
    })
    .execute();
}

/** Reviews this urgent (threat, payment, contact stealer: priority 0) reopen a closed case. */
const REOPEN_PRIORITY = 0;

function laterStage(a: Stage | null, b: Stage | null): Stage | null {
  if (!a || !b) return a ?? b;
  return STAGES.indexOf(b) > STAGES.indexOf(a) ? b : a;
}

async function existingCase(trx: Trx, intent: CaseIntent) {
  const columns = ['id', 'priority', 'stage_max', 'suspect_account', 'status', 'queue'] as const;
  const following = await trx.selectFrom('cases').select(columns).where('tenant', '=', intent.tenant).where('conversation_id', '=', intent.conversationKey).executeTakeFirst();
  if (following || !intent.suspect) return following;
  // Evidence about a suspect outside any conversation (a profile, a ring link) names no victim: it joins the
  // suspect's open case, if there is one, rather than opening a second case about the same account.
  let query = trx.selectFrom('cases').select(columns).where('tenant', '=', intent.tenant).where('status', '=', 'open').where('suspect_account', '=', intent.suspect);
  if (intent.victim) query = query.where('victim_account', '=', intent.victim);
  return query.orderBy('created_at').executeTakeFirst();
}
