// The sink every simulator builder writes into: it hands out stable ids, builds well-formed events and
// records, beside each scripted event, the kill-chain stage it is meant to show.
import type { AccountEvent, Attachment, ChainEvent, MessageEvent, PaymentEvent, ReportEvent } from '../core/events.ts';
import type { Stage } from '../core/signals.ts';
import type { Random } from '../core/random.ts';

/** Finer than the engine's stages: flirting and the victim's replies belong to the script, not to a stage. */
export const SCRIPT_PHASES = [
  'setup',
  'outreach',
  'first_contact',
  'flirting',
  'escalation',
  'offplatform',
  'app_lure',
  'threat',
  'payment',
  'aftermath',
] as const;
export type ScriptPhase = (typeof SCRIPT_PHASES)[number];

export interface SimContext {
  readonly tenant: string;
  readonly random: Random;
  readonly events: ChainEvent[];
  /** Event id -> the stage the event is written to show (only events that show one). */
  readonly expectedStages: Map<string, Stage>;
  /** Event id -> the script phase of every event that belongs to a scam script. */
  readonly phases: Map<string, ScriptPhase>;
  nextEventId(): string;
  nextAccountId(): string;
  nextConversationId(): string;
}

export function createContext(tenant: string, random: Random, idPrefix: string): SimContext {
  if (!tenant.trim()) throw new Error('tenant must not be empty');
  let events = 0;
  let accounts = 0;
  let conversations = 0;
  return {
    tenant,
    random,
    events: [],
    expectedStages: new Map(),
    phases: new Map(),
    nextEventId: () => `evt-${idPrefix}-${(++events).toString().padStart(6, '0')}`,
    nextAccountId: () => `acct-${idPrefix}-${(++accounts).toString().padStart(5, '0')}`,
    nextConversationId: () => `conv-${idPrefix}-${(++conversations).toString().padStart(5, '0')}`,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Marks an event with its script phase and, when it shows one, its stage. */
export function tag(ctx: SimContext, event: ChainEvent, phase: ScriptPhase, stage?: Stage): ChainEvent {
  ctx.phases.set(event.id, phase);
  if (stage) ctx.expectedStages.set(event.id, stage);
  return event;
}

export function pushAccount(
  ctx: SimContext,
  time: number,
  type: AccountEvent['type'],
  account: Partial<AccountEvent['account']> & { id: string },
): AccountEvent {
  const event: AccountEvent = {
    id: ctx.nextEventId(),
    tenant: ctx.tenant,
    time: iso(time),
    type,
    account: { photos: [], device_ids: [], links: [], ...account },
  };
  ctx.events.push(event);
  return event;
}

export function pushConnection(
  ctx: SimContext,
  time: number,
  type: 'connection.requested' | 'connection.accepted',
  from: string,
  to: string,
): ChainEvent {
  const event: ChainEvent = { id: ctx.nextEventId(), tenant: ctx.tenant, time: iso(time), type, from, to };
  ctx.events.push(event);
  return event;
}

export function pushMessage(
  ctx: SimContext,
  time: number,
  conversationId: string,
  sender: string,
  recipients: string[],
  text: string,
  attachments: Attachment[] = [],
): MessageEvent {
  const event: MessageEvent = {
    id: ctx.nextEventId(),
    tenant: ctx.tenant,
    time: iso(time),
    type: 'message.sent',
    conversation_id: conversationId,
    sender,
    recipients,
    text,
    attachments,
  };
  ctx.events.push(event);
  return event;
}

export function pushReport(ctx: SimContext, time: number, fields: Omit<ReportEvent, 'id' | 'tenant' | 'time' | 'type'>): ReportEvent {
  const event: ReportEvent = { id: ctx.nextEventId(), tenant: ctx.tenant, time: iso(time), type: 'report.filed', ...fields };
  ctx.events.push(event);
  return event;
}

export function pushPayment(ctx: SimContext, time: number, fields: Omit<PaymentEvent, 'id' | 'tenant' | 'time' | 'type'>): PaymentEvent {
  const event: PaymentEvent = { id: ctx.nextEventId(), tenant: ctx.tenant, time: iso(time), type: 'payment.reported', ...fields };
  ctx.events.push(event);
  return event;
}

/** Fills {placeholders}; an unknown placeholder is a bug in a script, so it fails loudly. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`script template "${template}" needs a value for {${key}}`);
    return value;
  });
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Sorts by time; events at the same millisecond keep the order they were written in. */
export function sortByTime(events: ChainEvent[]): ChainEvent[] {
  return events
    .map((event, index) => ({ event, index, time: Date.parse(event.time) }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((entry) => entry.event);
}
