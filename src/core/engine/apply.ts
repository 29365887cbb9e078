// How each event type changes account and conversation state before detection runs, and the
// signals and identifiers that come from the event's own fields rather than from a detector.
import type { AccountEvent, ConnectionEvent, EngineEvent, PaymentEvent, ReportEvent } from '../events.ts';
import type { Identifier, Signal } from '../signals.ts';
import { addBounded, MAX_OPENERS, MAX_REQUEST_TIMES, type AccountState, type ConversationState } from './state.ts';

export function applyAccountEvent(account: AccountState, event: AccountEvent, time: number): void {
  const profile = event.account;
  if (profile.created_at) account.createdAt = Date.parse(profile.created_at);
  else if (event.type === 'account.created' && account.createdAt === null) account.createdAt = time;
  const present = [
    profile.display_name,
    profile.bio,
    profile.age,
    profile.photos.length >= 2 ? 1 : undefined,
    profile.declared_location?.country ?? profile.declared_location?.city,
  ].filter((v) => v !== undefined && v !== '').length;
  account.profile = {
    completeness: present / 5,
    declaredCountry: profile.declared_location?.country?.toUpperCase() ?? account.profile.declaredCountry,
    observedCountry: profile.observed_location?.country?.toUpperCase() ?? account.profile.observedCountry,
    photoCount: profile.photos.length,
  };
}

export function applyConnection(from: AccountState, to: AccountState, event: ConnectionEvent, time: number): void {
  if (event.type === 'connection.requested') {
    from.requestsSent += 1;
    from.requestTimes.push(time);
    if (from.requestTimes.length > MAX_REQUEST_TIMES) from.requestTimes.splice(0, from.requestTimes.length - MAX_REQUEST_TIMES);
  } else {
    // `from` accepted a request that `to` sent earlier.
    to.requestsAccepted += 1;
  }
}

export function applyReport(reported: AccountState, event: ReportEvent): void {
  reported.reports.count += 1;
  reported.reports.categories[event.category] = (reported.reports.categories[event.category] ?? 0) + 1;
  addBounded(reported.reports.reporters, event.reporter);
}

/** Counts an opening message per distinct recipient, to spot the same opener sent to many people. */
export function recordOpener(sender: AccountState, text: string, recipients: readonly string[]): string | null {
  const fingerprint = openerFingerprint(text);
  if (!fingerprint) return null;
  const list = sender.openers[fingerprint] ?? [];
  for (const recipient of recipients) addBounded(list, recipient);
  sender.openers[fingerprint] = list;
  const keys = Object.keys(sender.openers);
  if (keys.length > MAX_OPENERS) delete sender.openers[keys[0]];
  return fingerprint;
}

/** Letters only, lower-cased, first 40: survives names, numbers, punctuation and emoji changes. */
export function openerFingerprint(text: string): string | null {
  const letters = text.toLowerCase().replace(/[^\p{L}]+/gu, '').slice(0, 40);
  return letters.length >= 8 ? letters : null;
}

export function joinConversation(conversation: ConversationState, accounts: readonly string[], time: number): void {
  for (const account of accounts) addBounded(conversation.participants, account, 50);
  conversation.lastSeen = Math.max(conversation.lastSeen, time);
}

/** Signals a report, a payment report or a detector's follow-up carries by itself, whatever its text says. */
export function eventSignals(event: EngineEvent): Signal[] {
  if (event.type === 'detector.follow_up') return event.signals.map((s) => ({ ...s }));
  if (event.type === 'report.filed' && (event.category === 'sextortion' || event.category === 'threat')) {
    return [
      {
        detector: 'engine',
        kind: `report.${event.category}`,
        stage: 'threat',
        score: 0.9,
        reasons: [{ code: 'user_report', message: `${event.reporter} reported ${event.reported} for ${event.category}` }],
      },
    ];
  }
  if (event.type === 'payment.reported') {
    return [
      {
        detector: 'engine',
        kind: 'payment.reported',
        stage: 'payment',
        score: 0.95,
        reasons: [
          {
            code: 'payment_reported',
            message: `payment identifiers reported: ${event.identifiers.map((i) => `${i.type} ${i.value}`).join(', ')}`,
            evidence: { amount: event.amount ?? null },
          },
        ],
      },
    ];
  }
  return [];
}

/** Identifiers found in the event's own fields (profile contact data, devices, reported payments). */
export function eventIdentifiers(event: EngineEvent): Identifier[] {
  if (event.type === 'detector.follow_up') return event.identifiers.map((i) => ({ ...i }));
  const source = `${event.type}:${event.id}`;
  if (event.type === 'account.created' || event.type === 'account.updated') return accountIdentifiers(event, source);
  if (event.type === 'payment.reported') return paymentIdentifiers(event, source);
  return [];
}

function accountIdentifiers(event: AccountEvent, source: string): Identifier[] {
  const { account } = event;
  const out: Identifier[] = [];
  if (account.phone) out.push({ type: 'phone', value: account.phone, source });
  if (account.email) out.push({ type: 'email', value: account.email.toLowerCase(), source });
  for (const device of account.device_ids) out.push({ type: 'device', value: device, source });
  if (account.ip) {
    out.push({ type: 'ip', value: account.ip, source });
    const v4 = account.ip.match(/^(\d+\.\d+\.\d+)\.\d+$/);
    if (v4) out.push({ type: 'ip_prefix', value: `${v4[1]}.0/24`, source });
  }
  if (account.user_agent) out.push({ type: 'user_agent', value: account.user_agent, source });
  for (const photo of account.photos) {
    if (photo.pdq) out.push({ type: 'photo_pdq', value: photo.pdq.toLowerCase(), source });
  }
  return out;
}

function paymentIdentifiers(event: PaymentEvent, source: string): Identifier[] {
  return event.identifiers.map((identifier) => ({
    type:
      identifier.type === 'crypto'
        ? 'crypto_wallet'
        : identifier.type === 'mtcn'
          ? 'remittance_receiver'
          : 'payment_account',
    value: identifier.provider ? `${identifier.provider.toLowerCase()}:${identifier.value}` : identifier.value,
    source,
  }));
}
