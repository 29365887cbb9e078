// Hash banks as the exchanges see them: PDQ entries live in the PDQ module's banks (with their quality), video
// MD5 entries and each signal's exchange metadata (category, tags, collab, the source's record id) live next to
// them here. Imports are validated whole, tombstones disable entries, exports carry everything back out, and
// look-ups answer in HMA's shape (bank name → [{bank_content_id, distance}]) as well as in full.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import { HashListError } from '../pdq/hash-lists.ts';
import { PDQ_MATCH_THRESHOLD, PDQ_QUALITY_THRESHOLD } from '../pdq/hash256.ts';
import { PdqBankError, type BankMatch, type PdqBankService, type Provenance } from '../pdq/banks.ts';
import type { BankSettingsStore } from './bank-settings.ts';
import type { ExchangeTables } from './migration.ts';
import { checkRecord, formatSignals, parseSignals, type ExchangeFormat, type SignalRecord, type SignalType } from './signal-formats.ts';

export interface ImportSummary {
  added: number;
  duplicates: number;
  disabled: number;
  skipped: { line?: number; signal?: string; reason: string }[];
}

/** HMA's match entry: the distance is a string, as HMA's `pretty_str()` prints it. */
export interface HmaMatch {
  bank_content_id: number;
  distance: string;
}

export interface DetailedMatch {
  bank: string;
  signal_type: SignalType;
  signal: string;
  distance: number;
  bank_content_id: number;
  quality: number | null;
  tags: string[];
  category: string | null;
  source: string;
}

export interface DetailedLookup {
  matches: DetailedMatch[];
  allowed_by: DetailedMatch[];
  suppressed: DetailedMatch[];
  quarantined: string[];
}

export class HashExchange {
  private readonly db: CoreDb;
  private readonly banks: PdqBankService;
  readonly settings: BankSettingsStore;
  private readonly now: () => number;

  constructor(options: { db: CoreDb; banks: PdqBankService; settings: BankSettingsStore; now?: () => number }) {
    this.db = options.db;
    this.banks = options.banks;
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
  }

  hasBank(name: string): boolean {
    return this.banks.hasBank(name);
  }

  /** HMA's `/m/index/status` shape. Chainbreak's indexes are updated on every write, so they are built to now. */
  async indexStatus(): Promise<Record<SignalType, { present: boolean; built_to: number; size: number }>> {
    const md5 = await this.db.selectFrom('exchange_md5_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('enabled', '=', 1).executeTakeFirstOrThrow();
    const builtTo = Math.floor(this.now() / 1000);
    return { pdq: { present: true, built_to: builtTo, size: this.banks.stats().enabled }, video_md5: { present: true, built_to: builtTo, size: Number(md5.n) } };
  }

  /** Reads a list in one of the exchange formats and imports it; any bad line refuses the whole list. */
  async importText(bank: string, text: string, format: ExchangeFormat, provenance: Provenance): Promise<ImportSummary> {
    const parsed = parseSignals(text, format);
    if (parsed.errors.length) throw new HashListError(parsed.errors);
    const summary = await this.importRecords(bank, parsed.records, provenance);
    return { ...summary, skipped: [...parsed.skipped, ...summary.skipped] };
  }

  async importRecords(bank: string, input: readonly SignalRecord[], provenance: Provenance): Promise<ImportSummary> {
    if (!this.banks.hasBank(bank)) throw new PdqBankError('not_found', `no bank named "${bank}"`);
    const records = input.map((r) => ({ ...r }));
    const bad = records.map((r, i) => ({ i, problem: checkRecord(r) })).filter((x) => x.problem);
    if (bad.length) throw new HashListError(bad.map((b) => ({ line: b.i + 1, message: b.problem! })));
    const allowBank = this.settings.kind(bank) === 'allow';
    const summary: ImportSummary = { added: 0, duplicates: 0, disabled: 0, skipped: [] };
    const pdq: { hash: string; quality?: number; note?: string }[] = [];
    const md5: SignalRecord[] = [];
    const live: SignalRecord[] = [];
    for (const r of records) {
      if (r.deleted) {
        summary.disabled += (await this.disable(bank, r.signal_type, r.signal, provenance.added_by)) ? 1 : 0;
        continue;
      }
      if (r.category === 'NEGATIVE_CLASS' && !allowBank) {
        summary.skipped.push({ signal: r.signal, reason: 'negative (benign) opinion: import it into an allow bank' });
        continue;
      }
      if (r.signal_type === 'pdq' && r.quality !== undefined && r.quality < PDQ_QUALITY_THRESHOLD) {
        summary.skipped.push({ signal: r.signal, reason: `PDQ quality ${r.quality} is below ${PDQ_QUALITY_THRESHOLD}: too unreliable to match on` });
        continue;
      }
      live.push(r);
      if (r.signal_type === 'pdq') pdq.push({ hash: r.signal, ...(r.quality !== undefined ? { quality: r.quality } : {}), ...(r.tags?.length ? { note: `tags=${r.tags.join(' ')}` } : {}) });
      else md5.push(r);
    }
    if (pdq.length) {
      const result = await this.banks.add(bank, pdq, provenance);
      summary.added += result.added;
      summary.duplicates += result.duplicates;
    }
    const at = provenance.added_at ?? this.now();
    await this.db.transaction().execute(async (trx) => {
      for (const r of md5) {
        const inserted = await trx
          .insertInto('exchange_md5_entries')
          .values({ bank, md5: r.signal, source: provenance.source, added_by: provenance.added_by, added_at: at, note: provenance.note ?? null, enabled: 1 })
          .onConflict((oc) => oc.columns(['bank', 'md5']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) summary.added++;
        else summary.duplicates++;
      }
      // Metadata rows only for signals that carry some: a plain hash list adds none.
      for (const r of live.filter((x) => x.tags?.length || x.collab || x.external_id || (x.category && x.category !== 'POSITIVE_CLASS'))) {
        const meta = { tags: JSON.stringify(r.tags ?? []), collab: r.collab ?? null, category: r.category ?? null, external_id: r.external_id ?? null, updated_at: this.now() };
        await trx
          .insertInto('exchange_signal_meta')
          .values({ bank, signal_type: r.signal_type, signal: r.signal, ...meta })
          .onConflict((oc) => oc.columns(['bank', 'signal_type', 'signal']).doUpdateSet(meta))
          .execute();
      }
    });
    return summary;
  }

  /** Disables an entry (PDQ or MD5); false when it was absent or already disabled. */
  async disable(bank: string, type: SignalType, signal: string, by: string): Promise<boolean> {
    if (type === 'pdq') {
      try {
        return await this.banks.disable(bank, signal, by);
      } catch (error) {
        if (error instanceof PdqBankError && error.kind === 'not_found') return false;
        throw error;
      }
    }
    const result = await this.db.updateTable('exchange_md5_entries').set({ enabled: 0 }).where('bank', '=', bank).where('md5', '=', signal.toLowerCase()).where('enabled', '=', 1).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async exportText(bank: string, format: ExchangeFormat, options: { includeDisabled?: boolean } = {}): Promise<string> {
    return formatSignals(bank, await this.exportRecords(bank, options), format);
  }

  async exportRecords(bank: string, options: { includeDisabled?: boolean } = {}): Promise<SignalRecord[]> {
    if (!this.banks.hasBank(bank)) throw new PdqBankError('not_found', `no bank named "${bank}"`);
    const meta = new Map<string, ExchangeTables['exchange_signal_meta']>();
    for (const row of await this.db.selectFrom('exchange_signal_meta').selectAll().where('bank', '=', bank).execute()) meta.set(`${row.signal_type}:${row.signal}`, row);
    let pdqQuery = this.db.selectFrom('pdq_entries').select(['hash', 'quality', 'source', 'added_at', 'enabled']).where('bank', '=', bank);
    if (!options.includeDisabled) pdqQuery = pdqQuery.where('enabled', '=', 1);
    let md5Query = this.db.selectFrom('exchange_md5_entries').select(['md5', 'source', 'added_at', 'enabled']).where('bank', '=', bank);
    if (!options.includeDisabled) md5Query = md5Query.where('enabled', '=', 1);
    const rows = [
      ...(await pdqQuery.orderBy('added_at').orderBy('hash').execute()).map((r) => ({ type: 'pdq' as const, signal: r.hash, quality: r.quality, source: r.source, added_at: Number(r.added_at), enabled: Number(r.enabled) })),
      ...(await md5Query.orderBy('added_at').orderBy('md5').execute()).map((r) => ({ type: 'video_md5' as const, signal: r.md5, quality: null, source: r.source, added_at: Number(r.added_at), enabled: Number(r.enabled) })),
    ];
    return rows.map((r) => {
      const m = meta.get(`${r.type}:${r.signal}`);
      const tags = m ? (JSON.parse(m.tags) as string[]) : [];
      return {
        signal_type: r.type,
        signal: r.signal,
        ...(r.quality != null ? { quality: r.quality } : {}),
        category: (m?.category as SignalRecord['category']) ?? (this.settings.kind(bank) === 'allow' ? 'NEGATIVE_CLASS' : 'POSITIVE_CLASS'),
        ...(tags.length ? { tags } : {}),
        ...(m?.collab ? { collab: m.collab } : {}),
        ...(m?.external_id ? { external_id: m.external_id } : {}),
        ...(r.enabled ? {} : { deleted: true }),
        source: r.source,
        added_at: new Date(r.added_at).toISOString(),
      };
    });
  }

  /** Full look-up: matches that stand, allow-bank matches that cleared the signal, and quarantined banks. */
  async lookup(type: SignalType, signal: string, options: { banks?: string[]; maxDistance?: number } = {}): Promise<DetailedLookup> {
    const value = signal.trim().toLowerCase();
    const names = options.banks ?? this.banks.listBanks().map((b) => b.name);
    for (const n of names) if (!this.banks.hasBank(n)) throw new PdqBankError('not_found', `no bank named "${n}"`);
    if (type === 'pdq') {
      const r = await this.banks.lookupWithPolicy(value, options.maxDistance ?? PDQ_MATCH_THRESHOLD, { banks: names });
      return { matches: await this.detail(r.matches), allowed_by: await this.detail(r.allowedBy), suppressed: await this.detail(r.suppressed), quarantined: r.quarantined };
    }
    if (!/^[0-9a-f]{32}$/.test(value)) throw new PdqBankError('invalid', `not a video_md5 hash (32 hex digits): "${signal.slice(0, 80)}"`);
    const quarantined = names.filter((n) => this.settings.quarantined(n));
    const live = names.filter((n) => !this.settings.quarantined(n));
    const rows = live.length ? await this.db.selectFrom('exchange_md5_entries').selectAll().where('md5', '=', value).where('enabled', '=', 1).where('bank', 'in', live).execute() : [];
    const found = await this.detailMd5(rows);
    const allowed = found.filter((m) => this.settings.kind(m.bank) === 'allow');
    const block = found.filter((m) => this.settings.kind(m.bank) !== 'allow');
    if (allowed.length) return { matches: [], allowed_by: allowed, suppressed: block, quarantined };
    if (block.length) this.settings.onMatches(block.map((m) => ({ bank: m.bank }) as BankMatch));
    return { matches: block, allowed_by: [], suppressed: [], quarantined };
  }

  /** HMA's `/m/lookup?signal_type=&signal=` answer: bank name → matches that stand. */
  async lookupHma(type: SignalType, signal: string, options: { banks?: string[] } = {}): Promise<Record<string, HmaMatch[]>> {
    const result = await this.lookup(type, signal, options);
    const out: Record<string, HmaMatch[]> = {};
    for (const m of result.matches) (out[m.bank] ??= []).push({ bank_content_id: m.bank_content_id, distance: String(m.distance) });
    return out;
  }

  private async detail(matches: BankMatch[]): Promise<DetailedMatch[]> {
    const meta = await this.metaFor(matches.map((m) => ({ bank: m.bank, type: 'pdq' as const, signal: m.hash })));
    return matches.map((m) => {
      const x = meta.get(`${m.bank}\npdq\n${m.hash}`);
      return { bank: m.bank, signal_type: 'pdq', signal: m.hash, distance: m.distance, bank_content_id: contentId(m.bank, 'pdq', m.hash), quality: m.quality, tags: x ? JSON.parse(x.tags) : [], category: x?.category ?? null, source: m.provenance.source };
    });
  }

  private async detailMd5(rows: ExchangeTables['exchange_md5_entries'][]): Promise<DetailedMatch[]> {
    const meta = await this.metaFor(rows.map((r) => ({ bank: r.bank, type: 'video_md5' as const, signal: r.md5 })));
    return rows.map((r) => {
      const x = meta.get(`${r.bank}\nvideo_md5\n${r.md5}`);
      return { bank: r.bank, signal_type: 'video_md5', signal: r.md5, distance: 0, bank_content_id: contentId(r.bank, 'video_md5', r.md5), quality: null, tags: x ? JSON.parse(x.tags) : [], category: x?.category ?? null, source: r.source };
    });
  }

  private async metaFor(keys: { bank: string; type: SignalType; signal: string }[]) {
    const map = new Map<string, ExchangeTables['exchange_signal_meta']>();
    if (keys.length === 0) return map;
    // By (bank, type) so the primary key (bank, signal_type, signal) serves the look-up.
    const groups = new Map<string, { bank: string; type: SignalType; signals: Set<string> }>();
    for (const k of keys) {
      const g = groups.get(`${k.bank}\n${k.type}`) ?? { bank: k.bank, type: k.type, signals: new Set<string>() };
      g.signals.add(k.signal);
      groups.set(`${k.bank}\n${k.type}`, g);
    }
    for (const g of groups.values()) {
      const rows = await this.db.selectFrom('exchange_signal_meta').selectAll().where('bank', '=', g.bank).where('signal_type', '=', g.type).where('signal', 'in', [...g.signals]).execute();
      for (const r of rows) map.set(`${r.bank}\n${r.signal_type}\n${r.signal}`, r);
    }
    return map;
  }
}

/**
 * HMA numbers bank content with integers. Chainbreak's entries are keyed by (bank, hash), so the id is derived
 * from that key: the first 48 bits of its SHA-256, stable across restarts and instances and exact in JSON.
 */
export function contentId(bank: string, type: SignalType, signal: string): number {
  return parseInt(createHash('sha256').update(`${bank}\n${type}\n${signal}`).digest('hex').slice(0, 12), 16);
}
