// Response schemas and examples shared by the API's routes, for the OpenAPI document (/openapi.json, /docs).
// Objects are "loose": they name the fields a client can rely on and allow more, because the serializer checks
// them without stripping (response-contract.ts); test/fuzz fails when an answer drifts from what is written here.
import { z } from 'zod';
import { STAGES } from '../../core/signals.ts';
import { ACTION_TYPES } from '../../core/rules/schema.ts';

export const ApiError = z
  .looseObject({
    error: z.string().describe('Machine-readable code: invalid_request, unauthorized, forbidden, not_found, …'),
    message: z.string().describe('What went wrong, in words a developer can act on'),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('One entry per offending field'),
  })
  .meta({ id: 'ApiError', examples: [{ error: 'invalid_request', message: 'body.recipients: expected array, received string', fields: [{ path: 'body.recipients', message: 'expected array, received string' }] }] });

/** The error answers every authenticated route can give. */
export const errorResponses = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 503: ApiError } as const;

export const Span = z
  .looseObject({
    field: z.string().describe('The event field the span is in, e.g. text'),
    start: z.number().int().min(0).describe('Offset of the first character, in UTF-16 code units (JavaScript string indices)'),
    end: z.number().int().min(0).describe('Offset just past the last character (exclusive), in UTF-16 code units'),
    text: z.string().optional().describe('The spanned text as it appears in the original'),
  })
  .meta({ id: 'Span', description: 'Where in the original text the evidence is: text.slice(start, end) in JavaScript' });
export const Reason = z.looseObject({
  code: z.string(),
  message: z.string(),
  spans: z.array(Span).optional(),
  evidence: z.record(z.string(), z.unknown()).optional(),
}).meta({ id: 'Reason' });
export const Signal = z.looseObject({
  detector: z.string(),
  kind: z.string(),
  stage: z.enum(STAGES).optional(),
  score: z.number(),
  reasons: z.array(Reason),
}).meta({ id: 'Signal' });
export const Action = z.looseObject({
  type: z.enum(ACTION_TYPES),
  target: z.looseObject({}).describe('Who the action is for: the recipient, the suspect, the conversation, the link'),
  rule: z.string(),
  queue: z.string().optional(),
  priority: z.number().optional(),
  notice: z.string().optional(),
}).meta({ id: 'Action' });
export const Verdict = z.string().describe('allow, warn, hold, restrict or review');

export const Decision = z
  .looseObject({
    event_id: z.string(),
    tenant: z.string(),
    event_type: z.string(),
    verdict: Verdict,
    actions: z.array(Action),
    shadow_actions: z.array(Action),
    rules_matched: z.array(z.string()),
    signals: z.array(Signal),
    stages: z.looseObject({ conversation_id: z.string().nullable(), reached: z.array(z.enum(STAGES)), new: z.array(z.looseObject({ stage: z.enum(STAGES) })) }),
    risk: z.looseObject({ account: z.string(), score: z.number(), reasons: z.array(Reason) }).nullable(),
    follow_ups: z
      .array(z.looseObject({ event_id: z.string(), detector: z.string(), task: z.string() }))
      .optional()
      .describe('Detector work still running for this event (e.g. fetching and scanning a linked APK). Its result arrives as the decision of event_id (GET /v1/decisions/{event_id} and the decision.actions webhook).'),
    follow_up_of: z.string().optional().describe('On a follow-up decision (event_type detector.follow_up): the event whose detector work it reports'),
    rule_input: z
      .looseObject({ eventType: z.string(), signals: z.array(z.looseObject({ kind: z.string(), score: z.number() })), accountRisk: z.number() })
      .optional()
      .describe('Exactly what the rules were evaluated on (stored, so a candidate rule file can be replayed over past decisions by POST /v1/rules/preview). Its keys are camelCase, unlike the rest of the answer.'),
  })
  .meta({
    id: 'Decision',
    examples: [{
      event_id: 'evt-1043', tenant: 'acme', event_type: 'message.sent', verdict: 'hold',
      actions: [{ type: 'warn_recipient', target: { kind: 'account', id: 'victim-77' }, rule: 'app-lure-warn', notice: 'Never install an app a new contact sends you.' }],
      shadow_actions: [], rules_matched: ['app-lure-warn'],
      signals: [{ detector: 'text', kind: 'text.app_lure', stage: 'app_lure', score: 0.93, reasons: [{ code: 'audio_fix_app', message: 'asks to install an app to fix audio', spans: [{ field: 'text', start: 0, end: 42 }] }] }],
      stages: { conversation_id: 'conv-88', reached: ['first_contact', 'escalation', 'offplatform', 'app_lure'], new: [{ stage: 'app_lure', since_first_contact_ms: 3300000, since_previous_stage_ms: 1500000, previous_stage: 'offplatform' }] },
      risk: { account: 'scammer-12', score: 0.91, reasons: [{ code: 'fast_chain', message: 'reached app lure 55 minutes after first contact' }] },
    }],
  });

export const Warning = z
  .looseObject({ code: z.string().describe('time_in_future, time_far_past'), path: z.string(), message: z.string() })
  .meta({ id: 'Warning', description: 'Something about an accepted event the sender should check (the event was stored and decided)' });
const Warnings = z.array(Warning).optional().describe('Present only when there is something to check');

export const IngestAnswer = Decision.extend({
  duplicate: z.boolean().describe('true when this event id was already stored; the stored decision is returned'),
  warnings: Warnings,
});

export const BatchAnswer = z.looseObject({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(z.looseObject({ event_id: z.string(), duplicate: z.boolean(), verdict: Verdict, actions: z.array(Action), warnings: Warnings })),
}).meta({ examples: [{ accepted: 2, duplicates: 0, results: [{ event_id: 'evt-1', duplicate: false, verdict: 'allow', actions: [] }, { event_id: 'evt-2', duplicate: false, verdict: 'warn', actions: [] }] }] });

export const AccountView = z.looseObject({
  tenant: z.string(),
  id: z.string(),
  status: z.string(),
  first_seen: z.number().describe('Epoch milliseconds of the earliest event seen for the account'),
  last_seen: z.number().describe('Epoch milliseconds of the latest event seen'),
  risk: z.looseObject({ score: z.number(), reasons: z.array(Reason) }),
  behaviour: z.looseObject({ requests_sent: z.number(), requests_accepted: z.number(), conversations_started: z.number() }),
  conversations_as_suspect: z.array(z.looseObject({ id: z.string(), flagged: z.boolean() })),
}).meta({ examples: [{ tenant: 'acme', id: 'scammer-12', status: 'active', first_seen: 1793527200000, last_seen: 1793530500000, risk: { score: 0.91, reasons: [{ code: 'fast_chain', message: 'reached app lure 55 minutes after first contact' }] }, behaviour: { requests_sent: 40, requests_accepted: 6, conversations_started: 6, offplatform_conversations: 3, reports: 1 }, conversations_as_suspect: [{ id: 'conv-88', stage_max: 'app_lure', flagged: true, last_seen: 1793530500000 }] }] });

export const ConversationView = z.looseObject({
  tenant: z.string(),
  id: z.string(),
  flagged: z.boolean(),
  suspect: z.string().nullable(),
  participants: z.array(z.string()),
  message_count: z.number(),
  stages: z.array(z.looseObject({ stage: z.enum(STAGES), event_id: z.string() })),
  messages: z.array(z.looseObject({ event_id: z.string(), sender: z.string(), recipients: z.array(z.string()), text: z.string().nullable(), text_retained: z.boolean() })),
  decisions: z.array(Decision),
});

export const CaseRow = z.looseObject({
  id: z.string(),
  tenant: z.string(),
  status: z.string(),
  queue: z.string(),
  conversation_id: z.string(),
});
export const CaseList = z.looseObject({ cases: z.array(CaseRow) });
export const CaseView = CaseRow.extend({
  conversation: ConversationView.nullable(),
  suspect: AccountView.nullable(),
  decisions: z.array(Decision),
});

export const RuleStatus = z.looseObject({ version: z.unknown() }).describe('Reload status of the rule file: version, loaded time, last error');
export const RuleErrors = z.array(z.looseObject({ path: z.string(), message: z.string() }));

