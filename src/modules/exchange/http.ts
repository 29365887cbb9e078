// The exchange over HTTP, for platforms and partner tools (API keys): an HMA-compatible matching surface
// (`GET /m/lookup`, `GET /m/index/status`) so an HMA client such as Coop's integration can ask Chainbreak as it
// asks HMA, and `/v1/exchange/*` for bank import/export and settings, peers, partner packages and removal
// requests. Moderator actions (plans, closing removals, authority packages) are in console-http.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../adapters/http/fastify.ts';
import { PdqBankError } from '../pdq/banks.ts';
import { HashListError } from '../pdq/hash-lists.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { BankSettingsError } from './bank-settings.ts';
import { DeadlineError, REQUEST_ELEMENTS } from './deadlines.ts';
import type { ExchangeServices } from './index.ts';
import { Feedback, PackageError } from './package.ts';
import { PEER_APIS, PeerError } from './peer-pull.ts';
import { ringEvidence } from './ring-evidence.ts';
import { REMOVAL_SOURCES } from './removals.ts';
import { SHAREABLE_TYPES, type ShareableType } from './keyed-hash.ts';
import { EXCHANGE_FORMATS, SIGNAL_TYPES, type ExchangeFormat, type SignalType } from './signal-formats.ts';
import { STAGES } from '../../core/signals.ts';

const BankParams = z.object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'bank names are 1-100 letters, digits, _ or -') });
const Hex = z.string().trim().regex(/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{64}$/, 'a 32- or 64-digit hex hash');
const MAX_LIST_BYTES = 128 * 1024 * 1024;

/** Maps the area's errors to the error contract: bad input 400, unknown 404, refused package 4xx with its code. */
function fail(error: unknown): never {
  if (error instanceof PdqBankError) throw new HttpError(error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 400, error.kind === 'invalid' ? 'invalid_request' : error.kind, error.message);
  if (error instanceof HashListError) throw new HttpError(400, 'invalid_hash_list', error.message, error.errors.slice(0, 100).map((e) => ({ path: `line ${e.line}`, message: e.message })));
  if (error instanceof PackageError) throw new HttpError(error.code === 'replayed' ? 409 : error.code === 'unknown_signer' || error.code === 'bad_signature' ? 403 : 400, `package_${error.code}`, error.message);
  if (error instanceof BankSettingsError || error instanceof PeerError) throw new HttpError(400, 'invalid_request', error.message);
  if (error instanceof DeadlineError) throw new HttpError(400, 'invalid_removal_request', error.message, error.missing.map((m) => ({ path: m, message: 'required' })));
  throw error;
}

export async function registerExchangeRoutes(app: FastifyInstance, deps: { exchange: ExchangeServices }): Promise<void> {
  const ex = deps.exchange;
  await app.register(async (scope) => {
    // Hash lists can be far larger than the app-wide JSON body limit.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(/^(text\/(plain|csv)|application\/x-ndjson)/i, { parseAs: 'string', bodyLimit: MAX_LIST_BYTES }, (_req, body, done) => done(null, body));
    registerHmaRoutes(scope, ex);
    registerBankRoutes(scope, ex);
    registerPeerRoutes(scope, ex);
    registerPartnerRoutes(scope, ex);
    registerRemovalRoutes(scope, ex);
  });
}

function registerHmaRoutes(app: FastifyInstance, ex: ExchangeServices): void {
  app.get(
    '/m/lookup',
    {
      schema: {
        querystring: z.object({ signal_type: z.enum(SIGNAL_TYPES), signal: Hex, banks: z.string().max(5_000).optional(), bypass_coinflip: z.string().optional(), seed: z.string().optional() }),
        description: 'HMA-compatible look-up: bank name → [{bank_content_id, distance}] (allow banks, per-bank distance and quarantine applied)',
      },
    },
    async (request) => {
      const q = request.query as { signal_type: SignalType; signal: string; banks?: string };
      return ex.hashes.lookupHma(q.signal_type, q.signal, q.banks ? { banks: q.banks.split(',').map((b) => b.trim()).filter(Boolean) } : {}).catch(fail);
    },
  );
  app.get('/m/index/status', { schema: { description: 'HMA-compatible index status per signal type (the indexes are live, so built_to is now)' } }, async () => ex.hashes.indexStatus());
}

function registerBankRoutes(app: FastifyInstance, ex: ExchangeServices): void {
  app.get(
    '/v1/exchange/lookup',
    { schema: { querystring: z.object({ signal_type: z.enum(SIGNAL_TYPES), signal: Hex, banks: z.string().max(5_000).optional() }), description: 'Full look-up: standing matches, allow-bank matches that cleared the signal, quarantined banks' } },
    async (request) => {
      const q = request.query as { signal_type: SignalType; signal: string; banks?: string };
      return ex.hashes.lookup(q.signal_type, q.signal, q.banks ? { banks: q.banks.split(',') } : {}).catch(fail);
    },
  );
  app.get(
    '/v1/exchange/banks/:name/export',
    { schema: { params: BankParams, querystring: z.object({ format: z.enum(EXCHANGE_FORMATS).default('jsonl'), include_disabled: z.enum(['true', 'false']).default('false') }), description: 'Export a bank (PDQ with quality, video MD5, tags) as jsonl, ThreatExchange CSV or an HMA signal file' } },
    async (request, reply: FastifyReply) => {
      const { name } = request.params as { name: string };
      const q = request.query as { format: ExchangeFormat; include_disabled: string };
      const text = await ex.hashes.exportText(name, q.format, { includeDisabled: q.include_disabled === 'true' }).catch(fail);
      reply.header('content-disposition', `attachment; filename="${name}.${q.format === 'te-csv' ? 'csv' : q.format === 'jsonl' ? 'jsonl' : 'txt'}"`);
      return reply.type(q.format === 'te-csv' ? 'text/csv; charset=utf-8' : q.format === 'jsonl' ? 'application/x-ndjson' : 'text/plain; charset=utf-8').send(text);
    },
  );
  app.post(
    '/v1/exchange/banks/:name/import',
    { schema: { params: BankParams, querystring: z.object({ format: z.enum(EXCHANGE_FORMATS).default('jsonl'), source: z.string().trim().min(1).max(200), added_by: z.string().trim().min(1).max(200).default('api') }), description: 'Import a list (text body); refused whole if any line is bad' } },
    async (request) => {
      const { name } = request.params as { name: string };
      const q = request.query as { format: ExchangeFormat; source: string; added_by: string };
      if (typeof request.body !== 'string' || !request.body.trim()) throw new HttpError(400, 'invalid_request', 'send the list as a text/plain, text/csv or application/x-ndjson body');
      return ex.hashes.importText(name, request.body, q.format, { source: q.source, added_by: q.added_by }).catch(fail);
    },
  );
  app.get('/v1/exchange/banks/settings', { schema: { description: 'Exchange settings of every configured bank' } }, async () => ({ banks: ex.settings.all() }));
  app.put(
    '/v1/exchange/banks/:name/settings',
    {
      schema: {
        params: BankParams,
        body: z.object({ kind: z.enum(['block', 'allow']).optional(), max_distance: z.number().int().min(0).max(64).nullable().optional(), flood_limit: z.number().int().min(1).optional(), flood_window_ms: z.number().int().min(1_000).optional(), labels: z.array(z.string().max(100)).max(50).optional() }),
        description: 'Set a bank as block or allow (negative), its match distance and flood limits',
      },
    },
    async (request) => {
      const { name } = request.params as { name: string };
      const b = request.body as { kind?: 'block' | 'allow'; max_distance?: number | null; flood_limit?: number; flood_window_ms?: number; labels?: string[] };
      if (!ex.hashes.hasBank(name)) throw new HttpError(404, 'not_found', `no bank named "${name}"`);
      return ex.settings.configure(name, { kind: b.kind, maxDistance: b.max_distance, floodLimit: b.flood_limit, floodWindowMs: b.flood_window_ms, labels: b.labels }).catch(fail);
    },
  );
  app.post('/v1/exchange/banks/:name/release', { schema: { params: BankParams, description: 'Lift a quarantine after checking the bank' } }, async (request) => {
    const { name } = request.params as { name: string };
    if (!ex.hashes.hasBank(name)) throw new HttpError(404, 'not_found', `no bank named "${name}"`);
    return ex.settings.release(name);
  });
}

function registerPeerRoutes(app: FastifyInstance, ex: ExchangeServices): void {
  app.get('/v1/exchange/peers', { schema: { description: 'Configured peers with their checkpoints and last errors' } }, async () => ({ peers: await ex.peers.peers() }));
  app.post(
    '/v1/exchange/peers',
    { schema: { body: z.object({ name: z.string(), api: z.enum(PEER_APIS), url: z.string().max(2_000), bank: z.string(), interval_ms: z.number().int().min(60_000) }), description: 'Add or change a peer to pull from' } },
    async (request, reply) => {
      const b = request.body as { name: string; api: (typeof PEER_APIS)[number]; url: string; bank: string; interval_ms: number };
      return reply.status(201).send(await ex.peers.addPeer({ name: b.name, api: b.api, url: b.url, bank: b.bank, intervalMs: b.interval_ms }).catch(fail));
    },
  );
  app.post('/v1/exchange/peers/:name/pull', { schema: { params: BankParams, description: 'Pull a peer now' } }, async (request) => ex.peers.pull((request.params as { name: string }).name).catch(fail));
}

const IndicatorInput = z.object({
  type: z.enum(SHAREABLE_TYPES),
  value: z.string().min(1).max(512),
  first_seen: z.iso.datetime({ offset: true }),
  last_seen: z.iso.datetime({ offset: true }),
  stages: z.array(z.enum(STAGES)).max(STAGES.length).default([]),
  confidence: z.number().min(0).max(1),
  crew: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/).optional(),
});

function registerPartnerRoutes(app: FastifyInstance, ex: ExchangeServices): void {
  const partners = () => {
    if (!ex.partners) throw new HttpError(409, 'not_configured', 'partner sharing is not configured (exchange.self and signing keys)');
    return ex.partners;
  };
  app.post('/v1/exchange/packages', { schema: { description: 'Receive a signed partner package (indicators or feedback); tampered, replayed or misaddressed packages are refused' } }, async (request) => partners().receive(request.body).catch(fail));
  app.post(
    '/v1/exchange/partners/:partner/packages',
    { schema: { params: z.object({ partner: z.string().max(100) }), body: z.object({ indicators: z.array(IndicatorInput).max(100_000) }), description: 'Build a signed indicator package for a partner (values are normalised, then keyed-hashed; raw values never leave)' } },
    async (request) => {
      const { partner } = request.params as { partner: string };
      const { indicators } = request.body as { indicators: z.infer<typeof IndicatorInput>[] };
      const local = indicators.map((ind, i) => {
        const n = normaliseIdentifier(ind.type, ind.value);
        if (!n.ok) throw new HttpError(400, 'invalid_request', `indicators.${i}.value: ${n.error}`);
        return { type: ind.type as ShareableType, value: n.value, firstSeen: Date.parse(ind.first_seen), lastSeen: Date.parse(ind.last_seen), stages: ind.stages, confidence: ind.confidence, ...(ind.crew ? { crew: ind.crew } : {}) };
      });
      return partners().buildIndicatorPackage(partner, local).catch(fail);
    },
  );
  app.get(
    '/v1/exchange/matches',
    { schema: { querystring: z.object({ tenant: z.string().min(1).max(100) }), description: "Partners' indicators held by this tenant's accounts, with the ring evidence they make" } },
    async (request) => {
      const matches = await partners().matchRingLinks((request.query as { tenant: string }).tenant);
      return { matches, evidence: ringEvidence(matches) };
    },
  );
  app.post(
    '/v1/exchange/partners/:partner/feedback',
    { schema: { params: z.object({ partner: z.string().max(100) }), body: z.object({ feedback: z.array(Feedback).min(1).max(10_000) }), description: "Confirm or dispute a partner's indicators; returns the signed feedback package to send back" } },
    async (request) => partners().giveFeedback((request.params as { partner: string }).partner, (request.body as { feedback: z.infer<typeof Feedback>[] }).feedback).catch(fail),
  );
}

function registerRemovalRoutes(app: FastifyInstance, ex: ExchangeServices): void {
  app.post(
    '/v1/exchange/removals',
    {
      schema: {
        body: z.object({
          tenant: z.string().min(1).max(100),
          case_id: z.string().max(200).optional(),
          jurisdiction: z.string().min(2).max(20),
          source: z.enum(REMOVAL_SOURCES),
          signature: z.string().max(200).optional(),
          content: z.object({ content_ids: z.array(z.string().max(200)).max(10_000).optional(), urls: z.array(z.string().max(2_000)).max(10_000).optional(), pdq: z.array(z.string().regex(/^[0-9a-fA-F]{64}$/)).max(10_000).optional(), md5: z.array(z.string().regex(/^[0-9a-fA-F]{32}$/)).max(10_000).optional() }),
          good_faith_statement: z.string().max(5_000).optional(),
          contact: z.string().max(500).optional(),
          note: z.string().max(2_000).optional(),
        }),
        description: `Record a removal request; a valid one starts the jurisdiction's legal clock (US: 48 h). Elements: ${REQUEST_ELEMENTS.join(', ')}`,
      },
    },
    async (request, reply) => {
      const b = request.body as { tenant: string; case_id?: string; jurisdiction: string; source: (typeof REMOVAL_SOURCES)[number]; signature?: string; content: { content_ids?: string[]; urls?: string[]; pdq?: string[]; md5?: string[] }; good_faith_statement?: string; contact?: string; note?: string };
      const opened = await ex.removals
        .open({ tenant: b.tenant, caseId: b.case_id, jurisdiction: b.jurisdiction, source: b.source, signature: b.signature, content: { contentIds: b.content.content_ids, urls: b.content.urls, pdq: b.content.pdq, md5: b.content.md5 }, goodFaithStatement: b.good_faith_statement, contact: b.contact, note: b.note })
        .catch(fail);
      return reply.status(201).send(opened);
    },
  );
  app.get(
    '/v1/exchange/removals',
    { schema: { querystring: z.object({ tenant: z.string().max(100).optional(), status: z.enum(['open', 'removed', 'rejected']).optional(), format: z.enum(['json', 'csv']).default('json') }), description: 'Removal requests, nearest deadline first, with each clock; CSV for compliance records' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const q = request.query as { tenant?: string; status?: 'open' | 'removed' | 'rejected'; format: 'json' | 'csv' };
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(await ex.removals.exportCsv({ tenant: q.tenant }));
      return { removals: await ex.removals.list({ tenant: q.tenant, status: q.status }) };
    },
  );
}
