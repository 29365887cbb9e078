// The match policy a bank service can be given (kept apart from banks.ts, which is about storage and indexes).
import type { BankMatch } from './banks.ts';

/**
 * How banks take part in matching, set by the exchange module (src/modules/exchange/bank-settings.ts): a
 * bank's own match distance, allow (negative) banks whose match clears the image, and quarantine of a bank
 * that floods matches. Without a policy every bank blocks at the caller's distance.
 */
export interface BankMatchPolicy {
  maxDistance(bank: string, fallback: number): number;
  kind(bank: string): 'block' | 'allow';
  quarantined(bank: string): boolean;
  /** Called with the block-bank matches of every policy lookup, for flood accounting. */
  onMatches?(matches: readonly BankMatch[]): void;
}

export interface PolicyLookup {
  /** Block-bank matches that stand (empty when an allow bank matched). */
  matches: BankMatch[];
  /** Allow-bank matches; when any is present the image is known benign and `matches` is empty. */
  allowedBy: BankMatch[];
  /** Block-bank matches cleared by an allow bank. */
  suppressed: BankMatch[];
  /** Banks skipped because they are quarantined. */
  quarantined: string[];
}
