// The platform events Chainbreak reads. Every event is validated here before anything else sees it,
// so the engine, detectors and store can trust their shape.
import { z } from 'zod';
import { IDENTIFIER_TYPES, STAGES } from './signals.ts';

// Canonical strings (issue 17.2). The store keeps UTF-8, where an unpaired surrogate cannot exist: it
// would be written as U+FFFD, so the string checked (for duplicates, tenants, links) would differ from
// the one stored. Identifiers are therefore refused at validation, naming the field; free text is
// normalised to U+FFFD here, before anything reads it, so checked and stored are the same string.
const WELL_FORMED = { message: 'must be valid Unicode: it contains an unpaired surrogate (\\uD800-\\uDFFF)' };
const isWellFormed = (value: string): boolean => value.isWellFormed();
/** An identifier-like string: unpaired surrogates are refused. */
const ident = (max: number) => z.string().max(max).refine(isWellFormed, WELL_FORMED);
/** Free text: unpaired surrogates become U+FFFD (a platform that cut an emoji in half should not lose the event). */
const text = (max: number) => z.string().max(max).overwrite((value) => value.toWellFormed());

const id = z.string().trim().min(1).max(200).refine(isWellFormed, WELL_FORMED);
const shortText = text(2_000);
/** Message text is capped well above real chat messages; larger payloads are rejected, not truncated. */
export const MAX_TEXT_LENGTH = 20_000;

export const Photo = z
  .object({
    url: z.url().max(2_000).optional(),
    pdq: z.string().regex(/^[0-9a-fA-F]{64}$/, 'pdq must be 64 hex digits').optional(),
    md5: z.string().regex(/^[0-9a-fA-F]{32}$/, 'md5 must be 32 hex digits').optional(),
  })
  .refine((p) => p.url || p.pdq || p.md5, { message: 'a photo needs a url, a pdq hash or an md5' });

export const Location = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/, 'country must be an ISO 3166 alpha-2 code').optional(),
  region: shortText.optional(),
  city: shortText.optional(),
});

export const AccountProfile = z.object({
  id,
  created_at: z.iso.datetime({ offset: true }).optional(),
  display_name: shortText.optional(),
  bio: shortText.optional(),
  age: z.number().int().min(0).max(150).optional(),
  gender: text(50).optional(),
  photos: z.array(Photo).max(50).default([]),
  declared_location: Location.optional(),
  observed_location: Location.optional(),
  email: ident(320).optional(),
  phone: ident(50).optional(),
  device_ids: z.array(ident(200).min(1)).max(50).default([]),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  user_agent: text(1_000).optional(),
  links: z.array(ident(2_000)).max(50).default([]),
});

export const Attachment = z.object({
  kind: z.enum(['image', 'video', 'audio', 'file', 'apk', 'link']),
  url: ident(2_000).optional(),
  name: text(500).optional(),
  mime: ident(200).optional(),
  size: z.number().int().min(0).optional(),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex digits').optional(),
  pdq: z.string().regex(/^[0-9a-fA-F]{64}$/, 'pdq must be 64 hex digits').optional(),
  md5: z.string().regex(/^[0-9a-fA-F]{32}$/, 'md5 must be 32 hex digits').optional(),
  /** Base64 bytes of a small file (for example an APK under the upload cap) when the platform forwards it. */
  content_base64: z.string().max(40_000_000).optional(),
});

const base = {
  id,
  tenant: z.string().trim().min(1).max(100).refine(isWellFormed, WELL_FORMED),
  time: z.iso.datetime({ offset: true }),
};

export const AccountEvent = z.object({
  ...base,
  type: z.enum(['account.created', 'account.updated']),
  account: AccountProfile,
});

export const ConnectionEvent = z.object({
  ...base,
  type: z.enum(['connection.requested', 'connection.accepted']),
  from: id,
  to: id,
});

export const MessageEvent = z.object({
  ...base,
  type: z.literal('message.sent'),
  conversation_id: id,
  sender: id,
  recipients: z.array(id).min(1).max(500),
  text: text(MAX_TEXT_LENGTH).default(''),
  attachments: z.array(Attachment).max(20).default([]),
});

export const MediaEvent = z.object({
  ...base,
  type: z.literal('media.shared'),
  conversation_id: id.optional(),
  sender: id,
  recipients: z.array(id).max(500).default([]),
  media: Attachment,
});

export const REPORT_CATEGORIES = ['sextortion', 'threat', 'scam', 'fake_profile', 'harassment', 'spam', 'other'] as const;

export const ReportEvent = z.object({
  ...base,
  type: z.literal('report.filed'),
  reporter: id,
  reported: id,
  category: z.enum(REPORT_CATEGORIES),
  text: text(MAX_TEXT_LENGTH).default(''),
  conversation_id: id.optional(),
});

export const PaymentIdentifier = z.object({
  type: z.enum(['iban', 'bank_account', 'ewallet', 'crypto', 'mtcn', 'gift_card', 'cashtag', 'card', 'other']),
  value: z.string().trim().min(1).max(200).refine(isWellFormed, WELL_FORMED),
  provider: ident(100).optional(),
});

export const PaymentEvent = z.object({
  ...base,
  type: z.literal('payment.reported'),
  reporter: id.optional(),
  account: id.optional(),
  conversation_id: id.optional(),
  identifiers: z.array(PaymentIdentifier).min(1).max(50),
  amount: z.object({ value: z.number().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
  text: text(MAX_TEXT_LENGTH).default(''),
});

export const ChainEvent = z.discriminatedUnion('type', [
  AccountEvent,
  ConnectionEvent,
  MessageEvent,
  MediaEvent,
  ReportEvent,
  PaymentEvent,
]);

export type ChainEvent = z.infer<typeof ChainEvent>;

const StoredReason = z.object({
  code: z.string().max(200),
  message: z.string().max(5_000),
  spans: z.array(z.object({ field: z.string(), start: z.number(), end: z.number(), text: z.string().optional() })).optional(),
  evidence: z.record(z.string(), z.unknown()).optional(),
});
const StoredSignal = z.object({
  detector: z.string().max(100),
  kind: z.string().max(200),
  stage: z.enum(STAGES).optional(),
  score: z.number().min(0).max(1),
  reasons: z.array(StoredReason).max(500),
});
const StoredIdentifier = z.object({
  type: z.enum(IDENTIFIER_TYPES),
  value: z.string().max(2_000),
  source: z.string().max(2_000),
  strength: z.enum(['strong', 'weak']).optional(),
});

/**
 * What a detector found later, off the decision path, about an earlier event (the file behind an APK link,
 * a profile photo behind a URL). Chainbreak writes these itself; platforms cannot send them. Stored in the
 * event log like any event, so a replay decides the same without fetching anything again.
 */
export const FollowUpEvent = z.object({
  ...base,
  type: z.literal('detector.follow_up'),
  /** The event the work was about; its decision said the follow-up would come. */
  of_event: id,
  detector: ident(100),
  task: ident(100),
  /** Who the original event was about (the sender) and the conversation and people it reached. */
  subject: id.optional(),
  conversation_id: id.optional(),
  recipients: z.array(id).max(500).default([]),
  signals: z.array(StoredSignal).max(100),
  identifiers: z.array(StoredIdentifier).max(500),
});
export type FollowUpEvent = z.infer<typeof FollowUpEvent>;

/** Every event the engine decides: the platform's, and Chainbreak's own follow-ups. */
export type EngineEvent = ChainEvent | FollowUpEvent;
export const EngineEvent = z.discriminatedUnion('type', [...ChainEvent.options, FollowUpEvent]);
export type AccountEvent = z.infer<typeof AccountEvent>;
export type ConnectionEvent = z.infer<typeof ConnectionEvent>;
export type MessageEvent = z.infer<typeof MessageEvent>;
export type MediaEvent = z.infer<typeof MediaEvent>;
export type ReportEvent = z.infer<typeof ReportEvent>;
export type PaymentEvent = z.infer<typeof PaymentEvent>;
export type Attachment = z.infer<typeof Attachment>;
export type EventType = ChainEvent['type'];
export const EVENT_TYPES: readonly EventType[] = [
  'account.created',
  'account.updated',
  'connection.requested',
  'connection.accepted',
  'message.sent',
  'media.shared',
  'report.filed',
  'payment.reported',
];

export interface FieldError {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; event: ChainEvent } | { ok: false; errors: FieldError[] };

/** Validates one raw event; the errors name each offending field by its dotted path. */
export function parseEvent(raw: unknown): ParseResult {
  const result = ChainEvent.safeParse(raw);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, errors: toFieldErrors(result.error) };
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

export function eventTimeMs(event: EngineEvent): number {
  return Date.parse(event.time);
}
