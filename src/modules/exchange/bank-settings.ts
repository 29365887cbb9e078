// Per-bank exchange settings and the match policy the PDQ banks apply: allow (negative) banks whose match clears
// an image (stock photos, memes, a platform's own logo: what HMA users ask for as "negative banks"), a match
// distance per bank (a partner's bank may be trusted only for near-exact copies), and quarantine of a bank that
// floods matches. A bank that suddenly matches everything is far more likely a bad import (a hash of a blank
// image, a wrong list) than an epidemic, and left alone it would flag every user; so it stops matching until
// a person releases it.
import type { Kysely } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { BankMatch } from '../pdq/banks.ts';
import type { BankMatchPolicy } from '../pdq/bank-policy.ts';
import type { ExchangeTables } from './migration.ts';

export type BankKind = 'block' | 'allow';

export interface BankSettings {
  bank: string;
  kind: BankKind;
  maxDistance: number | null;
  floodLimit: number;
  floodWindowMs: number;
  quarantinedAt: number | null;
  quarantineReason: string | null;
  labels: string[];
}

export const DEFAULT_FLOOD_LIMIT = 1_000;
export const DEFAULT_FLOOD_WINDOW_MS = 3_600_000;

export class BankSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BankSettingsError';
  }
}

export interface QuarantineEvent {
  bank: string;
  matches: number;
  windowMs: number;
  reason: string;
  at: number;
}

export class BankSettingsStore implements BankMatchPolicy {
  private readonly db: CoreDb;
  private readonly now: () => number;
  private readonly settings = new Map<string, BankSettings>();
  /** Match times per bank inside its flood window (in memory: a restart forgets counts, never a quarantine). */
  private readonly recent = new Map<string, number[]>();
  private readonly onQuarantine: ((event: QuarantineEvent) => void) | undefined;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(db: CoreDb, options: { now?: () => number; onQuarantine?: (event: QuarantineEvent) => void } = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
    this.onQuarantine = options.onQuarantine;
  }

  async load(): Promise<void> {
    this.settings.clear();
    for (const row of await this.db.selectFrom('exchange_bank_settings').selectAll().execute()) {
      this.settings.set(row.bank, {
        bank: row.bank,
        kind: row.kind === 'allow' ? 'allow' : 'block',
        maxDistance: row.max_distance == null ? null : Number(row.max_distance),
        floodLimit: Number(row.flood_limit),
        floodWindowMs: Number(row.flood_window_ms),
        quarantinedAt: row.quarantined_at == null ? null : Number(row.quarantined_at),
        quarantineReason: row.quarantine_reason ?? null,
        labels: JSON.parse(row.labels),
      });
    }
  }

  get(bank: string): BankSettings {
    return this.settings.get(bank) ?? { bank, kind: 'block', maxDistance: null, floodLimit: DEFAULT_FLOOD_LIMIT, floodWindowMs: DEFAULT_FLOOD_WINDOW_MS, quarantinedAt: null, quarantineReason: null, labels: [] };
  }

  all(): BankSettings[] {
    return [...this.settings.values()].sort((a, b) => a.bank.localeCompare(b.bank));
  }

  async configure(bank: string, change: Partial<Pick<BankSettings, 'kind' | 'maxDistance' | 'floodLimit' | 'floodWindowMs' | 'labels'>>): Promise<BankSettings> {
    if (change.kind !== undefined && change.kind !== 'block' && change.kind !== 'allow') throw new BankSettingsError(`bank kind must be "block" or "allow", got "${change.kind}"`);
    if (change.maxDistance != null && (!Number.isInteger(change.maxDistance) || change.maxDistance < 0 || change.maxDistance > 64)) {
      throw new BankSettingsError(`max distance must be an integer from 0 to 64, got ${change.maxDistance}`);
    }
    if (change.floodLimit !== undefined && (!Number.isInteger(change.floodLimit) || change.floodLimit < 1)) throw new BankSettingsError('flood limit must be a positive integer');
    if (change.floodWindowMs !== undefined && (!Number.isInteger(change.floodWindowMs) || change.floodWindowMs < 1_000)) throw new BankSettingsError('flood window must be at least 1000 ms');
    if (change.labels !== undefined && (!Array.isArray(change.labels) || change.labels.some((l) => typeof l !== 'string' || l.length > 100) || change.labels.length > 50)) {
      throw new BankSettingsError('labels must be at most 50 strings of at most 100 characters');
    }
    const next: BankSettings = { ...this.get(bank), ...withoutUndefined(change) };
    await this.save(next);
    return next;
  }

  /** Lifts a quarantine (after someone checked the bank) and forgets the match counts. */
  async release(bank: string): Promise<BankSettings> {
    const next = { ...this.get(bank), quarantinedAt: null, quarantineReason: null };
    this.recent.delete(bank);
    await this.save(next);
    return next;
  }

  async quarantine(bank: string, reason: string): Promise<BankSettings> {
    const next = { ...this.get(bank), quarantinedAt: this.now(), quarantineReason: reason };
    await this.save(next);
    return next;
  }

  /** Waits for quarantines decided during lookups to be written. */
  flush(): Promise<unknown> {
    return this.pending;
  }

  // BankMatchPolicy

  maxDistance(bank: string, fallback: number): number {
    return this.settings.get(bank)?.maxDistance ?? fallback;
  }

  kind(bank: string): BankKind {
    return this.settings.get(bank)?.kind ?? 'block';
  }

  quarantined(bank: string): boolean {
    return this.settings.get(bank)?.quarantinedAt != null;
  }

  onMatches(matches: readonly BankMatch[]): void {
    const now = this.now();
    for (const bank of new Set(matches.map((m) => m.bank))) {
      const s = this.get(bank);
      if (s.quarantinedAt != null) continue;
      const times = (this.recent.get(bank) ?? []).filter((t) => t > now - s.floodWindowMs);
      times.push(now);
      this.recent.set(bank, times);
      if (times.length <= s.floodLimit) continue;
      const reason = `bank matched ${times.length} lookups within ${Math.round(s.floodWindowMs / 60_000)} min (limit ${s.floodLimit}); quarantined until someone checks it`;
      const next = { ...s, quarantinedAt: now, quarantineReason: reason };
      // The in-memory switch is immediate, so the very next lookup already skips the bank.
      this.settings.set(bank, next);
      this.recent.delete(bank);
      this.pending = this.pending.then(() => this.save(next)).catch(() => undefined);
      this.onQuarantine?.({ bank, matches: times.length, windowMs: s.floodWindowMs, reason, at: now });
    }
  }

  private async save(s: BankSettings): Promise<void> {
    const row = {
      kind: s.kind,
      max_distance: s.maxDistance,
      flood_limit: s.floodLimit,
      flood_window_ms: s.floodWindowMs,
      quarantined_at: s.quarantinedAt,
      quarantine_reason: s.quarantineReason,
      labels: JSON.stringify(s.labels),
      updated_at: this.now(),
    };
    await this.db.insertInto('exchange_bank_settings').values({ bank: s.bank, ...row }).onConflict((oc) => oc.column('bank').doUpdateSet(row)).execute();
    this.settings.set(s.bank, s);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
