// Assembles everything a moderator needs on one case page from the core tables: the conversation with
// the stage evidence marked at the exact words, the stage timeline, the suspect's risk profile and its
// reasons, APK and photo-hash evidence, the ring graph, enforcements and the case's audit trail.
import type { CoreDb } from '../../adapters/store/db.ts';
import { STAGES, type Reason, type Signal } from '../../core/signals.ts';
import type { CaseRow } from './queue.ts';
import type { RingGraph, RingReader } from './ports.ts';

export interface StageMark {
  stage: string;
  kind: string;
  start: number;
  end: number;
  message: string;
}

export interface TimelineMessage {
  eventId: string;
  sender: string;
  time: number;
  text: string | null;
  marks: StageMark[];
}

export interface StageStep {
  stage: string;
  at: number;
  eventId: string;
  by: string;
  sinceFirstContactMs: number;
  sincePreviousMs: number | null;
}

export interface EvidenceItem {
  kind: string;
  score: number;
  eventId: string;
  time: number;
  reasons: Reason[];
}

export interface CaseView {
  case: CaseRow;
  messages: TimelineMessage[];
  stages: StageStep[];
  suspect: { id: string; risk: number; status: string; reasons: Reason[] } | null;
  apk: EvidenceItem[];
  photos: EvidenceItem[];
  ringId: string | null;
  ring: RingGraph | null;
  decisions: { eventId: string; time: number; verdict: string; rules: string[] }[];
}

export interface CaseViewDeps {
  db: CoreDb;
  rings?: RingReader;
  /** Cap on the messages shown; a conversation longer than this shows its latest messages. */
  maxMessages?: number;
}

export async function buildCaseView(deps: CaseViewDeps, caseRow: CaseRow): Promise<CaseView> {
  const { db } = deps;
  const tenant = caseRow.tenant;
  const messageRows = await db
    .selectFrom('messages')
    .select(['event_id', 'sender', 'time', 'text', 'features'])
    .where('tenant', '=', tenant)
    .where('conversation_id', '=', caseRow.conversation_id)
    .orderBy('time', 'desc')
    .limit(deps.maxMessages ?? 500)
    .execute();
  const decisionRows = await db
    .selectFrom('decisions')
    .select(['event_id', 'time', 'account', 'verdict', 'signals', 'reasons', 'actions'])
    .where('tenant', '=', tenant)
    .where((eb) => eb.or([eb('conversation_id', '=', caseRow.conversation_id), ...(caseRow.suspect_account ? [eb('account', '=', caseRow.suspect_account)] : [])]))
    .orderBy('seq', 'asc')
    .limit(5_000)
    .execute();

  const signalsByEvent = new Map<string, Signal[]>();
  for (const row of decisionRows) signalsByEvent.set(row.event_id, parseSignals(row.signals));

  const messages = messageRows.reverse().map((row): TimelineMessage => {
    const signals = [...(signalsByEvent.get(row.event_id) ?? []), ...parseSignals(row.features)];
    return { eventId: row.event_id, sender: row.sender, time: Number(row.time), text: row.text ?? null, marks: stageMarks(signals, row.text ?? '') };
  });

  const evidence = (detector: string): EvidenceItem[] =>
    decisionRows.flatMap((row) =>
      parseSignals(row.signals)
        .filter((s) => s.detector === detector)
        .map((s) => ({ kind: s.kind, score: s.score, eventId: row.event_id, time: Number(row.time), reasons: s.reasons })),
    );

  const ringId = caseRow.suspect_account ? ((await deps.rings?.ringIdForAccount(tenant, caseRow.suspect_account)) ?? null) : null;
  return {
    case: caseRow,
    messages,
    stages: await stageSteps(db, caseRow),
    suspect: await suspectProfile(db, caseRow, decisionRows),
    apk: evidence('apk'),
    photos: evidence('pdq'),
    ringId,
    ring: ringId ? ((await deps.rings?.graph(tenant, ringId)) ?? null) : null,
    decisions: decisionRows.map((r) => ({ eventId: r.event_id, time: Number(r.time), verdict: r.verdict, rules: rulesOf(r.actions) })),
  };
}

/** Stage evidence spans on the message text, clipped to it; one mark per span. */
export function stageMarks(signals: readonly Signal[], text: string): StageMark[] {
  const marks: StageMark[] = [];
  const seen = new Set<string>();
  for (const signal of signals) {
    if (!signal.stage) continue;
    for (const reason of signal.reasons ?? []) {
      for (const span of reason.spans ?? []) {
        if (span.field !== 'text' && span.field !== 'message.text') continue;
        const start = Math.max(0, Math.min(span.start, text.length));
        const end = Math.max(start, Math.min(span.end, text.length));
        const key = `${signal.stage}:${start}:${end}`;
        if (end === start || seen.has(key)) continue;
        seen.add(key);
        marks.push({ stage: signal.stage, kind: signal.kind, start, end, message: reason.message });
      }
    }
  }
  return marks.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The stage timeline from the engine's conversation state (first time each stage was shown). */
async function stageSteps(db: CoreDb, caseRow: CaseRow): Promise<StageStep[]> {
  const row = await db.selectFrom('conversations').select('state').where('tenant', '=', caseRow.tenant).where('id', '=', caseRow.conversation_id).executeTakeFirst();
  const state = row ? safeJson(row.state) : null;
  const hits = (state?.stages ?? {}) as Record<string, { first: number; eventId: string; by: string }>;
  const steps = STAGES.filter((s) => hits[s]).map((s) => ({ stage: s, at: Number(hits[s].first), eventId: hits[s].eventId, by: hits[s].by }));
  steps.sort((a, b) => a.at - b.at);
  const start = steps[0]?.at ?? 0;
  return steps.map((s, i) => ({ ...s, sinceFirstContactMs: s.at - start, sincePreviousMs: i === 0 ? null : s.at - steps[i - 1].at }));
}

async function suspectProfile(db: CoreDb, caseRow: CaseRow, decisions: { account: string | null; reasons: string }[]): Promise<CaseView['suspect']> {
  const id = caseRow.suspect_account;
  if (!id) return null;
  const account = await db.selectFrom('accounts').select(['risk', 'status']).where('tenant', '=', caseRow.tenant).where('id', '=', id).executeTakeFirst();
  let reasons: Reason[] = [];
  for (const d of decisions) if (d.account === id) reasons = riskReasons(d.reasons) ?? reasons;
  return { id, risk: Number(account?.risk ?? 0), status: account?.status ?? 'unknown', reasons };
}

function riskReasons(json: string): Reason[] | undefined {
  const value = safeJson(json);
  if (Array.isArray(value) && value.length) return value.filter(isReason);
  if (value && Array.isArray(value.risk?.reasons)) return value.risk.reasons.filter(isReason);
  return undefined;
}

function rulesOf(actionsJson: string): string[] {
  const actions = safeJson(actionsJson);
  const rules = Array.isArray(actions) ? actions.map((a: { rule?: unknown }) => a?.rule).filter((r: unknown): r is string => typeof r === 'string') : [];
  return [...new Set(rules)];
}

export function parseSignals(json: string | null | undefined): Signal[] {
  const value = json ? safeJson(json) : null;
  const list = Array.isArray(value) ? value : Array.isArray(value?.signals) ? value.signals : [];
  return list.filter((s: unknown): s is Signal => !!s && typeof s === 'object' && typeof (s as Signal).kind === 'string' && Array.isArray((s as Signal).reasons));
}

function isReason(value: unknown): value is Reason {
  return !!value && typeof value === 'object' && typeof (value as Reason).code === 'string' && typeof (value as Reason).message === 'string';
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
