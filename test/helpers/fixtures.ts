// Small event builders for the core tests.
import type { ChainEvent } from '../../src/core/events.ts';

let counter = 0;
const BASE = Date.parse('2026-11-01T10:00:00Z');

export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

export function message(fields: { conversation?: string; sender?: string; to?: string; text: string; minute: number; id?: string; tenant?: string; attachments?: unknown[] }): ChainEvent {
  return {
    id: fields.id ?? `m-${++counter}`,
    tenant: fields.tenant ?? 'acme',
    time: at(fields.minute),
    type: 'message.sent',
    conversation_id: fields.conversation ?? 'conv-1',
    sender: fields.sender ?? 'scammer',
    recipients: [fields.to ?? 'victim'],
    text: fields.text,
    attachments: (fields.attachments ?? []) as never,
  };
}

/** A whole scam conversation in English: first contact to payment demand within two hours. */
export function scamConversation(conversation = 'conv-1', tenant = 'acme'): { event: ChainEvent; stage: string }[] {
  const m = (minute: number, text: string, from = 'scammer', to = 'victim') =>
    message({ conversation, sender: from, to, text, minute, tenant, id: `${conversation}-${minute}-${from}` });
  return [
    { event: m(0, 'hi handsome, you look kind'), stage: 'first_contact' },
    { event: m(3, 'hello! thanks', 'victim', 'scammer'), stage: 'none' },
    { event: m(20, 'take off your shirt for me, show me your body'), stage: 'escalation' },
    { event: m(30, "let's continue on skype, add me live:anna.sweet22"), stage: 'offplatform' },
    { event: m(55, 'my audio is not working, install this app to fix it http://voicefix.example/fix.apk'), stage: 'app_lure' },
    { event: m(70, 'i recorded your video. i will send the video to all your contacts and family'), stage: 'threat' },
    { event: m(75, 'pay 500 usd now by western union or it goes on youtube'), stage: 'payment' },
  ];
}
