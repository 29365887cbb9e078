// The evidence package for a report to the authorities, built from a case: every message, media item, crew
// identifier, enforcement and audit entry as an item with its SHA-256 and its provenance (which stored record it
// came from, which event, when it was received), and a manifest hash over all items so a recipient can tell the
// package is whole. When the victim is a minor it adds the fields a CyberTipline report is filed with (NCMEC's
// reporting API: incidentSummary with the `sextortion` annotation, reporter, personOrUserReported, victim,
// internetDetails, and per file originalFileHash and details), filled from the case and listing what a person
// still has to supply. Nothing is sent anywhere: filing stays a human act.
import { createHash } from 'node:crypto';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { CaseRow } from '../console/queue.ts';

export const AUTHORITY_FORMAT = 'chainbreak.authority-package/1';

export interface EvidenceItem {
  kind: 'message' | 'media' | 'identifier' | 'enforcement' | 'audit';
  id: string;
  data: Record<string, unknown>;
  provenance: { store: string; event_id?: string | null; received_at?: string; source?: string | null };
  sha256: string;
}

export interface ReporterInfo {
  /** The platform's name as the report's ESP service, e.g. "ExampleDate". */
  espService: string;
  reportingPerson?: { firstName?: string; lastName?: string; email?: string; phone?: string };
}

export interface AuthorityPackageOptions {
  db: CoreDb;
  caseRow: CaseRow;
  builtBy: string;
  reporter: ReporterInfo;
  /** The moderator's finding that the victim is under 18: adds the CyberTipline section. */
  victimIsMinor?: boolean;
  /** Accounts of the crew beyond the suspect (the ring), for their identifiers. */
  ringAccounts?: string[];
  now?: number;
}

export interface AuthorityPackage {
  format: typeof AUTHORITY_FORMAT;
  built_at: string;
  built_by: string;
  case: { id: string; tenant: string; conversation_id: string; suspect: string | null; victim: string | null; stage_max: string | null };
  items: EvidenceItem[];
  /** SHA-256 over the items' hashes in order, one per line. */
  manifest_sha256: string;
  cybertipline?: { report: Record<string, unknown>; files: Record<string, unknown>[]; missing: string[] };
}

export async function buildAuthorityPackage(options: AuthorityPackageOptions): Promise<AuthorityPackage> {
  const { db, caseRow } = options;
  const tenant = caseRow.tenant;
  const items: EvidenceItem[] = [];

  const messages = await db.selectFrom('messages').select(['event_id', 'sender', 'recipients', 'time', 'text', 'evidence']).where('tenant', '=', tenant).where('conversation_id', '=', caseRow.conversation_id).orderBy('time').limit(20_000).execute();
  const events = await db.selectFrom('events').select(['id', 'type', 'time', 'received_at', 'account', 'payload']).where('tenant', '=', tenant).where('conversation_id', '=', caseRow.conversation_id).orderBy('time').limit(20_000).execute();
  const received = new Map(events.map((e) => [e.id, Number(e.received_at)]));
  for (const m of messages) {
    items.push(item('message', m.event_id, { sender: m.sender, recipients: safeJson(m.recipients) ?? [], time: iso(Number(m.time)), text: m.text ?? null, text_retained: m.text != null }, { store: 'messages', event_id: m.event_id, received_at: isoOpt(received.get(m.event_id)) }));
  }
  for (const e of events) {
    const payload = safeJson(e.payload) ?? {};
    const media = e.type === 'media.shared' ? [payload.media] : e.type === 'message.sent' ? (payload.attachments ?? []) : [];
    media.forEach((a: Record<string, unknown> | undefined, i: number) => {
      if (!a || (!a.pdq && !a.md5 && !a.sha256)) return;
      const data = { kind: a.kind, name: a.name ?? null, url: a.url ?? null, mime: a.mime ?? null, size: a.size ?? null, pdq: lower(a.pdq), md5: lower(a.md5), sha256: lower(a.sha256), sender: payload.sender ?? e.account, time: iso(Number(e.time)) };
      items.push(item('media', `${e.id}#${i}`, data, { store: 'events', event_id: e.id, received_at: iso(Number(e.received_at)) }));
    });
  }

  const accounts = [...new Set([caseRow.suspect_account, ...(options.ringAccounts ?? [])].filter((a): a is string => !!a))];
  if (accounts.length) {
    const sightings = await db.selectFrom('rings_sightings').selectAll().where('tenant', '=', tenant).where('account', 'in', accounts).orderBy('time').limit(20_000).execute();
    sightings.forEach((s, i) => {
      items.push(item('identifier', `${s.account}:${s.type}:${i}`, { account: s.account, type: s.type, value: s.value, strength: s.strength, time: iso(Number(s.time)) }, { store: 'rings_sightings', event_id: s.event_id ?? null, source: s.source ?? null }));
    });
  }
  const enforcements = await db.selectFrom('console_enforcements').selectAll().where('case_id', '=', caseRow.id).orderBy('time').execute();
  for (const e of enforcements) items.push(item('enforcement', e.id, { account: e.account, action: e.action, ring_id: e.ring_id ?? null, actor: e.actor, reason: e.reason, time: iso(Number(e.time)) }, { store: 'console_enforcements' }));
  const audit = await db.selectFrom('console_audit_log').selectAll().where('case_id', '=', caseRow.id).orderBy('seq').execute();
  for (const a of audit) items.push(item('audit', `audit:${a.seq}`, { seq: Number(a.seq), actor: a.actor, action: a.action, reason: a.reason, time: iso(Number(a.time)), chain_hash: a.hash }, { store: 'console_audit_log' }));

  const pkg: AuthorityPackage = {
    format: AUTHORITY_FORMAT,
    built_at: iso(options.now ?? Date.now()),
    built_by: options.builtBy,
    case: { id: caseRow.id, tenant, conversation_id: caseRow.conversation_id, suspect: caseRow.suspect_account, victim: caseRow.victim_account, stage_max: caseRow.stage_max },
    items,
    manifest_sha256: createHash('sha256').update(items.map((i) => i.sha256).join('\n')).digest('hex'),
  };
  if (options.victimIsMinor) pkg.cybertipline = cybertipline(options, items, messages.length ? Number(messages[0].time) : caseRow.created_at);
  return pkg;
}

/** Recomputes every item hash and the manifest; the first mismatch is named. */
export function verifyAuthorityPackage(pkg: AuthorityPackage): { ok: true } | { ok: false; problem: string } {
  for (const it of pkg.items) {
    if (sha256(stableJson({ kind: it.kind, id: it.id, data: it.data, provenance: it.provenance })) !== it.sha256) return { ok: false, problem: `item ${it.id} does not match its hash` };
  }
  const manifest = createHash('sha256').update(pkg.items.map((i) => i.sha256).join('\n')).digest('hex');
  return manifest === pkg.manifest_sha256 ? { ok: true } : { ok: false, problem: 'the manifest does not match the items (an item was added, removed or reordered)' };
}

function cybertipline(options: AuthorityPackageOptions, items: EvidenceItem[], firstTime: number): NonNullable<AuthorityPackage['cybertipline']> {
  const { caseRow, reporter } = options;
  const missing: string[] = [];
  const person = reporter.reportingPerson ?? {};
  if (!person.email && !person.phone) missing.push('reporter.reportingPerson: a contact email or phone of the person filing');
  if (!person.firstName || !person.lastName) missing.push('reporter.reportingPerson: first and last name of the person filing');
  missing.push('victim.victimPerson: age or date of birth, if known (the platform does not hold it)');
  const media = items.filter((i) => i.kind === 'media');
  if (media.length === 0) missing.push('files: no image or video of the case carries a hash; upload the files themselves to the report');
  const report = {
    incidentSummary: {
      incidentType: 'Online Enticement of Children for Sexual Act',
      reportAnnotations: ['sextortion'],
      incidentDateTime: iso(firstTime),
      incidentDateTimeDescription: 'time of the first message of the conversation on the platform',
    },
    internetDetails: [{ chatImIncident: { chatClient: reporter.espService, chatRoomName: caseRow.conversation_id, content: `conversation ${caseRow.conversation_id}; ${items.filter((i) => i.kind === 'message').length} messages in the evidence package` } }],
    reporter: { reportingPerson: person, espService: reporter.espService },
    personOrUserReported: caseRow.suspect_account
      ? { espIdentifier: caseRow.suspect_account, espService: reporter.espService, additionalInfo: identifierSummary(items, caseRow.suspect_account) }
      : undefined,
    victim: caseRow.victim_account ? [{ espIdentifier: caseRow.victim_account, espService: reporter.espService }] : [],
    additionalInfo: `Chainbreak case ${caseRow.id}; highest kill-chain stage ${caseRow.stage_max ?? 'unknown'}; evidence package manifest in the attached file.`,
  };
  const files = media.map((m) => ({
    evidence_item: m.id,
    originalFileName: m.data.name ?? undefined,
    locationOfFile: m.data.url ?? undefined,
    fileRelevance: 'Reported',
    fileAnnotations: [],
    originalFileHash: [m.data.md5 ? { hashType: 'MD5', value: m.data.md5 } : null, m.data.sha256 ? { hashType: 'SHA256', value: m.data.sha256 } : null].filter(Boolean),
    details: m.data.pdq ? [{ name: 'PDQ', value: m.data.pdq, type: 'HASH' }] : [],
  }));
  return { report, files, missing };
}

function identifierSummary(items: EvidenceItem[], suspect: string): string {
  const ids = items.filter((i) => i.kind === 'identifier' && i.data.account === suspect).map((i) => `${i.data.type}: ${i.data.value}`);
  return ids.length ? `identifiers seen on the platform: ${[...new Set(ids)].slice(0, 50).join('; ')}` : 'no external identifiers recorded';
}

function item(kind: EvidenceItem['kind'], id: string, data: Record<string, unknown>, provenance: EvidenceItem['provenance']): EvidenceItem {
  const clean = Object.fromEntries(Object.entries(provenance).filter(([, v]) => v !== undefined)) as EvidenceItem['provenance'];
  return { kind, id, data, provenance: clean, sha256: sha256(stableJson({ kind, id, data, provenance: clean })) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function lower(v: unknown): string | null {
  return typeof v === 'string' ? v.toLowerCase() : null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOpt(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : iso(ms);
}

function safeJson(text: string | null | undefined): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
