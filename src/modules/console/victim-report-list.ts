// The console's view of victim reports: what each reporter told us (identifiers, screenshot hashes,
// the app they were sent, their note, language), every later addition made with the receipt code,
// the rings the identifiers linked to and the platform accounts in those rings.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { VictimReportEntriesTable } from './migration.ts';
import { sha256Hex } from './auth.ts';
import type { RingReader } from './ports.ts';
import { canonicalReceipt } from './victim-reports.ts';

export interface ReportEntryView {
  id: string;
  createdAt: number;
  identifiers: { type: string; value: string }[];
  screenshots: { pdq: string; md5?: string }[];
  appName: string | null;
  note: string;
}

export interface VictimReportView {
  id: string;
  createdAt: number;
  updatedAt: number;
  language: string | null;
  /** The first 8 hex digits of the receipt code's SHA-256: enough to tell reports apart, useless to sign in as the reporter. */
  receiptTag: string;
  rings: string[];
  /** Platform accounts of the linked rings (the report's own pseudo-account left out). */
  accounts: string[];
  entries: ReportEntryView[];
  reviewed: { actor: string; time: number; reason: string } | null;
}

export async function listVictimReports(db: CoreDb, rings: RingReader | undefined, filter: { tenant?: string | null; limit?: number; offset?: number; ids?: string[] } = {}): Promise<{ total: number; reports: VictimReportView[] }> {
  let base = db.selectFrom('victim_reports');
  if (filter.tenant) base = base.where('tenant', '=', filter.tenant);
  if (filter.ids) base = base.where('id', 'in', filter.ids.length ? filter.ids : ['']);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(Math.min(filter.limit ?? 50, 200)).offset(filter.offset ?? 0).execute();
  const ids = rows.map((r) => r.id);
  const entries = ids.length ? await db.selectFrom('victim_report_entries').selectAll().where('report_id', 'in', ids).orderBy('created_at', 'asc').execute() : [];
  const reviews = ids.length
    ? await db.selectFrom('console_audit_log').select(['target_id', 'actor', 'time', 'reason']).where('action', '=', 'review_victim_report').where('target_id', 'in', ids).orderBy('seq', 'desc').execute()
    : [];
  const reports: VictimReportView[] = [];
  for (const row of rows) {
    const ringIds: string[] = JSON.parse(row.ring_ids);
    const accounts = new Set<string>();
    for (const ringId of ringIds) {
      const graph = await rings?.graph(row.tenant, ringId);
      for (const node of graph?.nodes ?? []) if (node.kind === 'account' && !node.label.startsWith('victim-report:')) accounts.add(node.label);
    }
    const review = reviews.find((r) => r.target_id === row.id);
    reports.push({
      id: row.id,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      language: row.language ?? null,
      receiptTag: String(row.receipt_hash).slice(0, 8),
      rings: ringIds,
      accounts: [...accounts].sort(),
      entries: entries.filter((e) => e.report_id === row.id).map(entryView),
      reviewed: review ? { actor: review.actor, time: Number(review.time), reason: review.reason } : null,
    });
  }
  return { total: Number(total.n), reports };
}

/** The report a receipt code belongs to (a reporter may read theirs out to an investigator). */
export async function reportIdForReceipt(db: CoreDb, receipt: string, tenant?: string | null): Promise<string | undefined> {
  let query = db.selectFrom('victim_reports').select('id').where('receipt_hash', '=', sha256Hex(canonicalReceipt(receipt)));
  if (tenant) query = query.where('tenant', '=', tenant);
  return (await query.executeTakeFirst())?.id;
}

function entryView(row: VictimReportEntriesTable): ReportEntryView {
  // The help page stores the app name as the note's first line ("app: …"); show it as its own field.
  const lines = String(row.note ?? '').split('\n');
  const appLine = lines[0]?.startsWith('app: ') ? lines.shift()!.slice(5) : null;
  return { id: row.id, createdAt: Number(row.created_at), identifiers: JSON.parse(row.identifiers), screenshots: JSON.parse(row.screenshot_hashes), appName: appLine, note: lines.join('\n') };
}
