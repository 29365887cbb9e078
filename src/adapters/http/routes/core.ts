// The platform API: event ingestion with synchronous decisions, and look-ups of decisions,
// accounts, conversations and review cases.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ChainEvent } from '../../../core/events.ts';
import type { ApiKeys } from '../../../app/api-keys.ts';
import { MAX_BATCH, type IngestService } from '../../../app/ingest.ts';
import type { Queries } from '../../../app/queries.ts';
import { assertTenant, keyMaySee, requireScope, resolveTenant } from '../auth.ts';
import { HttpError } from '../fastify.ts';
import { AccountView, BatchAnswer, CaseList, CaseView, ConversationView, Decision, errorResponses, IngestAnswer } from '../schemas.ts';
import { typedRoutes } from '../typed-routes.ts';
import { timeWarnings, unknownFieldWarnings, type EventWarning } from '../event-warnings.ts';

export interface CoreRouteDeps {
  ingest: IngestService;
  queries: Queries;
  keys: ApiKeys;
}

const TenantQuery = z.object({ tenant: z.string().min(1).max(100).optional().describe("Tenant (platform) the record belongs to; a key bound to one tenant may leave it out").meta({ examples: ['acme'] }) });
const IdParams = z.object({ id: z.string().min(1).max(200) });
const EXAMPLE_EVENT = {
  id: 'evt-1043', tenant: 'acme', time: '2026-11-01T10:55:00Z', type: 'message.sent', conversation_id: 'conv-88',
  sender: 'scammer-12', recipients: ['victim-77'], text: 'my audio is not working, install this app to fix it http://voicefix.example/fix.apk', attachments: [],
};

export async function registerCoreRoutes(server: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  // Typed from the route schemas: request.body, .query and .params are what zod validated, with no casts.
  const app = typedRoutes(server);
  const write = requireScope(deps.keys, 'events:write');
  const read = requireScope(deps.keys, 'read');

  // The body as sent, before validation strips fields it does not know, to warn about them.
  const sent = new WeakMap<FastifyRequest, unknown>();
  const keepSent = async (request: FastifyRequest) => void sent.set(request, request.body);

  app.post('/v1/events', {
    onRequest: write,
    preValidation: keepSent,
    schema: {
      tags: ['events'],
      summary: 'Ingest one event and get its decision synchronously',
      description: 'Stores the event and answers with the decision once it is stored. A re-delivered event id answers the stored decision with `duplicate: true`.',
      body: ChainEvent.meta({ examples: [EXAMPLE_EVENT] }),
      response: { 200: IngestAnswer, ...errorResponses },
    },
  }, async (request) => {
    const [result] = await ingestChecked(deps.ingest, request, [request.body]);
    const warnings = [...unknownFieldWarnings(sent.get(request), request.body, 'body'), ...timeWarnings(request.body, Date.now(), 'body.time')];
    return { ...result.decision, duplicate: result.duplicate, ...withWarnings(warnings) };
  });

  app.post('/v1/events/batch', {
    onRequest: write,
    preValidation: keepSent,
    schema: {
      tags: ['events'],
      summary: `Ingest up to ${MAX_BATCH} events; the whole batch is rejected if any event is invalid`,
      body: z.object({ events: z.array(ChainEvent).min(1).max(MAX_BATCH) }).meta({ examples: [{ events: [EXAMPLE_EVENT, { ...EXAMPLE_EVENT, id: 'evt-1044', text: 'i recorded your video' }] }] }),
      response: { 200: BatchAnswer, ...errorResponses },
    },
  }, async (request) => {
    const { events } = request.body;
    const results = await ingestChecked(deps.ingest, request, events);
    const now = Date.now();
    const raw = (sent.get(request) as { events?: unknown[] } | undefined)?.events ?? [];
    const repeats = repeatedInBatch(events);
    // The ingest service answers one result per event, in the batch's order (ids may repeat, across tenants too).
    const warningsAt = events.map((event, index) => [
      ...repeats(index),
      ...unknownFieldWarnings(raw[index], event, `body.events.${index}`),
      ...timeWarnings(event, now, `body.events.${index}.time`),
    ]);
    return {
      accepted: results.filter((r) => !r.duplicate).length,
      duplicates: results.filter((r) => r.duplicate).length,
      results: results.map((r, index) => ({
        event_id: r.event_id,
        duplicate: r.duplicate,
        verdict: r.decision.verdict,
        actions: r.decision.actions,
        ...withWarnings(warningsAt[index] ?? []),
      })),
    };
  });

  app.get('/v1/decisions/:id', { onRequest: read, schema: { tags: ['decisions'], summary: 'The stored decision for one event', params: IdParams, querystring: TenantQuery, response: { 200: Decision, ...errorResponses } } }, async (request) => {
    const { id } = request.params;
    const tenant = resolveTenant(request, request.query.tenant);
    return (await deps.queries.decision(tenant, id)) ?? notFound('decision', id);
  });

  app.get('/v1/accounts/:id', { onRequest: read, schema: { tags: ['accounts'], summary: 'Risk profile of an account, with reasons', params: IdParams, querystring: TenantQuery, response: { 200: AccountView, ...errorResponses } } }, async (request) => {
    const { id } = request.params;
    const tenant = resolveTenant(request, request.query.tenant);
    return (await deps.queries.account(tenant, id)) ?? notFound('account', id);
  });

  app.get('/v1/conversations/:id', { onRequest: read, schema: { tags: ['conversations'], summary: 'Stage timeline and evidence of a conversation', params: IdParams, querystring: TenantQuery, response: { 200: ConversationView, ...errorResponses } } }, async (request) => {
    const { id } = request.params;
    const tenant = resolveTenant(request, request.query.tenant);
    const conversation = await deps.queries.conversation(tenant, id);
    if (!conversation) return notFound('conversation', id);
    return { ...conversation, decisions: await deps.queries.decisionsForConversation(tenant, id) };
  });

  const CaseQuery = z.object({
    tenant: z.string().min(1).max(100).optional(),
    status: z.enum(['open', 'claimed', 'closed']).optional(),
    queue: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  });
  app.get('/v1/cases', { onRequest: read, schema: { tags: ['cases'], summary: 'Review cases, most urgent first', querystring: CaseQuery, response: { 200: CaseList, ...errorResponses } } }, async (request) => {
    const query = request.query;
    const bound = request.apiKey?.tenant;
    if (query.tenant) assertTenant(request, query.tenant);
    const tenant = query.tenant ?? (bound && bound !== '*' ? bound : undefined);
    return { cases: await deps.queries.cases({ ...query, tenant }) };
  });

  app.get('/v1/cases/:id', { onRequest: read, schema: { tags: ['cases'], summary: 'A case with its conversation, suspect and decisions', params: IdParams, response: { 200: CaseView, ...errorResponses } } }, async (request) => {
    const { id } = request.params;
    const found = await deps.queries.case(id);
    // Another tenant's case answers as a missing one: a 403 would tell a tenant-bound key that the id exists.
    if (!found || !keyMaySee(request, found.tenant)) return notFound('case', id);
    return found;
  });
}

/** Events arrive validated by the route schema (a bad one rejects the request, naming the field). */
async function ingestChecked(ingest: IngestService, request: FastifyRequest, events: ChainEvent[]) {
  for (const event of events) assertTenant(request, event.tenant);
  return ingest.ingestValid(events);
}

/**
 * An id sent twice in one batch is one event: the later entry is answered as a duplicate of the earlier and its
 * content is not stored, which a sender that reuses ids by mistake must hear about.
 */
function repeatedInBatch(events: readonly ChainEvent[]): (index: number) => EventWarning[] {
  const first = new Map<string, number>();
  events.forEach((event, index) => {
    const key = `${event.tenant}|${event.id}`;
    if (!first.has(key)) first.set(key, index);
  });
  return (index) => {
    const earlier = first.get(`${events[index].tenant}|${events[index].id}`) ?? index;
    if (earlier === index) return [];
    return [{ code: 'duplicate_in_batch', path: `body.events.${index}.id`, message: `id "${events[index].id}" already appears at body.events.${earlier} of this batch; this entry is answered as its duplicate and its content was not stored` }];
  };
}

/** Adds `warnings` only when there are some, so an ordinary answer stays as it was. */
function withWarnings(warnings: EventWarning[]): { warnings?: EventWarning[] } {
  return warnings.length ? { warnings } : {};
}

function notFound(kind: string, id: string): never {
  throw new HttpError(404, 'not_found', `no ${kind} "${id}"`);
}

