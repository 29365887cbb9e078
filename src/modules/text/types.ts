// Shapes the text module hands out: entities with spans into the original text, and the per-message analysis.
import type { Span, TextLabel } from '../../core/signals.ts';

export const ENTITY_TYPES = [
  'url',
  'email',
  'phone',
  'messenger_handle',
  'iban',
  'bic',
  'bank_account',
  'ewallet',
  'remittance',
  'gift_card',
  'crypto_wallet',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Something concrete named in a message; start/end are UTF-16 offsets into the original text, end exclusive. */
export interface Entity {
  type: EntityType;
  /** Normalised value: E.164 phone, `service:handle`, electronic IBAN, `scheme:id` account, URL. */
  value: string;
  start: number;
  end: number;
  /** Extra facts, e.g. a URL's registrable domain, `apk`, `shortener`, `lookalike` brand; a phone's country. */
  detail?: Record<string, string>;
}

export interface TextAnalysis {
  labels: TextLabel[];
  scores: Record<TextLabel, number>;
  entities: Entity[];
  lang: string;
  evidence: Record<TextLabel, Span[]>;
}

export interface AnalyzeOptions {
  /** A language hint (ISO 639-1, e.g. `tl`, `ko`); also picks the default country for phone numbers. */
  lang?: string;
  /**
   * Let strong cues (lexicon-acts.ts) decide their label (default true). Off only for the honest dev proxy
   * (`text eval --dev --no-act-cues`): those wordings were written while reading dev, so with them on, dev
   * cross-validation scores lines partly against their own transcription.
   */
  strongCues?: boolean;
}
