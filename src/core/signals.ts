// What detectors emit and what decisions carry: signals with reasons, spans and identifiers.

/** Kill-chain stages of a conversation, in the order a typical attack runs. */
export const STAGES = ['first_contact', 'escalation', 'offplatform', 'app_lure', 'threat', 'payment'] as const;
export type Stage = (typeof STAGES)[number];

/** The five text labels map onto the stages of the same name. */
export const TEXT_LABELS = ['offplatform', 'app_lure', 'escalation', 'threat', 'payment'] as const;
export type TextLabel = (typeof TEXT_LABELS)[number];

/** A range of UTF-16 code units in one field of the event (for example `text`), end exclusive. */
export interface Span {
  field: string;
  start: number;
  end: number;
  /** The original characters the span covers, copied for the reader's convenience. */
  text?: string;
}

/** Why a signal fired, in words a moderator can read, with the exact evidence. */
export interface Reason {
  code: string;
  message: string;
  spans?: Span[];
  evidence?: Record<string, unknown>;
}

export interface Signal {
  /** The detector that produced it: `text`, `apk`, `pdq`, `rings`, `behaviour`, … */
  detector: string;
  /** A stable machine name, e.g. `text.threat`, `apk.contact_stealer`, `photo.bank_match`, `ring.member`. */
  kind: string;
  /** The kill-chain stage this signal is evidence of, when it is one. */
  stage?: Stage;
  /** Confidence in [0, 1]. */
  score: number;
  reasons: Reason[];
}

export const IDENTIFIER_TYPES = [
  'phone',
  'email',
  'device',
  'ip',
  'ip_prefix',
  'user_agent',
  'photo_pdq',
  'messenger_handle',
  'payment_account',
  'crypto_wallet',
  'apk_signer',
  'domain',
  'remittance_receiver',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Something that ties an account to the world outside the platform (a phone, a wallet, an APK signer). */
export interface Identifier {
  type: IdentifierType;
  /** Normalised value (E.164 phone, lower-cased handle, electronic IBAN, …). */
  value: string;
  /** Where it was seen, e.g. `message.sent:evt-123 text[40,58]` or `apk:signer`. */
  source: string;
  /** Overrides the type's default linking strength: a near (not exact) photo match is only weak evidence. */
  strength?: 'strong' | 'weak';
}

export interface Detection {
  signals: Signal[];
  identifiers: Identifier[];
  /** Work left for later, off the decision path (a network fetch); its result is a follow-up decision. */
  followUps?: FollowUpTask[];
}

/**
 * A detector's deferred work, as data so it can be stored with the decision and retried after a crash: the
 * detector named here runs it later (`Detector.followUp`) and the engine decides on what it found as a
 * `detector.follow_up` event about the original one.
 */
export interface FollowUpTask {
  detector: string;
  /** The detector's own name for the work, e.g. `fetch_apk_link`. */
  task: string;
  /** JSON-safe input for the work (a URL and the field it came from). */
  input: Record<string, unknown>;
}

/** A task as it is run: with the event it was left by. */
export interface FollowUpRun extends FollowUpTask {
  tenant: string;
  of_event: string;
}

export const EMPTY_DETECTION: Detection = Object.freeze({ signals: [], identifiers: [] }) as Detection;

export function clampScore(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.min(1, Math.max(0, x));
}
