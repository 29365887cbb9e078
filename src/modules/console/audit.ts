// The append-only audit log. Every console action is written here with its required reason.
// Each entry carries the hash of the previous one, so removing or editing a row breaks the chain;
// the database also refuses UPDATE and DELETE on the table (see migration 004). This class has no
// method that changes or removes an entry, on purpose.
import { createHash } from 'node:crypto';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { ConsoleAuditLogTable } from './migration.ts';

export interface AuditInput {
  actor: string;
  role: string;
  action: string;
  targetType: string;
  targetId: string;
  caseId?: string;
  reason: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  time: number;
  actor: string;
  role: string;
  action: string;
  targetType: string;
  targetId: string;
  caseId: string | null;
  reason: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export type ChainCheck = { ok: true; entries: number } | { ok: false; brokenAt: number; problem: string };

export class AuditLog {
  private readonly db: CoreDb;
  private readonly now: () => number;
  // Appends are serialised in-process so two concurrent writers never read the same previous hash.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(db: CoreDb, options: { now?: () => number } = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
  }

  append(input: AuditInput): Promise<AuditEntry> {
    if (!input.reason.trim()) return Promise.reject(new Error('an audit entry needs a reason'));
    const next = this.tail.then(() => this.appendNow(input));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async appendNow(input: AuditInput): Promise<AuditEntry> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('console_audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const entry: Omit<AuditEntry, 'hash'> = {
        seq: last ? Number(last.seq) + 1 : 1,
        time: this.now(),
        actor: input.actor,
        role: input.role,
        action: input.action,
        targetType: input.targetType,
        targetId: input.targetId,
        caseId: input.caseId ?? null,
        reason: input.reason.trim(),
        details: input.details ?? {},
        prevHash: last ? String(last.hash) : GENESIS_HASH,
      };
      const hash = entryHash(entry);
      await trx
        .insertInto('console_audit_log')
        .values({
          seq: entry.seq,
          time: entry.time,
          actor: entry.actor,
          role: entry.role,
          action: entry.action,
          target_type: entry.targetType,
          target_id: entry.targetId,
          case_id: entry.caseId,
          reason: entry.reason,
          details: JSON.stringify(entry.details),
          prev_hash: entry.prevHash,
          hash,
        })
        .execute();
      return { ...entry, hash };
    });
  }

  /** `tenant`: only entries about that tenant's cases (entries without a case are operator-wide and left out). */
  async list(filter: { caseId?: string; limit?: number; beforeSeq?: number; tenant?: string | null } = {}): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('console_audit_log').selectAll().orderBy('seq', 'desc').limit(Math.min(filter.limit ?? 100, 1000));
    if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
    if (filter.tenant) {
      const tenant = filter.tenant;
      query = query.where('case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where('tenant', '=', tenant));
    }
    if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq);
    return (await query.execute()).map(fromRow);
  }

  /** Walks the whole chain and reports the first entry whose hash or link does not match. */
  async verify(): Promise<ChainCheck> {
    const rows = await this.db.selectFrom('console_audit_log').selectAll().orderBy('seq', 'asc').execute();
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const entry = fromRow(row);
      if (entry.prevHash !== prev) return { ok: false, brokenAt: entry.seq, problem: 'previous-hash link does not match' };
      const { hash, ...rest } = entry;
      if (entryHash(rest) !== hash) return { ok: false, brokenAt: entry.seq, problem: 'entry content does not match its hash' };
      prev = hash;
    }
    return { ok: true, entries: rows.length };
  }
}

function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.time,
    entry.actor,
    entry.role,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.caseId,
    entry.reason,
    stableJson(entry.details),
    entry.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fromRow(row: ConsoleAuditLogTable): AuditEntry {
  return {
    seq: Number(row.seq),
    time: Number(row.time),
    actor: row.actor,
    role: row.role,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    caseId: row.case_id ?? null,
    reason: row.reason,
    details: JSON.parse(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
