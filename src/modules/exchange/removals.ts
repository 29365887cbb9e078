// Removal requests and their legal clocks. A request from a victim report, a partner or an authority is checked
// against its jurisdiction's validity rules; a valid one starts a clock whose deadline is stored with it, shows up
// in queue data (the case's nearest open deadline), is exported for compliance records, and is closed by a
// moderator's `removed` or `rejected` with an audit entry.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { AuditLog } from '../console/audit.ts';
import type { ConsoleUser } from '../console/auth.ts';
import { clockState, contentCount, DeadlineError, deadlineAt, DEFAULT_JURISDICTIONS, jurisdictionFor, missingElements, type ClockState, type Jurisdiction, type RemovalRequestInput } from './deadlines.ts';
import type { ExchangeTables } from './migration.ts';

export const REMOVAL_SOURCES = ['victim_report', 'partner', 'authority', 'platform'] as const;
export type RemovalSource = (typeof REMOVAL_SOURCES)[number];

export interface RemovalRequest {
  id: string;
  tenant: string;
  caseId: string | null;
  jurisdiction: string;
  law: string;
  source: string;
  content: RemovalRequestInput['content'];
  receivedAt: number;
  deadlineAt: number;
  status: 'open' | 'removed' | 'rejected';
  completedAt: number | null;
  completedBy: string | null;
  note: string | null;
  clock: ClockState;
  remainingMs: number;
}

export class RemovalClocks {
  private readonly db: CoreDb;
  private readonly audit: AuditLog | undefined;
  private readonly now: () => number;
  private readonly table: readonly Jurisdiction[];

  constructor(options: { db: CoreDb; audit?: AuditLog; now?: () => number; jurisdictions?: readonly Jurisdiction[] }) {
    this.db = options.db;
    this.audit = options.audit;
    this.now = options.now ?? Date.now;
    this.table = options.jurisdictions ?? DEFAULT_JURISDICTIONS;
  }

  /** Records a request; an invalid one is refused naming what it lacks, and no clock starts. */
  async open(input: RemovalRequestInput & { tenant: string; caseId?: string; source: RemovalSource; receivedAt?: number; note?: string }): Promise<RemovalRequest> {
    if (!(REMOVAL_SOURCES as readonly string[]).includes(input.source)) throw new DeadlineError(`source must be one of ${REMOVAL_SOURCES.join(', ')}`);
    if (contentCount(input.content) > 10_000) throw new DeadlineError('a request names at most 10000 items');
    const j = jurisdictionFor(input.jurisdiction, this.table);
    const missing = missingElements(input, j);
    if (missing.length) throw new DeadlineError(`a removal request under ${j.law} needs: ${missing.join(', ')}`, missing);
    const receivedAt = input.receivedAt ?? this.now();
    const row = {
      id: randomUUID(),
      tenant: input.tenant,
      case_id: input.caseId ?? null,
      jurisdiction: j.code,
      law: j.law,
      source: input.source,
      content: JSON.stringify(input.content),
      received_at: receivedAt,
      deadline_at: deadlineAt(receivedAt, j),
      status: 'open',
      completed_at: null,
      completed_by: null,
      note: input.note ?? null,
    };
    await this.db.insertInto('exchange_removal_requests').values(row).execute();
    await this.audit?.append({
      actor: 'removal-clock',
      role: 'system',
      action: 'removal_request_opened',
      targetType: 'removal_request',
      targetId: row.id,
      caseId: row.case_id ?? undefined,
      reason: `${j.law}: remove within ${j.hours} h, by ${new Date(row.deadline_at).toISOString()}`,
      details: { source: row.source, jurisdiction: j.code, items: contentCount(input.content) },
    });
    return this.view(row);
  }

  async complete(user: ConsoleUser, id: string, status: 'removed' | 'rejected', note: string): Promise<RemovalRequest> {
    if (!note?.trim()) throw new DeadlineError('closing a removal request needs a note (what was removed, or why it was rejected)');
    const now = this.now();
    const result = await this.db.updateTable('exchange_removal_requests').set({ status, completed_at: now, completed_by: user.username, note: note.trim() }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    const row = await this.db.selectFrom('exchange_removal_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (user.tenant && row.tenant !== user.tenant)) throw new DeadlineError(`no removal request ${id}`);
    if (Number(result.numUpdatedRows) !== 1) throw new DeadlineError(`removal request ${id} is already ${row.status}`);
    const view = this.view(row);
    await this.audit?.append({ actor: user.username, role: user.role, action: `removal_${status}`, targetType: 'removal_request', targetId: id, caseId: row.case_id ?? undefined, reason: note.trim(), details: { clock: view.clock, deadline: new Date(view.deadlineAt).toISOString() } });
    return view;
  }

  /** Requests, open ones nearest to their deadline first. */
  async list(filter: { tenant?: string | null; status?: 'open' | 'removed' | 'rejected'; caseId?: string; limit?: number } = {}): Promise<RemovalRequest[]> {
    let q = this.db.selectFrom('exchange_removal_requests').selectAll();
    if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    const rows = await q.orderBy('deadline_at').orderBy('id').limit(Math.min(filter.limit ?? 1_000, 50_000)).execute();
    return rows.map((r) => this.view(r));
  }

  /** Decorates queue rows with the nearest open removal deadline of each case (null when none). */
  async withDeadlines<T extends { id: string }>(cases: readonly T[]): Promise<(T & { removal_deadline: { at: string; clock: ClockState; remaining_ms: number; law: string } | null })[]> {
    const ids = cases.map((c) => c.id);
    const nearest = new Map<string, RemovalRequest>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('exchange_removal_requests').selectAll().where('status', '=', 'open').where('case_id', 'in', ids.slice(i, i + 500)).orderBy('deadline_at').execute();
      for (const r of rows) if (r.case_id && !nearest.has(r.case_id)) nearest.set(r.case_id, this.view(r));
    }
    return cases.map((c) => {
      const r = nearest.get(c.id);
      return { ...c, removal_deadline: r ? { at: new Date(r.deadlineAt).toISOString(), clock: r.clock, remaining_ms: r.remainingMs, law: r.law } : null };
    });
  }

  /** CSV for compliance records: one line per request with its clock outcome. */
  async exportCsv(filter: { tenant?: string | null } = {}): Promise<string> {
    const header = 'id,tenant,case_id,jurisdiction,law,source,items,received_at,deadline_at,status,completed_at,completed_by,clock';
    const rows = (await this.list({ ...filter, limit: 50_000 })).map((r) =>
      [r.id, r.tenant, r.caseId ?? '', r.jurisdiction, r.law, r.source, String(contentCount(r.content)), iso(r.receivedAt), iso(r.deadlineAt), r.status, r.completedAt ? iso(r.completedAt) : '', r.completedBy ?? '', r.clock].map(csv).join(','),
    );
    return `${[header, ...rows].join('\n')}\n`;
  }

  private view(row: ExchangeTables['exchange_removal_requests']): RemovalRequest {
    const receivedAt = Number(row.received_at);
    const deadline = Number(row.deadline_at);
    const completedAt = row.completed_at == null ? null : Number(row.completed_at);
    const { state, remainingMs } = clockState(receivedAt, deadline, this.now(), completedAt);
    return {
      id: row.id,
      tenant: row.tenant,
      caseId: row.case_id ?? null,
      jurisdiction: row.jurisdiction,
      law: row.law,
      source: row.source,
      content: JSON.parse(row.content),
      receivedAt,
      deadlineAt: deadline,
      status: row.status as RemovalRequest['status'],
      completedAt,
      completedBy: row.completed_by ?? null,
      note: row.note ?? null,
      clock: state,
      remainingMs,
    };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function csv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
