// Dead-letter API: list the deliveries the dispatcher gave up on, and replay them once the receiver is
// fixed. Scoped like every platform route: a key bound to a tenant sees and replays only its own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiKeys } from '../../app/api-keys.ts';
import type { CoreDb } from '../store/db.ts';
import { assertTenant, requireScope } from '../http/auth.ts';
import { listDeadLetters, replayDeadLetters } from './dead-letters.ts';
import { errorResponses } from '../http/schemas.ts';
import { typedRoutes } from '../http/typed-routes.ts';

const DeadLetters = z.looseObject({ dead_letters: z.array(z.looseObject({ id: z.string(), tenant: z.string(), url: z.string() })) });
const Replayed = z.looseObject({ replayed: z.number().int() });

export interface WebhookRouteDeps {
  db: CoreDb;
  keys: ApiKeys;
}

const Tenant = z.string().min(1).max(100);
const ListQuery = z.object({ tenant: Tenant.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ReplayBody = z.object({
  tenant: Tenant.optional(),
  ids: z.array(z.string().min(1).max(100)).min(1).max(1000).optional().describe('Replay these deliveries; all of the tenant\'s dead letters when absent'),
});

/** The tenant a request is about: the one it names (checked against the key) or the key's own. */
function tenantFor(request: FastifyRequest, named: string | undefined): string | undefined {
  if (named) {
    assertTenant(request, named);
    return named;
  }
  const bound = request.apiKey?.tenant;
  return bound && bound !== '*' ? bound : undefined;
}

export async function registerWebhookRoutes(server: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const app = typedRoutes(server);
  const read = requireScope(deps.keys, 'read');
  const write = requireScope(deps.keys, 'events:write');
  app.get('/v1/webhooks/dead-letters', { onRequest: read, schema: { tags: ['webhooks'], summary: 'Deliveries that were retried for the whole retry window and given up', querystring: ListQuery, response: { 200: DeadLetters, ...errorResponses } } }, async (request) => {
    const q = request.query;
    return { dead_letters: await listDeadLetters(deps.db, { tenant: tenantFor(request, q.tenant), limit: q.limit }) };
  });
  app.post('/v1/webhooks/dead-letters/replay', { onRequest: write, schema: { tags: ['webhooks'], summary: 'Make dead deliveries pending again (same delivery ids, fresh retry window)', body: ReplayBody, response: { 200: Replayed, ...errorResponses } } }, async (request) => {
    const body = request.body;
    return { replayed: await replayDeadLetters(deps.db, { ids: body.ids, tenant: tenantFor(request, body.tenant) }) };
  });
}
