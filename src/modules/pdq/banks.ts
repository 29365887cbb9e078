// Named PDQ hash banks with per-entry provenance, stored through Kysely (SQLite or PostgreSQL) and mirrored
// in one in-memory match index per bank, loaded at start and updated after each committed change. Entries
// are disabled, never deleted. Writes are serialised and validated in full before anything is stored, so a
// bad hash list is refused as a whole instead of half-imported.
import type { CoreDb } from '../../adapters/store/db.ts';
import { isPdqHash, normalizePdqHash, PDQ_MATCH_THRESHOLD } from './hash256.ts';
import { formatHashList, HashListError, parseHashList, type ListFormat } from './hash-lists.ts';
import { PdqIndex } from './pdq-index.ts';
import type { BankMatchPolicy, PolicyLookup } from './bank-policy.ts';

export const STANDARD_BANKS = [
  { name: 'scam_profile_photos', description: 'Photos seen on fake or scam profiles' },
  { name: 'victim_submitted', description: 'Hashes victims computed on their own device; the picture never left it' },
  { name: 'partner_exchange', description: 'Hashes received from partner platforms and hash exchanges' },
] as const;

const BANK_NAME_RE = /^[A-Za-z0-9_-]{1,100}$/;
const INSERT_BATCH = 500;

export type BankErrorKind = 'invalid' | 'not_found' | 'conflict';

export class PdqBankError extends Error {
  readonly kind: BankErrorKind;
  constructor(kind: BankErrorKind, message: string) {
    super(message);
    this.name = 'PdqBankError';
    this.kind = kind;
  }
}

export type Provenance = {
  /** Where the hash came from, e.g. `victim_help_page`, `moderator_review`, `threatexchange:<collab>`. */
  source: string;
  added_by: string;
  /** Epoch milliseconds; defaults to now. */
  added_at?: number;
  note?: string;
};

export type StoredProvenance = {
  source: string;
  added_by: string;
  added_at: number;
  note: string | null;
};

export type HashInput = string | { hash: string; quality?: number; note?: string };

export type BankMatch = {
  bank: string;
  hash: string;
  distance: number;
  quality: number | null;
  provenance: StoredProvenance;
};

export type BankInfo = {
  name: string;
  description: string;
  created_at: number;
  entries: number;
  enabled: number;
};

export type AddResult = {
  added: number;
  /** Already in the bank (enabled or disabled); their provenance is left as it was. */
  duplicates: number;
};

export type ImportResult = AddResult & {
  skipped: { line: number; reason: string }[];
};

interface LoadedBank {
  name: string;
  description: string;
  created_at: number;
  index: PdqIndex;
}

export class PdqBankService {
  private readonly db: CoreDb;
  private readonly now: () => number;
  private readonly banks = new Map<string, LoadedBank>();
  private writeChain: Promise<unknown> = Promise.resolve();
  private loaded = false;
  private policy: BankMatchPolicy | undefined;

  constructor(db: CoreDb, options: { now?: () => number } = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
  }

  /** Creates the standard banks if missing and loads every bank's entries into memory. */
  async load(): Promise<void> {
    const now = this.now();
    for (const bank of STANDARD_BANKS) {
      await this.db
        .insertInto('pdq_banks')
        .values({ name: bank.name, description: bank.description, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
    this.banks.clear();
    for (const row of await this.db.selectFrom('pdq_banks').selectAll().orderBy('name').execute()) {
      this.banks.set(row.name, { name: row.name, description: row.description, created_at: Number(row.created_at), index: new PdqIndex() });
    }
    const rows = this.db.selectFrom('pdq_entries').select(['bank', 'hash', 'enabled']).stream(10_000);
    for await (const row of rows) {
      const bank = this.banks.get(row.bank);
      if (!bank) continue;
      const id = bank.index.add(row.hash);
      if (!row.enabled) bank.index.disable(id);
    }
    this.loaded = true;
  }

  async createBank(name: string, description = ''): Promise<BankInfo> {
    this.requireLoaded();
    if (!BANK_NAME_RE.test(name)) throw new PdqBankError('invalid', `bank name "${name}" must be 1-100 letters, digits, _ or -`);
    if (description.length > 2_000) throw new PdqBankError('invalid', 'bank description is longer than 2000 characters');
    return this.serialised(async () => {
      if (this.banks.has(name)) throw new PdqBankError('conflict', `bank "${name}" already exists`);
      const created_at = this.now();
      await this.db.insertInto('pdq_banks').values({ name, description, created_at }).execute();
      this.banks.set(name, { name, description, created_at, index: new PdqIndex() });
      return { name, description, created_at, entries: 0, enabled: 0 };
    });
  }

  listBanks(): BankInfo[] {
    this.requireLoaded();
    return [...this.banks.values()].map((b) => ({
      name: b.name,
      description: b.description,
      created_at: b.created_at,
      entries: b.index.size,
      enabled: b.index.activeCount,
    }));
  }

  hasBank(name: string): boolean {
    return this.banks.has(name);
  }

  /** Adds hashes to a bank; every hash is validated first and nothing is stored if any is bad. */
  async add(bankName: string, hashes: HashInput[], provenance: Provenance): Promise<AddResult> {
    const bank = this.bank(bankName);
    const prov = validateProvenance(provenance, this.now());
    const inputs = normaliseInputs(hashes);
    return this.serialised(async () => {
      const fresh = new Map<string, { quality: number | null; note: string | null }>();
      let duplicates = 0;
      for (const input of inputs) {
        if (fresh.has(input.hash) || bank.index.search(input.hash, 0, { includeDisabled: true }).length > 0) {
          duplicates++;
          continue;
        }
        fresh.set(input.hash, { quality: input.quality, note: joinNotes(prov.note, input.note) });
      }
      const rows = [...fresh].map(([hash, extra]) => ({
        bank: bank.name,
        hash,
        quality: extra.quality,
        source: prov.source,
        added_by: prov.added_by,
        added_at: prov.added_at,
        note: extra.note,
        enabled: 1,
        disabled_at: null,
        disabled_by: null,
      }));
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_BATCH) {
          await trx.insertInto('pdq_entries').values(rows.slice(i, i + INSERT_BATCH)).execute();
        }
      });
      for (const row of rows) bank.index.add(row.hash);
      return { added: rows.length, duplicates };
    });
  }

  /** Disables an entry: it stops matching but stays on record. Returns false if it was already disabled. */
  async disable(bankName: string, hash: string, disabledBy = 'unknown'): Promise<boolean> {
    return this.setEnabled(bankName, hash, false, disabledBy);
  }

  async enable(bankName: string, hash: string): Promise<boolean> {
    return this.setEnabled(bankName, hash, true, null);
  }

  setMatchPolicy(policy: BankMatchPolicy | undefined): void {
    this.policy = policy;
  }

  /**
   * Enabled entries of every block bank within its match distance (the bank's own, else `maxDistance`), nearest
   * first, with provenance. With a match policy set, quarantined banks are skipped and a match in an allow bank
   * clears the image (no matches). `raw: true` ignores the policy (curation views).
   */
  async lookup(hash: string, maxDistance = PDQ_MATCH_THRESHOLD, options: { banks?: string[]; raw?: boolean } = {}): Promise<BankMatch[]> {
    if (options.raw || !this.policy) return this.rawLookup(hash, maxDistance, options);
    return (await this.lookupWithPolicy(hash, maxDistance, options)).matches;
  }

  async lookupWithPolicy(hash: string, maxDistance = PDQ_MATCH_THRESHOLD, options: { banks?: string[] } = {}): Promise<PolicyLookup> {
    const policy = this.policy;
    if (!policy) return { matches: await this.rawLookup(hash, maxDistance, options), allowedBy: [], suppressed: [], quarantined: [] };
    const names = options.banks ?? [...this.banks.keys()];
    const quarantined = names.filter((n) => policy.quarantined(n));
    const live = names.filter((n) => !policy.quarantined(n));
    const found: BankMatch[] = [];
    // Each bank is searched at its own distance; banks sharing a distance are searched together.
    const byDistance = new Map<number, string[]>();
    for (const name of live) {
      const d = policy.maxDistance(name, maxDistance);
      byDistance.set(d, [...(byDistance.get(d) ?? []), name]);
    }
    for (const [d, banks] of byDistance) found.push(...(await this.rawLookup(hash, d, { banks })));
    found.sort((a, b) => a.distance - b.distance || a.bank.localeCompare(b.bank));
    const allowedBy = found.filter((m) => policy.kind(m.bank) === 'allow');
    const block = found.filter((m) => policy.kind(m.bank) !== 'allow');
    if (allowedBy.length) return { matches: [], allowedBy, suppressed: block, quarantined };
    if (block.length) policy.onMatches?.(block);
    return { matches: block, allowedBy: [], suppressed: [], quarantined };
  }

  private async rawLookup(hash: string, maxDistance: number, options: { banks?: string[] }): Promise<BankMatch[]> {
    this.requireLoaded();
    const query = normaliseHash(hash);
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 64) {
      throw new PdqBankError('invalid', `max distance must be an integer from 0 to 64, got ${maxDistance}`);
    }
    const names = options.banks ?? [...this.banks.keys()];
    const found: { bank: string; hash: string; distance: number }[] = [];
    for (const name of names) {
      const bank = this.bank(name);
      for (const m of bank.index.search(query, maxDistance)) found.push({ bank: name, hash: bank.index.hashAt(m.id), distance: m.distance });
    }
    if (found.length === 0) return [];
    const details = await this.entryDetails(found);
    return found
      .map((f) => {
        const row = details.get(`${f.bank}\n${f.hash}`);
        return {
          ...f,
          quality: row?.quality ?? null,
          provenance: {
            source: row?.source ?? 'unknown',
            added_by: row?.added_by ?? 'unknown',
            added_at: Number(row?.added_at ?? 0),
            note: row?.note ?? null,
          },
        };
      })
      .sort((a, b) => a.distance - b.distance || a.bank.localeCompare(b.bank));
  }

  async importList(bankName: string, text: string, format: ListFormat, provenance: Provenance): Promise<ImportResult> {
    this.bank(bankName);
    const parsed = parseHashList(text, format);
    if (parsed.errors.length) throw new HashListError(parsed.errors);
    const result = await this.add(bankName, parsed.entries, provenance);
    return { ...result, skipped: parsed.skipped };
  }

  async exportList(bankName: string, format: ListFormat, options: { includeDisabled?: boolean } = {}): Promise<string> {
    const bank = this.bank(bankName);
    let query = this.db.selectFrom('pdq_entries').select(['hash', 'source']).where('bank', '=', bank.name);
    if (!options.includeDisabled) query = query.where('enabled', '=', 1);
    const rows = await query.orderBy('added_at').orderBy('hash').execute();
    return formatHashList(bank.name, rows, format);
  }

  stats(): { banks: number; entries: number; enabled: number; index_bytes: number; per_bank: BankInfo[] } {
    const perBank = this.listBanks();
    let indexBytes = 0;
    for (const b of this.banks.values()) indexBytes += b.index.byteSize();
    return {
      banks: perBank.length,
      entries: perBank.reduce((n, b) => n + b.entries, 0),
      enabled: perBank.reduce((n, b) => n + b.enabled, 0),
      index_bytes: indexBytes,
      per_bank: perBank,
    };
  }

  private async setEnabled(bankName: string, hash: string, enabled: boolean, by: string | null): Promise<boolean> {
    const bank = this.bank(bankName);
    const hex = normaliseHash(hash);
    return this.serialised(async () => {
      const ids = bank.index.search(hex, 0, { includeDisabled: true });
      if (ids.length === 0) throw new PdqBankError('not_found', `bank "${bank.name}" has no entry ${hex}`);
      const id = ids[0].id;
      if (bank.index.isEnabled(id) === enabled) return false;
      await this.db
        .updateTable('pdq_entries')
        .set({ enabled: enabled ? 1 : 0, disabled_at: enabled ? null : this.now(), disabled_by: enabled ? null : by })
        .where('bank', '=', bank.name)
        .where('hash', '=', hex)
        .execute();
      if (enabled) bank.index.enable(id);
      else bank.index.disable(id);
      return true;
    });
  }

  private async entryDetails(found: { bank: string; hash: string }[]) {
    const map = new Map<string, { quality: number | null; source: string; added_by: string; added_at: number; note: string | null }>();
    const hashes = [...new Set(found.map((f) => f.hash))];
    for (let i = 0; i < hashes.length; i += INSERT_BATCH) {
      const rows = await this.db
        .selectFrom('pdq_entries')
        .select(['bank', 'hash', 'quality', 'source', 'added_by', 'added_at', 'note'])
        .where('hash', 'in', hashes.slice(i, i + INSERT_BATCH))
        .execute();
      for (const r of rows) map.set(`${r.bank}\n${r.hash}`, r);
    }
    return map;
  }

  private bank(name: string): LoadedBank {
    this.requireLoaded();
    const bank = this.banks.get(name);
    if (!bank) throw new PdqBankError('not_found', `no bank named "${name}"`);
    return bank;
  }

  private requireLoaded(): void {
    if (!this.loaded) throw new Error('PdqBankService: call load() before use');
  }

  /** Runs writes one after another so the in-memory index and the database never diverge. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeChain.then(work, work);
    this.writeChain = run.catch(() => undefined);
    return run;
  }
}

function normaliseHash(hash: string): string {
  if (typeof hash !== 'string' || !isPdqHash(hash.trim())) {
    throw new PdqBankError('invalid', `not a PDQ hash (expected 64 hex digits): "${String(hash).slice(0, 80)}"`);
  }
  return normalizePdqHash(hash);
}

function normaliseInputs(hashes: HashInput[]): { hash: string; quality: number | null; note: string | null }[] {
  if (!Array.isArray(hashes)) throw new PdqBankError('invalid', 'hashes must be a list');
  const bad: string[] = [];
  const out = hashes.map((input, i) => {
    const raw = typeof input === 'string' ? input : input?.hash;
    const quality = typeof input === 'object' && input?.quality !== undefined ? input.quality : null;
    if (typeof raw !== 'string' || !isPdqHash(raw.trim())) bad.push(`#${i + 1} "${String(raw).slice(0, 80)}"`);
    else if (quality !== null && (!Number.isInteger(quality) || quality < 0 || quality > 100)) bad.push(`#${i + 1} quality ${quality}`);
    const note = typeof input === 'object' && typeof input?.note === 'string' ? input.note.slice(0, 2_000) : null;
    return { hash: typeof raw === 'string' ? raw.trim().toLowerCase() : '', quality, note };
  });
  if (bad.length) {
    throw new PdqBankError('invalid', `${bad.length} invalid hash(es), nothing was added: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}`);
  }
  return out;
}

function validateProvenance(p: Provenance, now: number): StoredProvenance {
  const text = (v: unknown, what: string, max: number) => {
    if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
      throw new PdqBankError('invalid', `provenance ${what} must be a non-empty string of at most ${max} characters`);
    }
    return v.trim();
  };
  if (p.added_at !== undefined && (!Number.isFinite(p.added_at) || p.added_at < 0)) {
    throw new PdqBankError('invalid', 'provenance added_at must be epoch milliseconds');
  }
  if (p.note !== undefined && (typeof p.note !== 'string' || p.note.length > 2_000)) {
    throw new PdqBankError('invalid', 'provenance note must be a string of at most 2000 characters');
  }
  return { source: text(p.source, 'source', 200), added_by: text(p.added_by, 'added_by', 200), added_at: p.added_at ?? now, note: p.note ?? null };
}

function joinNotes(a: string | null, b: string | null): string | null {
  if (a && b) return `${a}; ${b}`;
  return a ?? b;
}
