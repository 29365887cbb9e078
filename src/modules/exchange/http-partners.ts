// Partner packages and removal requests over HTTP (API keys). A partner delivers its signed packages with a
// `partner` key; building packages, feedback and removal requests need `exchange:write`; the matches and the
// removal list are reads, limited to the key's tenant.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';
import { z } from 'zod';
import { HttpError } from '../../adapters/http/fastify.ts';
import { assertTenant } from '../../adapters/http/auth.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { STAGES } from '../../core/signals.ts';
import { REQUEST_ELEMENTS } from './deadlines.ts';
import { fail, tags, type Guard } from './http-common.ts';
import * as S from './http-schemas.ts';
import type { ExchangeServices } from './index.ts';
import { SHAREABLE_TYPES, type ShareableType } from './keyed-hash.ts';
import { Envelope, Feedback } from './package.ts';
import { REMOVAL_SOURCES } from './removals.ts';
import { ringEvidence } from './ring-evidence.ts';

const PartnerParams = z.object({ partner: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'a partner id is 1-100 letters, digits, _ . : or -') });
const Tenant = z.string().min(1).max(100);

const IndicatorInput = z.strictObject({
  type: z.enum(SHAREABLE_TYPES),
  value: z.string().min(1).max(512),
  first_seen: z.iso.datetime({ offset: true }),
  last_seen: z.iso.datetime({ offset: true }),
  stages: z.array(z.enum(STAGES)).max(STAGES.length).default([]),
  confidence: z.number().min(0).max(1),
  crew: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/).optional(),
});

const RemovalBody = z.strictObject({
  tenant: Tenant,
  case_id: z.string().max(200).optional(),
  jurisdiction: z.string().min(2).max(20),
  source: z.enum(REMOVAL_SOURCES),
  signature: z.string().max(200).optional(),
  content: z.strictObject({
    content_ids: z.array(z.string().max(200)).max(10_000).optional(),
    urls: z.array(z.string().max(2_000)).max(10_000).optional(),
    pdq: z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'a PDQ hash is 64 hex digits')).max(10_000).optional(),
    md5: z.array(z.string().regex(/^[0-9a-fA-F]{32}$/, 'an MD5 is 32 hex digits')).max(10_000).optional(),
  }),
  good_faith_statement: z.string().max(5_000).optional(),
  contact: z.string().max(500).optional(),
  note: z.string().max(2_000).optional(),
});

/** The tenant a read is limited to: the one asked for, which a tenant-bound key must own, else the key's. */
function readTenant(request: FastifyRequest, asked: string | undefined): string | undefined {
  if (asked) {
    assertTenant(request, asked);
    return asked;
  }
  const bound = request.apiKey?.tenant;
  return bound && bound !== '*' ? bound : undefined;
}

export function registerPartnerRoutes(untyped: FastifyInstance, ex: ExchangeServices, guard: Guard): void {
  const app = typedRoutes(untyped);
  const partners = () => {
    if (!ex.partners) throw new HttpError(409, 'not_configured', 'partner sharing is not configured (set exchange.self and exchange.signingKeys)');
    return ex.partners;
  };
  app.post(
    '/v1/exchange/packages',
    {
      onRequest: guard('partner', 'a partnership'),
      schema: {
        tags,
        summary: 'Receive a signed partner package (indicators or feedback); tampered, replayed, expired or misaddressed packages are refused',
        body: Envelope,
        response: { 200: S.ReceiveResult, 409: S.Conflict },
      },
    },
    async (request) => {
      return partners().receive(request.body).catch(fail);
    },
  );
  app.post(
    '/v1/exchange/partners/:partner/packages',
    {
      onRequest: guard('exchange:write', 'a partnership'),
      schema: {
        tags,
        summary: 'Build a signed indicator package for a partner: values are normalised, then keyed-hashed; raw values never leave',
        params: PartnerParams,
        body: z.strictObject({ indicators: z.array(IndicatorInput).min(1).max(100_000) }),
        response: { 200: S.SignedPackage, 409: S.Conflict },
      },
    },
    async (request) => {
      const { partner } = request.params;
      const { indicators } = request.body;
      const local = indicators.map((ind, i) => {
        const n = normaliseIdentifier(ind.type, ind.value);
        if (!n.ok) throw new HttpError(400, 'invalid_request', `body.indicators.${i}.value: ${n.error}`, [{ path: `body.indicators.${i}.value`, message: n.error }]);
        return { type: ind.type as ShareableType, value: n.value, firstSeen: Date.parse(ind.first_seen), lastSeen: Date.parse(ind.last_seen), stages: ind.stages, confidence: ind.confidence, ...(ind.crew ? { crew: ind.crew } : {}) };
      });
      return partners().buildIndicatorPackage(partner, local).catch(fail);
    },
  );
  app.get(
    '/v1/exchange/matches',
    {
      onRequest: guard('read'),
      schema: { tags, summary: "Partners' indicators held by this tenant's accounts, with the ring evidence they make", querystring: z.object({ tenant: Tenant }), response: { 200: S.PartnerMatches, 409: S.Conflict } },
    },
    async (request) => {
      const tenant = request.query.tenant;
      assertTenant(request, tenant);
      const matches = await partners().matchRingLinks(tenant);
      return { matches, evidence: ringEvidence(matches) };
    },
  );
  app.post(
    '/v1/exchange/partners/:partner/feedback',
    {
      onRequest: guard('exchange:write', 'a partnership'),
      schema: {
        tags,
        summary: "Confirm or dispute a partner's indicators; answers the signed feedback package to send back",
        params: PartnerParams,
        body: z.strictObject({ feedback: z.array(Feedback).min(1).max(10_000) }),
        response: { 200: S.SignedPackage, 409: S.Conflict },
      },
    },
    async (request) => {
      const { partner } = request.params;
      return partners().giveFeedback(partner, request.body.feedback).catch(fail);
    },
  );
  registerRemovalRoutes(app, ex, guard);
}

function registerRemovalRoutes(untyped: FastifyInstance, ex: ExchangeServices, guard: Guard): void {
  const app = typedRoutes(untyped);
  app.post(
    '/v1/exchange/removals',
    {
      onRequest: guard('exchange:write'),
      schema: {
        tags,
        summary: "Record a removal request; a valid one starts the jurisdiction's legal clock (US: 48 hours)",
        description: `A request missing an element its jurisdiction needs starts no clock; the 400 names each one. Elements: ${REQUEST_ELEMENTS.join(', ')}`,
        body: RemovalBody,
        response: { 201: S.RemovalRequest },
      },
    },
    async (request, reply) => {
      const b = request.body;
      assertTenant(request, b.tenant);
      const content = { contentIds: b.content.content_ids, urls: b.content.urls, pdq: b.content.pdq, md5: b.content.md5 };
      const opened = await ex.removals
        .open({ tenant: b.tenant, caseId: b.case_id, jurisdiction: b.jurisdiction, source: b.source, signature: b.signature, content, goodFaithStatement: b.good_faith_statement, contact: b.contact, note: b.note })
        .catch(fail);
      return reply.status(201).send(opened);
    },
  );
  app.get(
    '/v1/exchange/removals',
    {
      onRequest: guard('read'),
      schema: {
        tags,
        summary: 'Removal requests, nearest deadline first, each with its clock; format=csv for compliance records',
        querystring: z.object({ tenant: Tenant.optional(), status: z.enum(['open', 'removed', 'rejected']).optional(), format: z.enum(['json', 'csv']).default('json') }),
        response: { 200: z.union([S.RemovalList, S.RemovalCsv]) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const tenant = readTenant(request, q.tenant);
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(await ex.removals.exportCsv({ tenant }));
      return { removals: await ex.removals.list({ tenant, status: q.status }) };
    },
  );
}
