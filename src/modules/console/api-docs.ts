// OpenAPI documentation of the console API (/console/api, signed-in moderators) and the victims' help API
// (/help/api, public and rate limited): a summary and a response schema per route, applied by documentRoutes().
import { z } from 'zod';
import type { RouteDoc } from '../../adapters/http/route-docs.ts';

const User = z.looseObject({ id: z.string(), username: z.string(), role: z.enum(['admin', 'moderator', 'investigator']), tenant: z.string().nullable() })
  .meta({ examples: [{ id: 'u-3', username: 'mod.ana', role: 'moderator', tenant: 'acme' }] });
const CaseRow = z.looseObject({ id: z.string(), status: z.string(), queue: z.string() });
const AuditEntry = z.looseObject({ seq: z.number().int(), time: z.number(), actor: z.string(), role: z.string(), action: z.string(), targetType: z.string(), targetId: z.string(), caseId: z.string().nullable(), reason: z.string() })
  .meta({ examples: [{ seq: 42, time: 1793530500000, actor: 'mod.ana', role: 'moderator', action: 'close_case', targetType: 'case', targetId: 'case-88', caseId: 'case-88', reason: 'confirmed sextortion', details: { verdict: 'confirmed' } }] });
const Graph = z.looseObject({ id: z.string(), nodes: z.array(z.looseObject({ id: z.string(), kind: z.string(), label: z.string() })), edges: z.array(z.looseObject({ id: z.string(), source: z.string(), target: z.string() })) });
const ReportOutcome = z.looseObject({
  accepted: z.array(z.object({ type: z.string(), value: z.string() })),
  rejected: z.array(z.object({ type: z.string(), value: z.string(), error: z.string() })),
  rings: z.array(z.string()),
});
const Validation = z.looseObject({ valid: z.boolean() });

export const CONSOLE_DOCS: Record<string, RouteDoc> = {
  'GET /console/api/case-groups': { summary: 'Open cases grouped by suspect or ring', response: { 200: z.looseObject({}) } },
  'POST /console/api/cases/:id/reassign': { summary: 'Reassign a claimed case to another moderator (admins; audited)', response: { 200: z.looseObject({}) } },
  'POST /console/api/cases/bulk': { summary: 'Close or release many cases with one reason (one audit entry per case)', response: { 200: z.looseObject({}) } },
  'GET /console/api/ring-bans': { summary: 'Ring bans with the cases they closed', response: { 200: z.looseObject({}) } },
  'POST /console/api/ring-bans/:id/undo': { summary: 'Undo a ring ban: statuses and closed cases come back (audited)', response: { 200: z.looseObject({}) } },
  'GET /console/api/rules/drafts': { summary: 'Saved rule drafts', response: { 200: z.looseObject({}) } },
  'GET /console/api/rules/drafts/:id': { summary: 'One rule draft', response: { 200: z.looseObject({}) } },
  'POST /console/api/rules/drafts': { summary: 'Save a rule draft', response: { 200: z.looseObject({}) } },
  'POST /console/api/rules/diff': { summary: 'Line diff of a draft against the live rule file', response: { 200: z.looseObject({}) } },
  'POST /console/api/rules/backtest': { summary: 'Backtest a draft against the stored history, per rule with examples', response: { 200: z.looseObject({}) } },
  'POST /console/api/rules/deploy': { summary: 'Deploy a draft (rules:deploy permission; audited)', response: { 200: z.looseObject({}) } },
  'GET /console/api/rules/deploys': { summary: 'Rule deploys, newest first', response: { 200: z.looseObject({}) } },
  'POST /console/api/rules/deploys/:id/rollback': { summary: 'Roll back to the rule file before a deploy (audited)', response: { 200: z.looseObject({}) } },
  'GET /console/api/rules/precision': { summary: 'Per-rule precision from the true and false positive verdicts of moderators', response: { 200: z.looseObject({}) } },
  'POST /console/api/victim-reports/lookup': { summary: 'Find a victim report by the receipt code the reporter gives (audited)', response: { 200: z.looseObject({}) } },
  'POST /console/api/victim-reports/:id/review': { summary: 'Mark a victim report reviewed (audited)', response: { 200: z.looseObject({}) } },
  'GET /console/api/webhooks/dead-letters': { summary: 'Webhook deliveries given up after the retry window (admins)', response: { 200: z.looseObject({ deadLetters: z.array(z.looseObject({ id: z.string() })) }) } },
  'POST /console/api/webhooks/dead-letters/replay': { summary: 'Replay dead webhook deliveries (admins; audited)', response: { 200: z.looseObject({}) } },
  'POST /console/api/session': { summary: 'Sign in; sets the HttpOnly session cookie (scoped to /console/api)', response: { 200: z.looseObject({ user: User }) } },
  'GET /console/api/session': { summary: 'The signed-in user, or null when the request carries no valid session', response: { 200: z.looseObject({ user: User.nullable() }) } },
  'DELETE /console/api/session': { summary: 'Sign out: end the session and clear its cookie', response: { 200: z.looseObject({ signedOut: z.boolean() }) } },
  'GET /console/api/queues': { summary: 'Review queues with their open and claimed counts', response: { 200: z.looseObject({ queues: z.array(z.looseObject({ queue: z.string(), open: z.number().int(), claimed: z.number().int() })) }) } },
  'GET /console/api/cases': { summary: 'Cases of a queue, most urgent first', response: { 200: z.looseObject({ total: z.number().int(), cases: z.array(CaseRow) }) } },
  'GET /console/api/cases/:id': { summary: 'A case: conversation with stage marks, suspect, ring, enforcements and audit trail', response: { 200: z.looseObject({ enforcements: z.array(z.unknown()), audit: z.array(AuditEntry) }) } },
  'POST /console/api/cases/:id/claim': { summary: 'Claim a case (409 when another moderator holds it or it is closed)', response: { 200: z.looseObject({ case: CaseRow }), 409: z.looseObject({ error: z.string(), message: z.string() }) } },
  'POST /console/api/cases/:id/release': { summary: 'Release a claimed case', response: { 200: z.looseObject({ released: z.boolean() }), 409: z.looseObject({ error: z.string(), message: z.string() }) } },
  'POST /console/api/cases/:id/actions': { summary: 'Apply an action (ban account, ban ring, preserve evidence, …) with a reason; audited', response: { 200: z.looseObject({ action: z.string(), accounts: z.array(z.string()), ringId: z.string().nullable(), auditSeq: z.number().int() }) } },
  'POST /console/api/cases/:id/close': { summary: 'Close a claimed case with a verdict and a reason; audited', response: { 200: z.looseObject({ closed: z.boolean(), verdict: z.string(), auditSeq: z.number().int() }) } },
  'GET /console/api/audit': { summary: 'The audit trail, newest first (hash-chained)', response: { 200: z.looseObject({ entries: z.array(AuditEntry) }) } },
  'GET /console/api/audit/verify': { summary: "Verify the audit trail's hash chain (admin)", response: { 200: z.looseObject({ ok: z.boolean() }) } },
  'GET /console/api/dashboard': { summary: 'Cases by stage, interception, top rings and moderator feedback', response: { 200: z.looseObject({ byStage: z.array(z.looseObject({ stage: z.string() })), interception: z.looseObject({ share: z.number() }), topRings: z.array(z.unknown()), feedback: z.array(z.unknown()) }) } },
  'GET /console/api/rings/:id': { summary: "A ring's graph for the case page", response: { 200: Graph } },
  'GET /console/api/rules': { summary: 'The active rule file source', response: { 200: z.looseObject({ source: z.string() }) } },
  'POST /console/api/rules/validate': { summary: 'Validate a rule file draft', response: { 200: Validation } },
  'POST /console/api/rules/preview': { summary: 'Preview a rule file draft against recent decisions', response: { 200: Validation } },
  'GET /console/api/victim-reports': { summary: 'Victim reports, newest first (investigators and admins)', response: { 200: z.looseObject({ reports: z.array(z.looseObject({ id: z.string(), createdAt: z.number(), updatedAt: z.number(), rings: z.array(z.string()), language: z.string().nullable() })) }) } },
  'GET /help/api/config': { summary: "The help page's configuration (hotlines per country)", response: { 200: z.looseObject({ hotlines: z.unknown() }) } },
  'POST /help/api/hashes': { summary: "Submit image hashes computed on the victim's own device (only PDQ and MD5 leave it)", response: { 200: z.looseObject({ accepted: z.number().int() }) } },
  'POST /help/api/reports': { summary: "Report the scammer's identifiers anonymously; answers a receipt code", response: { 200: ReportOutcome.extend({ receipt: z.string() }) } },
  'POST /help/api/reports/add': { summary: 'Add information to an earlier report by its receipt code', response: { 200: ReportOutcome } },
  'POST /help/api/reports/status': { summary: 'Status of a report by its receipt code', response: { 200: z.looseObject({ createdAt: z.number(), updatedAt: z.number(), entries: z.number().int(), identifiers: z.number().int(), rings: z.array(z.string()) }) } },
};
