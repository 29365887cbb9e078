// The exchange over HTTP, for platforms and partner tools (API keys). Who may call what:
// - `partner` scope: what a partner's tooling calls — the HMA-compatible matching surface (`GET /m/lookup`,
//   `GET /m/index/status`, so an HMA client such as Coop's integration asks Chainbreak as it asks HMA), bank
//   export (another instance's peer pull) and delivery of signed partner packages;
// - `read` scope: this platform's own views (full look-up, settings, peers, partner matches, removal requests);
// - `exchange:write` scope: changes (imports, bank settings, peers, outgoing packages and feedback, removals).
// Banks, peers and partnerships are shared by every tenant, so changing them needs a key bound to no tenant.
// Moderator actions (plans, closing removals, authority packages) are in console-http.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';
import { z } from 'zod';
import { HttpError } from '../../adapters/http/fastify.ts';
import type { ApiKeys } from '../../app/api-keys.ts';
import type { ExchangeServices } from './index.ts';
import { PEER_APIS } from './peer-pull.ts';
import { acceptOnly, BankParams, fail, scopeGuard, tags, type Guard } from './http-common.ts';
import { EXCHANGE_FORMATS, SIGNAL_TYPES, type ExchangeFormat, type SignalType } from './signal-formats.ts';
import * as S from './http-schemas.ts';
import { registerPartnerRoutes } from './http-partners.ts';

const Hex = z.string().trim().regex(/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{64}$/, 'a 32- or 64-digit hex hash');
const BankList = z.string().max(5_000).optional().describe('Comma-separated bank names; all banks when absent');
const MAX_LIST_BYTES = 128 * 1024 * 1024;
/** The bank-settings label that lets partner keys export a bank. */
export const SHARED_LABEL = 'shared';
const LIST_TYPES = /^(text\/(plain|csv)|application\/x-ndjson)(;|$)/i;

export interface ExchangeRouteDeps {
  exchange: ExchangeServices;
  keys: ApiKeys;
}

export async function registerExchangeRoutes(app: FastifyInstance, deps: ExchangeRouteDeps): Promise<void> {
  const ex = deps.exchange;
  const guard = scopeGuard(deps.keys);
  // JSON routes take JSON only: any other content type is a 415 before the body is read.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addHook('preParsing', acceptOnly(/^application\/json\s*(;|$)/i, 'a JSON body (content-type: application/json)'));
    registerHmaRoutes(scope, ex, guard);
    registerBankRoutes(scope, ex, guard);
    registerPeerRoutes(scope, ex, guard);
    registerPartnerRoutes(scope, ex, guard);
  });
  // Hash lists are text and can be far larger than the app-wide JSON body limit; JSON is a 415 here.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addHook('preParsing', acceptOnly(LIST_TYPES, 'a hash list as text/plain, text/csv or application/x-ndjson'));
    scope.addContentTypeParser(LIST_TYPES, { parseAs: 'string', bodyLimit: MAX_LIST_BYTES }, (_req, body, done) => done(null, body));
    registerImportRoute(scope, ex, guard);
  });
}

const isAdmin = (request: FastifyRequest) => request.apiKey?.scopes.includes('admin') ?? false;
const isShared = (ex: ExchangeServices, bank: string) => ex.settings.get(bank).labels.includes(SHARED_LABEL);
const banksOf = (list: string | undefined) => (list ? { banks: list.split(',').map((b) => b.trim()).filter(Boolean) } : {});

function registerHmaRoutes(untyped: FastifyInstance, ex: ExchangeServices, guard: Guard): void {
  const app = typedRoutes(untyped);
  app.get(
    '/m/lookup',
    {
      onRequest: guard('partner'),
      schema: {
        tags,
        summary: "HMA-compatible hash look-up: bank name → [{bank_content_id, distance}], as HMA 2.0's /m/lookup answers",
        description: `Allow banks, per-bank distance and quarantine are applied; a partner key hears only of banks labelled "${SHARED_LABEL}" (an admin key of every bank). bypass_coinflip and seed are accepted and ignored (no per-bank sampling).`,
        querystring: z.object({ signal_type: z.enum(SIGNAL_TYPES), signal: Hex, banks: BankList, bypass_coinflip: z.string().max(10).optional(), seed: z.string().max(100).optional() }),
        response: { 200: S.HmaLookup },
      },
    },
    async (request) => {
      const q = request.query;
      const answer = await ex.hashes.lookupHma(q.signal_type, q.signal, banksOf(q.banks)).catch(fail);
      // Allow banks have already cleared what they match; a partner then hears only of shared banks, so it never
      // learns that an image is in the victims' bank or in another partner's.
      return isAdmin(request) ? answer : Object.fromEntries(Object.entries(answer).filter(([bank]) => isShared(ex, bank)));
    },
  );
  app.get(
    '/m/index/status',
    { onRequest: guard('partner'), schema: { tags, summary: 'HMA-compatible index status per signal type (indexes are live: built_to is now)', response: { 200: S.HmaIndexStatus } } },
    async () => ex.hashes.indexStatus(),
  );
}

function registerBankRoutes(untyped: FastifyInstance, ex: ExchangeServices, guard: Guard): void {
  const app = typedRoutes(untyped);
  app.get(
    '/v1/exchange/lookup',
    {
      onRequest: guard('read'),
      schema: {
        tags,
        summary: 'Full hash look-up: standing matches, allow-bank matches that cleared the signal, quarantined banks',
        querystring: z.object({ signal_type: z.enum(SIGNAL_TYPES), signal: Hex, banks: BankList }),
        response: { 200: S.DetailedLookup },
      },
    },
    async (request) => {
      const q = request.query;
      return ex.hashes.lookup(q.signal_type, q.signal, banksOf(q.banks)).catch(fail);
    },
  );
  app.get(
    '/v1/exchange/banks/:name/export',
    {
      onRequest: guard('partner'),
      schema: {
        tags,
        summary: 'Export a shared bank (PDQ with quality, video MD5, tags) as jsonl, ThreatExchange CSV or an HMA signal file',
        description: `Partner keys see only banks whose settings carry the label "${SHARED_LABEL}"; an admin key exports any bank.`,
        params: BankParams,
        querystring: z.object({ format: z.enum(EXCHANGE_FORMATS).default('jsonl'), include_disabled: z.enum(['true', 'false']).default('false') }),
        response: { 200: S.HashListText },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const q = request.query;
      // A bank leaves the platform only when the operator marked it for sharing: the victims' help-page bank, allow
      // banks and partners' own banks stay in-house. Unshared banks are not found, so their names do not leak.
      if (!isAdmin(request) && ex.hashes.hasBank(name) && !isShared(ex, name)) {
        throw new HttpError(404, 'not_found', `no bank named "${name}" is shared with partners (an operator shares one by adding the label "${SHARED_LABEL}" to its settings)`);
      }
      const text = await ex.hashes.exportText(name, q.format, { includeDisabled: q.include_disabled === 'true' }).catch(fail);
      reply.header('content-disposition', `attachment; filename="${name}.${q.format === 'te-csv' ? 'csv' : q.format === 'jsonl' ? 'jsonl' : 'txt'}"`);
      return reply.type(q.format === 'te-csv' ? 'text/csv; charset=utf-8' : q.format === 'jsonl' ? 'application/x-ndjson' : 'text/plain; charset=utf-8').send(text);
    },
  );
  app.get(
    '/v1/exchange/banks/settings',
    { onRequest: guard('read'), schema: { tags, summary: 'Exchange settings of every configured bank (kind, distance, flood limit, quarantine)', response: { 200: z.looseObject({ banks: z.array(S.BankSettings) }) } } },
    async () => ({ banks: ex.settings.all() }),
  );
  app.put(
    '/v1/exchange/banks/:name/settings',
    {
      onRequest: guard('exchange:write', 'bank settings'),
      schema: {
        tags,
        summary: 'Set a bank as block or allow (negative), its match distance and its flood limits',
        params: BankParams,
        body: z.strictObject({
          kind: z.enum(['block', 'allow']).optional(),
          max_distance: z.number().int().min(0).max(64).nullable().optional(),
          flood_limit: z.number().int().min(1).optional(),
          flood_window_ms: z.number().int().min(1_000).optional(),
          labels: z.array(z.string().max(100)).max(50).optional(),
        }),
        response: { 200: S.BankSettings },
      },
    },
    async (request) => {
      const { name } = request.params;
      const b = request.body;
      if (!ex.hashes.hasBank(name)) throw new HttpError(404, 'not_found', `no bank named "${name}"`);
      return ex.settings.configure(name, { kind: b.kind, maxDistance: b.max_distance, floodLimit: b.flood_limit, floodWindowMs: b.flood_window_ms, labels: b.labels }).catch(fail);
    },
  );
  app.post(
    '/v1/exchange/banks/:name/release',
    { onRequest: guard('exchange:write', 'bank quarantine'), schema: { tags, summary: 'Lift a bank\'s flood quarantine after a person checked the bank', params: BankParams, response: { 200: S.BankSettings } } },
    async (request) => {
      const { name } = request.params;
      if (!ex.hashes.hasBank(name)) throw new HttpError(404, 'not_found', `no bank named "${name}"`);
      return ex.settings.release(name);
    },
  );
}

function registerImportRoute(untyped: FastifyInstance, ex: ExchangeServices, guard: Guard): void {
  const app = typedRoutes(untyped);
  app.post(
    '/v1/exchange/banks/:name/import',
    {
      onRequest: guard('exchange:write', 'a hash bank'),
      schema: {
        tags,
        summary: 'Import a hash list (text body: jsonl, te-csv or signal-file); refused whole if any line is bad',
        consumes: ['text/plain', 'text/csv', 'application/x-ndjson'],
        params: BankParams,
        querystring: z.object({ format: z.enum(EXCHANGE_FORMATS).default('jsonl'), source: z.string().trim().min(1).max(200), added_by: z.string().trim().min(1).max(200).default('api') }),
        body: S.HashListText,
        response: { 200: S.ImportSummary },
      },
    },
    async (request) => {
      const { name } = request.params;
      const q = request.query;
      if (typeof request.body !== 'string' || !request.body.trim()) throw new HttpError(400, 'invalid_request', 'body: send the list as a text/plain, text/csv or application/x-ndjson body');
      return ex.hashes.importText(name, request.body, q.format, { source: q.source, added_by: q.added_by }).catch(fail);
    },
  );
}

function registerPeerRoutes(untyped: FastifyInstance, ex: ExchangeServices, guard: Guard): void {
  const app = typedRoutes(untyped);
  app.get(
    '/v1/exchange/peers',
    { onRequest: guard('read'), schema: { tags, summary: 'Configured peers with their checkpoints and last errors', response: { 200: z.looseObject({ peers: z.array(S.PeerStatus) }) } } },
    async () => ({ peers: await ex.peers.peers() }),
  );
  app.post(
    '/v1/exchange/peers',
    {
      onRequest: guard('exchange:write', 'exchange peers'),
      schema: {
        tags,
        summary: 'Add or change a peer to pull hashes from (credentials come from the configuration, never the request)',
        body: z.strictObject({
          name: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'peer names are 1-100 letters, digits, _ or -'),
          api: z.enum(PEER_APIS),
          url: z.string().max(2_000),
          bank: BankParams.shape.name,
          interval_ms: z.number().int().min(60_000),
        }),
        response: { 201: S.PeerStatus },
      },
    },
    async (request, reply) => {
      const b = request.body;
      return reply.status(201).send(await ex.peers.addPeer({ name: b.name, api: b.api, url: b.url, bank: b.bank, intervalMs: b.interval_ms }).catch(fail));
    },
  );
  app.post(
    '/v1/exchange/peers/:name/pull',
    { onRequest: guard('exchange:write', 'exchange peers'), schema: { tags, summary: 'Pull a peer now (through the guarded fetcher); a failure is answered and recorded on the peer', params: BankParams, response: { 200: S.PullResult } } },
    async (request) => {
      return ex.peers.pull(request.params.name).catch(fail);
    },
  );
}
