// fast-check generators of valid ChainEvents, every event type, for the engine's property tests. Accounts,
// conversations and tenants come from small pools and times from a ten-day window, so a generated sequence is a
// story in which the same people meet again: requests, messages that walk the kill chain, reports, payments.
// Each generator yields the raw JSON a platform would send (defaults left out, as the API accepts it).
import fc from 'fast-check';
import { ChainEvent, EVENT_TYPES, REPORT_CATEGORIES, type EventType } from '../../src/core/events.ts';

/** The number of runs per property: small in `npm test`, larger when CHAINBREAK_FUZZ_RUNS is set (.ci/run). */
export const PROPERTY_RUNS = Math.max(1, Number(process.env.CHAINBREAK_FUZZ_RUNS ?? '') || 50);

const BASE = Date.parse('2026-11-01T00:00:00Z');
const TENANTS = ['acme', 'beta'];
const ACCOUNTS = ['scammer', 'victim', 'amy', 'bob', 'crew-2', 'new-user'];
const CONVERSATIONS = ['conv-1', 'conv-2', 'conv-3'];

/** Lines that reach each stage (for the keyword detector and the text model), ordinary talk and identifiers. */
const LINES = [
  'hi handsome, you look kind',
  'take off your shirt for me, show me your body',
  "let's continue on skype, add me live:anna.sweet22",
  'my audio is not working, install this app to fix it http://voicefix.example/fix.apk',
  'i recorded your video. i will send the video to all your contacts and family',
  'pay 500 usd now by western union or it goes on youtube',
  'send 200 to GCash 0917 123 4567 or everyone sees it',
  'IBAN DE89 3704 0044 0532 0130 00, transfer now',
  'add me on telegram @honey_250 or whatsapp +63 917 555 0134',
  'want to facetime later tonight?',
  'I owe you for dinner, sending it tomorrow',
  'see you at the cafe at 7',
  '',
];

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const time = fc.integer({ min: 0, max: 10 * 24 * 60 }).map((minutes) => new Date(BASE + minutes * 60_000).toISOString());
const account = fc.constantFrom(...ACCOUNTS);
const conversation = fc.constantFrom(...CONVERSATIONS);
const recipients = (min: number) => fc.uniqueArray(account, { minLength: min, maxLength: 3 });
/** Scripted lines, arbitrary text (any Unicode, lone surrogates too: free text is normalised, not refused), or both. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LINES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LINES), fc.constantFrom(...LINES)).map(([a, b]) => `${a} ${b}`) },
);

const photo = fc.oneof(
  fc.record({ pdq: hex(64) }),
  fc.record({ md5: hex(32) }),
  fc.record({ url: fc.constantFrom('https://cdn.example/p/1.jpg', 'https://img.example/a.png') }),
);

const attachment = fc.record(
  {
    kind: fc.constantFrom('image', 'video', 'audio', 'file', 'apk', 'link'),
    url: fc.constantFrom('http://voicefix.example/fix.apk', 'https://cam-sound.click/voicefix.apk', 'https://photos.example/x.jpg', 't.me/honey_250'),
    name: fc.constantFrom('voicefix.apk', 'photo.jpg', 'clip.mp4'),
    mime: fc.constantFrom('application/vnd.android.package-archive', 'image/jpeg', 'video/mp4'),
    size: fc.integer({ min: 0, max: 50_000_000 }),
    sha256: hex(64),
    pdq: hex(64),
    md5: hex(32),
  },
  { requiredKeys: ['kind'] },
);

const location = fc.record({ country: fc.constantFrom('PH', 'US', 'NG', 'GB'), city: fc.constantFrom('Manila', 'Lagos', 'Leeds') }, { requiredKeys: [] });

const profile = fc.record(
  {
    id: account,
    created_at: time,
    display_name: fc.constantFrom('Anna', 'Jocelyn 💕', 'bob'),
    bio: text,
    age: fc.integer({ min: 0, max: 150 }),
    gender: fc.constantFrom('female', 'male', 'nonbinary'),
    photos: fc.array(photo, { maxLength: 3 }),
    declared_location: location,
    observed_location: location,
    email: fc.constantFrom('anna.sweet22@mail.example', 'bob@example.org'),
    phone: fc.constantFrom('+63 917 555 0134', '+1 202 555 0100', '0917 123 4567'),
    device_ids: fc.array(fc.constantFrom('dev-1', 'dev-2', 'dev-3'), { maxLength: 2 }),
    ip: fc.oneof(fc.ipV4(), fc.ipV6()),
    user_agent: fc.constantFrom('Mozilla/5.0 (Linux; Android 14)', 'okhttp/4.12'),
    links: fc.array(fc.constantFrom('https://t.me/honey_250', 'instagram.com/anna.sweet22'), { maxLength: 2 }),
  },
  { requiredKeys: ['id'] },
);

const paymentIdentifier = fc.oneof(
  fc.record({ type: fc.constant('iban'), value: fc.constantFrom('DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'DE00 0000') }),
  fc.record({ type: fc.constant('ewallet'), value: fc.constantFrom('GCash 0917 123 4567', 'name@okaxis'), provider: fc.constantFrom('gcash', 'upi') }),
  fc.record({ type: fc.constant('crypto'), value: fc.constantFrom('1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'not-a-wallet') }),
  fc.record({ type: fc.constantFrom('bank_account', 'mtcn', 'gift_card', 'cashtag', 'card', 'other'), value: fc.constantFrom('MTCN 123-456-7890', '$cashtag', 'Visa ending 4242', 'BDO-01640177123', 'x') }),
);

const amount = fc.record({ value: fc.double({ min: 0, max: 1e6, noNaN: true }), currency: fc.constantFrom('USD', 'PHP', 'EUR') });

const base = { tenant: fc.constantFrom(...TENANTS), time };

const BY_TYPE: Record<EventType, fc.Arbitrary<Record<string, unknown>>> = {
  'account.created': fc.record({ ...base, type: fc.constant('account.created'), account: profile }),
  'account.updated': fc.record({ ...base, type: fc.constant('account.updated'), account: profile }),
  'connection.requested': fc.record({ ...base, type: fc.constant('connection.requested'), from: account, to: account }),
  'connection.accepted': fc.record({ ...base, type: fc.constant('connection.accepted'), from: account, to: account }),
  'message.sent': fc.record(
    { ...base, type: fc.constant('message.sent'), conversation_id: conversation, sender: account, recipients: recipients(1), text, attachments: fc.array(attachment, { maxLength: 2 }) },
    { requiredKeys: ['tenant', 'time', 'type', 'conversation_id', 'sender', 'recipients'] },
  ),
  'media.shared': fc.record(
    { ...base, type: fc.constant('media.shared'), conversation_id: conversation, sender: account, recipients: recipients(0), media: attachment },
    { requiredKeys: ['tenant', 'time', 'type', 'sender', 'media'] },
  ),
  'report.filed': fc.record(
    { ...base, type: fc.constant('report.filed'), reporter: account, reported: account, category: fc.constantFrom(...REPORT_CATEGORIES), text, conversation_id: conversation },
    { requiredKeys: ['tenant', 'time', 'type', 'reporter', 'reported', 'category'] },
  ),
  'payment.reported': fc.record(
    { ...base, type: fc.constant('payment.reported'), reporter: account, account, conversation_id: conversation, identifiers: fc.array(paymentIdentifier, { minLength: 1, maxLength: 3 }), amount, text },
    { requiredKeys: ['tenant', 'time', 'type', 'identifiers'] },
  ),
};

/** One raw event of the given type (or any type), without an id: sequences number their events. */
export function rawEventArbitrary(type?: EventType): fc.Arbitrary<Record<string, unknown>> {
  return type ? BY_TYPE[type] : fc.oneof(...EVENT_TYPES.map((t) => BY_TYPE[t]));
}

/** A sequence of raw events with distinct ids (`evt-0`, `evt-1`, …), messages weighted up as on a real platform. */
export function rawSequenceArbitrary(options: { maxLength?: number } = {}): fc.Arbitrary<Record<string, unknown>[]> {
  const event = fc.oneof({ weight: 4, arbitrary: BY_TYPE['message.sent'] }, { weight: 3, arbitrary: rawEventArbitrary() });
  return fc.array(event, { minLength: 1, maxLength: options.maxLength ?? 25 }).map((events) => events.map((e, i) => ({ id: `evt-${i}`, ...e })));
}

/** The parsed form the engine reads (defaults applied); throws if a generator ever makes an invalid event. */
export function parseAll(raw: readonly Record<string, unknown>[]): ChainEvent[] {
  return raw.map((r) => ChainEvent.parse(r));
}
