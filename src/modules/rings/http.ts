// Rings API: list a tenant's rings, show one with its graph, export a case package, explain why two accounts are
// linked, and let a moderator add or reverse a link. Every route is per tenant: rings never cross tenants.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { IDENTIFIER_TYPES } from '../../core/signals.ts';
import { buildCasePackage } from './case.ts';
import { RingInputError, type RingService } from './service.ts';
import type { ApiKeys } from '../../app/api-keys.ts';
import { requireScope, resolveTenant } from '../../adapters/http/auth.ts';
import { HttpError } from '../../adapters/http/fastify.ts';
import { errorResponses, Reason } from '../../adapters/http/schemas.ts';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';

const IdentType = z.enum(IDENTIFIER_TYPES);
const RingIdentifier = z.looseObject({ type: IdentType, value: z.string(), role: z.enum(['link', 'evidence']), accounts: z.number().int(), firstSeen: z.string(), lastSeen: z.string() });
const Mule = z.looseObject({ type: IdentType, value: z.string(), victims: z.number().int() });
const RingProfile = z.looseObject({
  id: z.string().describe('Stable while the ring grows; when rings merge the oldest id survives'),
  tenant: z.string(),
  accounts: z.array(z.string()),
  identifiers: z.array(RingIdentifier),
  firstSeen: z.string(),
  lastSeen: z.string(),
  victimsTouched: z.number().int(),
  stagesReached: z.array(z.string()),
  moneyAsked: z.array(z.object({ currency: z.string(), amount: z.number() })),
  badMembers: z.array(z.object({ account: z.string(), reason: z.string() })),
  muleAccounts: z.array(Mule),
  score: z.number(),
  reasons: z.array(Reason),
}).meta({ id: 'RingProfile', examples: [{
  id: 'ring_3f2a9c0d41b7e655', tenant: 'acme', accounts: ['acct-L8b1-00049', 'acct-L8b1-00112'],
  identifiers: [{ type: 'payment_account', value: 'gcash:+639171234567', role: 'link', accounts: 2, firstSeen: '2026-11-01T10:00:00.000Z', lastSeen: '2026-11-01T12:30:00.000Z' }],
  firstSeen: '2026-11-01T10:00:00.000Z', lastSeen: '2026-11-01T12:30:00.000Z', victimsTouched: 3, stagesReached: ['first_contact', 'threat', 'payment'],
  moneyAsked: [{ currency: 'USD', amount: 500 }], badMembers: [], muleAccounts: [{ type: 'payment_account', value: 'gcash:+639171234567', victims: 3 }],
  score: 0.94, reasons: [{ code: 'shared_payment_identifier', message: 'members share a payment identifier' }],
}] });
const RingDetail = RingProfile.extend({
  graph: z.looseObject({ nodes: z.array(z.looseObject({ data: z.looseObject({ id: z.string() }) })), edges: z.array(z.looseObject({ data: z.looseObject({ id: z.string(), source: z.string(), target: z.string() }) })) }).describe('cytoscape elements'),
  suspectedAssociates: z.array(z.looseObject({ account: z.string(), families: z.array(z.string()) })),
});
const Hop = z.looseObject({ from: z.string(), to: z.string(), via: z.object({ type: IdentType, value: z.string() }) });
const Explanation = z.looseObject({ a: z.string(), b: z.string(), sameRing: z.boolean(), accounts: z.array(z.string()), hops: z.array(Hop), message: z.string() });
const Shared = z.looseObject({ type: IdentType, value: z.string(), accounts: z.array(z.string()), reason: z.enum(['over_cap', 'allow_listed', 'platform_generic']) });
const CasePackage = z.looseObject({ format: z.string(), generatedAt: z.string(), tenant: z.string(), ring: z.looseObject({ id: z.string() }), identifiers: z.array(z.looseObject({ type: IdentType, value: z.string() })), evidencePaths: z.array(z.looseObject({})) });
const LinkAnswer = z.looseObject({ status: z.enum(['added', 'updated', 'suppressed']), type: IdentType, value: z.string().describe('The normalised value the graph keys on'), ring: RingProfile.nullable() });

export interface RingsRouteDeps {
  rings: RingService;
  /** API keys: reads need `read`, link changes need `rings:write`. Without keys the routes are open (tests only). */
  keys?: ApiKeys;
}

const Tenant = z.string().trim().min(1).max(100).describe('Tenant whose rings to read');
const ReadTenant = Tenant.optional().describe('Tenant whose rings to read; a key bound to one tenant may leave it out');
const Account = z.string().trim().min(1).max(200);
const TenantQuery = z.object({ tenant: ReadTenant });
const RingParams = z.object({ id: z.string().min(1).max(100) });
const ListQuery = z.object({
  tenant: ReadTenant,
  minScore: z.coerce.number().min(0).max(1).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const ExplainQuery = z.object({ tenant: ReadTenant, a: Account.meta({ examples: ['acct-L8b1-00049'] }), b: Account.meta({ examples: ['acct-L8b1-00112'] }) });
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
}).meta({ examples: [{ tenant: 'acme', account: 'acct-L8b1-00049', type: 'payment_account', value: 'GCash 0917 123 4567', source: 'report:r-9', victim: 'victim-77' }] });
const RemoveBody = z.object({
  tenant: Tenant,
  account: Account,
  type: z.enum(IDENTIFIER_TYPES),
  value: z.string().min(1).max(512),
  by: z.string().min(1).max(200),
  reason: z.string().trim().min(3, 'a reason of at least 3 characters is required').max(2_000),
});

const open: preHandlerAsyncHookHandler = async () => {};

export async function registerRingsRoutes(server: FastifyInstance, deps: RingsRouteDeps): Promise<void> {
  const app = typedRoutes(server);
  const { rings } = deps;
  const read = deps.keys ? requireScope(deps.keys, 'read') : open;
  const write = deps.keys ? requireScope(deps.keys, 'rings:write') : open;
  const tenantOf = (request: FastifyRequest, tenant: string | undefined): string => resolveTenant(request, tenant);
  const tags = ['rings'];

  app.get('/v1/rings', { onRequest: read, schema: { tags, summary: "A tenant's rings, highest risk first", querystring: ListQuery, response: { 200: z.looseObject({ rings: z.array(RingProfile) }), ...errorResponses } } }, async (request) => {
    const q = request.query;
    const list = rings.rings(tenantOf(request, q.tenant), { minScore: q.minScore, limit: q.limit, offset: q.offset });
    return { rings: list };
  });

  app.get('/v1/rings/explain', { onRequest: read, schema: { tags, summary: 'Shortest evidence path between two accounts', querystring: ExplainQuery, response: { 200: Explanation, ...errorResponses } } }, async (request) => {
    const q = request.query;
    return rings.explain(tenantOf(request, q.tenant), q.a, q.b);
  });

  app.get('/v1/rings/shared-infrastructure', { onRequest: read, schema: { tags, summary: 'Identifiers that stopped merging (over the cap, allow-listed or platform-generic)', querystring: TenantQuery, response: { 200: z.looseObject({ shared_infrastructure: z.array(Shared) }), ...errorResponses } } }, async (request) => {
    const q = request.query;
    return { shared_infrastructure: rings.sharedInfrastructure(tenantOf(request, q.tenant)) };
  });

  app.get('/v1/rings/mule-accounts', { onRequest: read, schema: { tags, summary: 'Payment identifiers that received from several victims', querystring: TenantQuery, response: { 200: z.looseObject({ mule_accounts: z.array(Mule.extend({ ring: z.string().nullable(), accounts: z.array(z.string()) })) }), ...errorResponses } } }, async (request) => {
    const q = request.query;
    return { mule_accounts: rings.muleAccounts(tenantOf(request, q.tenant)) };
  });

  app.get('/v1/rings/accounts/:account', { onRequest: read, schema: { tags, summary: 'The ring of one account', params: z.object({ account: Account }), querystring: TenantQuery, response: { 200: RingProfile, ...errorResponses } } }, async (request) => {
    const q = request.query;
    const { account } = request.params;
    const tenant = tenantOf(request, q.tenant);
    const ring = rings.ringOf(tenant, account);
    if (!ring) throw new HttpError(404, 'not_found', `account "${account}" is not in a ring of tenant "${tenant}"`);
    return ring;
  });

  app.get('/v1/rings/:id', { onRequest: read, schema: { tags, summary: 'One ring: members, identifiers, score reasons and a cytoscape graph', params: RingParams, querystring: TenantQuery, response: { 200: RingDetail, ...errorResponses } } }, async (request) => {
    const q = request.query;
    const { id } = request.params;
    const tenant = tenantOf(request, q.tenant);
    const ring = rings.ring(tenant, id);
    if (!ring) throw new HttpError(404, 'not_found', `no ring "${id}" in tenant "${tenant}" (ring ids change when rings merge or split)`);
    return ring;
  });

  app.get('/v1/rings/:id/case-package', { onRequest: read, schema: { tags, summary: 'Case package (JSON) with the provenance of every identifier, for a partner or an investigator', params: RingParams, querystring: TenantQuery, response: { 200: CasePackage, ...errorResponses } } }, async (request, reply) => {
    const q = request.query;
    const { id } = request.params;
    const tenant = tenantOf(request, q.tenant);
    const pkg = await buildCasePackage(rings, tenant, id);
    if (!pkg) throw new HttpError(404, 'not_found', `no ring "${id}" in tenant "${tenant}"`);
    reply.header('content-disposition', `attachment; filename="${id}.case.json"`);
    return pkg;
  });

  app.post('/v1/rings/links', { onRequest: write, schema: { tags, summary: 'Add a link (a moderator or a victim report)', description: 'The value is normalised first (payment accounts as people write them: "BDO-01640177123", "GCash 0917 123 4567", "name@okaxis", "$cashtag", "MTCN 123-456-7890"); a value that cannot name an identifier is a 400 with the reason.', body: LinkBody, response: { 200: LinkAnswer, 201: LinkAnswer, ...errorResponses } } }, async (request, reply) => {
    const body = request.body;
    const tenant = tenantOf(request, body.tenant);
    const result = await guarded(() =>
      rings.addLink({ ...body, tenant, eventId: body.event_id, time: body.time === undefined ? undefined : Date.parse(body.time) }),
    );
    reply.status(result.status === 'added' ? 201 : 200);
    return { ...result, ring: rings.ringOf(tenant, body.account.trim()) };
  });

  app.post('/v1/rings/links/remove', { onRequest: write, schema: { tags, summary: 'Reverse a wrong link (moderator); the ring is re-derived at once', body: RemoveBody, response: { 200: z.looseObject({ removed: z.boolean(), ring: RingProfile.nullable() }), ...errorResponses } } }, async (request) => {
    const body = request.body;
    const tenant = tenantOf(request, body.tenant);
    const removed = await guarded(() => rings.removeLink(tenant, body.account, body.type, body.value, body.by, body.reason));
    if (!removed) throw new HttpError(404, 'not_found', `no active link between "${body.account}" and ${body.type} "${body.value}"`);
    return { removed, ring: rings.ringOf(tenant, body.account) };
  });
}

async function guarded<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof RingInputError) throw new HttpError(400, 'invalid_link', error.message);
    throw error;
  }
}
