// Rings API: list a tenant's rings, show one with its graph, export a case package, explain why two accounts are
// linked, and let a moderator add or reverse a link. Every route is per tenant: rings never cross tenants.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { IDENTIFIER_TYPES } from '../../core/signals.ts';
import { buildCasePackage } from './case.ts';
import { RingInputError, type RingService } from './service.ts';
import type { ApiKeys } from '../../app/api-keys.ts';
import { assertTenant, requireScope } from '../../adapters/http/auth.ts';
import { HttpError } from '../../adapters/http/fastify.ts';

export interface RingsRouteDeps {
  rings: RingService;
  /** API keys: reads need `read`, link changes need `rings:write`. Without keys the routes are open (tests only). */
  keys?: ApiKeys;
}

const Tenant = z.string().trim().min(1).max(100).describe('Tenant whose rings to read');
const Account = z.string().trim().min(1).max(200);
const TenantQuery = z.object({ tenant: Tenant });
const RingParams = z.object({ id: z.string().min(1).max(100) });
const ListQuery = z.object({
  tenant: Tenant,
  minScore: z.coerce.number().min(0).max(1).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const ExplainQuery = z.object({ tenant: Tenant, a: Account, b: Account });
const LinkBody = z.object({
  tenant: Tenant,
  account: Account,
  type: z.enum(IDENTIFIER_TYPES),
  value: z.string().min(1).max(512),
  strength: z.enum(['strong', 'weak']).optional(),
  source: z.string().max(500).optional(),
  event_id: z.string().max(200).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
  victim: z.string().max(200).optional().describe('A victim who paid, or was asked to pay, into this identifier'),
  by: z.string().min(1).max(200).optional().describe('Moderator adding the link; re-activates a link a moderator removed'),
});
const RemoveBody = z.object({
  tenant: Tenant,
  account: Account,
  type: z.enum(IDENTIFIER_TYPES),
  value: z.string().min(1).max(512),
  by: z.string().min(1).max(200),
  reason: z.string().trim().min(3, 'a reason of at least 3 characters is required').max(2_000),
});

const open: preHandlerAsyncHookHandler = async () => {};

export async function registerRingsRoutes(app: FastifyInstance, deps: RingsRouteDeps): Promise<void> {
  const { rings } = deps;
  const read = deps.keys ? requireScope(deps.keys, 'read') : open;
  const write = deps.keys ? requireScope(deps.keys, 'rings:write') : open;
  const tenantOf = (request: FastifyRequest, tenant: string): string => {
    assertTenant(request, tenant);
    return tenant;
  };
  const tags = ['rings'];

  app.get('/v1/rings', { onRequest: read, schema: { tags, summary: "A tenant's rings, highest risk first", querystring: ListQuery } }, async (request) => {
    const q = request.query as z.infer<typeof ListQuery>;
    const list = rings.rings(tenantOf(request, q.tenant), { minScore: q.minScore, limit: q.limit, offset: q.offset });
    return { rings: list };
  });

  app.get('/v1/rings/explain', { onRequest: read, schema: { tags, summary: 'Shortest evidence path between two accounts', querystring: ExplainQuery } }, async (request) => {
    const q = request.query as z.infer<typeof ExplainQuery>;
    return rings.explain(tenantOf(request, q.tenant), q.a, q.b);
  });

  app.get('/v1/rings/shared-infrastructure', { onRequest: read, schema: { tags, summary: 'Identifiers that stopped merging (over the cap or allow-listed)', querystring: TenantQuery } }, async (request) => {
    const q = request.query as z.infer<typeof TenantQuery>;
    return { shared_infrastructure: rings.sharedInfrastructure(tenantOf(request, q.tenant)) };
  });

  app.get('/v1/rings/mule-accounts', { onRequest: read, schema: { tags, summary: 'Payment identifiers that received from several victims', querystring: TenantQuery } }, async (request) => {
    const q = request.query as z.infer<typeof TenantQuery>;
    return { mule_accounts: rings.muleAccounts(tenantOf(request, q.tenant)) };
  });

  app.get('/v1/rings/accounts/:account', { onRequest: read, schema: { tags, summary: 'The ring of one account', params: z.object({ account: Account }), querystring: TenantQuery } }, async (request) => {
    const q = request.query as z.infer<typeof TenantQuery>;
    const { account } = request.params as { account: string };
    const ring = rings.ringOf(tenantOf(request, q.tenant), account);
    if (!ring) throw new HttpError(404, 'not_found', `account "${account}" is not in a ring of tenant "${q.tenant}"`);
    return ring;
  });

  app.get('/v1/rings/:id', { onRequest: read, schema: { tags, summary: 'One ring: members, identifiers, score reasons and a cytoscape graph', params: RingParams, querystring: TenantQuery } }, async (request) => {
    const q = request.query as z.infer<typeof TenantQuery>;
    const { id } = request.params as z.infer<typeof RingParams>;
    const ring = rings.ring(tenantOf(request, q.tenant), id);
    if (!ring) throw new HttpError(404, 'not_found', `no ring "${id}" in tenant "${q.tenant}" (ring ids change when rings merge or split)`);
    return ring;
  });

  app.get('/v1/rings/:id/case-package', { onRequest: read, schema: { tags, summary: 'Case package (JSON) with the provenance of every identifier, for a partner or an investigator', params: RingParams, querystring: TenantQuery } }, async (request, reply) => {
    const q = request.query as z.infer<typeof TenantQuery>;
    const { id } = request.params as z.infer<typeof RingParams>;
    const pkg = await buildCasePackage(rings, tenantOf(request, q.tenant), id);
    if (!pkg) throw new HttpError(404, 'not_found', `no ring "${id}" in tenant "${q.tenant}"`);
    reply.header('content-disposition', `attachment; filename="${id}.case.json"`);
    return pkg;
  });

  app.post('/v1/rings/links', { onRequest: write, schema: { tags, summary: 'Add a link (a moderator or a victim report)', body: LinkBody } }, async (request, reply) => {
    const body = request.body as z.infer<typeof LinkBody>;
    const tenant = tenantOf(request, body.tenant);
    const result = guarded(() =>
      rings.addLink({ ...body, tenant, eventId: body.event_id, time: body.time === undefined ? undefined : Date.parse(body.time) }),
    );
    await rings.flush();
    reply.status(result.status === 'added' ? 201 : 200);
    return { ...result, ring: rings.ringOf(tenant, body.account.trim()) };
  });

  app.post('/v1/rings/links/remove', { onRequest: write, schema: { tags, summary: 'Reverse a wrong link (moderator); the ring is re-derived at once', body: RemoveBody } }, async (request) => {
    const body = request.body as z.infer<typeof RemoveBody>;
    const tenant = tenantOf(request, body.tenant);
    const removed = guarded(() => rings.removeLink(tenant, body.account, body.type, body.value, body.by, body.reason));
    if (!removed) throw new HttpError(404, 'not_found', `no active link between "${body.account}" and ${body.type} "${body.value}"`);
    await rings.flush();
    return { removed, ring: rings.ringOf(tenant, body.account) };
  });
}

function guarded<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof RingInputError) throw new HttpError(400, 'invalid_link', error.message);
    throw error;
  }
}
