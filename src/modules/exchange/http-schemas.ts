// Response schemas of the exchange routes, for the OpenAPI document (/openapi.json) and the response-contract
// check of the generated-input tests. Objects are loose like the rest of the API's: they name what a client can
// rely on and allow more.
import { z } from 'zod';
import { SIGNAL_TYPES } from './signal-formats.ts';

const HEX = 'f8f8f0cee0f4a84f06370a22038f5a4e4a91f6b2ad9b4d6e24ddb1fa55b31c53';

/** HMA 2.0's `GET /m/lookup` answer: bank name → matches, `{}` when nothing matches. */
export const HmaLookup = z
  .record(z.string(), z.array(z.looseObject({ bank_content_id: z.number().int().nonnegative(), distance: z.string().describe('Hamming distance (PDQ) or 0 (MD5), as a string as HMA prints it') })))
  .meta({ examples: [{ PARTNER_BANK: [{ bank_content_id: 178630293614521, distance: '2' }] }] });

const IndexState = z.looseObject({ present: z.boolean(), built_to: z.number().int().describe('Unix seconds; the indexes are live, so this is now'), size: z.number().int() });
export const HmaIndexStatus = z.looseObject({ pdq: IndexState, video_md5: IndexState });

const DetailedMatch = z.looseObject({
  bank: z.string(),
  signal_type: z.enum(SIGNAL_TYPES),
  signal: z.string(),
  distance: z.number().int(),
  bank_content_id: z.number().int(),
  quality: z.number().nullable(),
  tags: z.array(z.string()),
  category: z.string().nullable(),
  source: z.string(),
});
export const DetailedLookup = z
  .looseObject({ matches: z.array(DetailedMatch), allowed_by: z.array(DetailedMatch), suppressed: z.array(DetailedMatch), quarantined: z.array(z.string()) })
  .meta({ examples: [{ matches: [{ bank: 'PARTNER_BANK', signal_type: 'pdq', signal: HEX, distance: 2, bank_content_id: 178630293614521, quality: 100, tags: ['sextortion'], category: 'POSITIVE_CLASS', source: 'peer:partner-a' }], allowed_by: [], suppressed: [], quarantined: [] }] });

export const ImportSummary = z
  .looseObject({ added: z.number().int(), duplicates: z.number().int(), disabled: z.number().int(), skipped: z.array(z.looseObject({ reason: z.string() })) })
  .meta({ examples: [{ added: 1204, duplicates: 3, disabled: 0, skipped: [{ line: 12, reason: 'quality 31 is below 50: too unreliable to match on' }] }] });

export const HashListText = z.string().describe('The list as text: jsonl (a header line, then one record per line), ThreatExchange CSV or an HMA signal file');

export const BankSettings = z.looseObject({
  bank: z.string(),
  kind: z.enum(['block', 'allow']),
  maxDistance: z.number().int().nullable(),
  floodLimit: z.number().int(),
  floodWindowMs: z.number().int(),
  quarantinedAt: z.number().nullable(),
  quarantineReason: z.string().nullable(),
  labels: z.array(z.string()),
});

export const PeerStatus = z
  .looseObject({
    name: z.string(),
    api: z.string(),
    url: z.string(),
    bank: z.string(),
    intervalMs: z.number().int(),
    checkpoint: z.string().nullable(),
    nextRunAt: z.number(),
    lastRunAt: z.number().nullable(),
    lastError: z.string().nullable().describe('The last failed pull, never a credential'),
    enabled: z.boolean(),
  })
  .meta({ examples: [{ name: 'partner-a', api: 'chainbreak', url: 'https://cb.partner-a.example/v1/exchange/banks/SHARED/export', bank: 'PARTNER_A', intervalMs: 3_600_000, checkpoint: null, nextRunAt: 1793530500000, lastRunAt: null, lastError: null, enabled: true }] });

export const PullResult = z.looseObject({
  peer: z.string(),
  pages: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int(),
  disabled: z.number().int(),
  skipped: z.number().int(),
  checkpoint: z.string().nullable(),
  error: z.string().optional().describe('Why the pull failed (recorded on the peer; retried within 15 minutes)'),
});

/** A signed partner package as it travels (docs/exchange.md, "Packages"). */
export const SignedPackage = z
  .looseObject({ format: z.string(), alg: z.string(), signer: z.string(), payload: z.string().describe('The payload JSON, as the exact text that was signed'), signature: z.string() })
  .meta({ examples: [{ format: 'chainbreak.partner-package+signed', alg: 'Ed25519', signer: 'platform-a', payload: '{"format":"chainbreak.partner-package","version":1,…}', signature: 'q1w2…(86 base64url characters)' }] });

export const ReceiveResult = z.looseObject({ packageId: z.string(), from: z.string(), kind: z.enum(['indicators', 'feedback']), stored: z.number().int(), ignored: z.number().int() });

const IndicatorMatch = z.looseObject({
  partner: z.string(),
  tenant: z.string(),
  account: z.string(),
  type: z.string(),
  value: z.string().describe('The local value that hashed to the partner indicator (never sent to the partner)'),
  hash: z.string(),
  stages: z.array(z.string()),
  confidence: z.number(),
  weight: z.number(),
  confirms: z.number().int(),
  disputes: z.number().int(),
  crew: z.string().nullable(),
});
const RingEvidence = z.looseObject({ kind: z.enum(['reaffirm', 'partner_crew']), tenant: z.string(), account: z.string(), type: z.string(), value: z.string(), strength: z.enum(['strong', 'weak']), source: z.string(), weight: z.number() });
export const PartnerMatches = z.looseObject({ matches: z.array(IndicatorMatch), evidence: z.array(RingEvidence) });

export const RemovalRequest = z
  .looseObject({
    id: z.string(),
    tenant: z.string(),
    caseId: z.string().nullable(),
    jurisdiction: z.string(),
    law: z.string(),
    source: z.string(),
    receivedAt: z.number(),
    deadlineAt: z.number(),
    status: z.enum(['open', 'removed', 'rejected']),
    clock: z.enum(['ok', 'due_soon', 'overdue', 'met', 'missed']),
    remainingMs: z.number(),
  })
  .meta({ examples: [{ id: 'rm-1', tenant: 'acme', caseId: 'case-88', jurisdiction: 'US', law: 'TAKE IT DOWN Act (notice and removal)', source: 'victim_report', receivedAt: 1793527200000, deadlineAt: 1793700000000, status: 'open', clock: 'ok', remainingMs: 172800000 }] });
export const RemovalList = z.looseObject({ removals: z.array(RemovalRequest) });
export const RemovalCsv = z.string().describe('CSV, one row per request with its deadline and outcome');

const ScheduledStep = z.looseObject({ id: z.string(), planId: z.string(), caseId: z.string(), step: z.number().int(), action: z.string(), runAt: z.number(), status: z.enum(['pending', 'running', 'done', 'failed', 'cancelled', 'interrupted']), actor: z.string(), reason: z.string(), firedAt: z.number().nullable() });
export const PlanAnswer = z.looseObject({ planId: z.string(), steps: z.array(ScheduledStep), auditSeq: z.number().int() });
export const PlanSteps = z.looseObject({ steps: z.array(ScheduledStep) });
export const Cancelled = z.looseObject({ cancelled: z.number().int().describe('Steps that had not fired yet and are now cancelled') });
export const QueueDeadlines = z.looseObject({ total: z.number().int(), cases: z.array(z.looseObject({ id: z.string(), removal_deadline: z.number().nullable() })) });
export const AuthorityPackage = z.looseObject({
  format: z.literal('chainbreak.authority-package/1'),
  items: z.array(z.looseObject({ kind: z.string(), id: z.string(), sha256: z.string() })),
  manifest_sha256: z.string(),
  cybertipline: z.looseObject({ missing: z.array(z.string()) }).nullable().optional(),
});
export const Conflict = z.looseObject({ error: z.string(), message: z.string() });
