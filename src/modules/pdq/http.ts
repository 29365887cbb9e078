// PDQ over HTTP: hash an uploaded image (size- and pixel-capped), look a hash up in the banks, and manage
// banks (create, add, disable/enable, import, export). Routes live in their own encapsulated scope, so the
// body parsers added here (raw images, CSV text) do not leak into other areas' routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PdqBankError, type BankMatch, type PdqBankService } from './banks.ts';
import { decodeImage, DEFAULT_MAX_PIXELS } from './decode.ts';
import { HashListError, LIST_FORMATS, type ListFormat } from './hash-lists.ts';
import { DIHEDRAL_NAMES, PdqInputError, pdqDihedralFromRgba, pdqHashFromRgba } from './hasher.ts';
import { md5Hex } from './md5.ts';
import { HttpError } from '../../adapters/http/fastify.ts';
import { assertGlobalKey, isOperator } from '../../adapters/http/auth.ts';
import { errorResponses } from '../../adapters/http/schemas.ts';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';

const tags = ['pdq'];
const HEX = 'f8f8f0cee0f4a84f06370a22038f5a4e4a91f6b2ad9b4d6e24ddb1fa55b31c53';
const HashAnswer = z.looseObject({
  hash: z.string().describe('PDQ hash, 64 hex digits'),
  quality: z.number().int().describe('0-100; below 50 the image is too flat to match reliably'),
  md5: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  dihedral: z.array(z.object({ transform: z.string(), hash: z.string() })).optional(),
}).meta({ examples: [{ hash: HEX, quality: 100, md5: '9e107d9d372bb6826bd81d3542a419d6', width: 640, height: 480 }] });
const BankInfo = z.looseObject({ name: z.string(), description: z.string(), created_at: z.number(), entries: z.number().int(), enabled: z.number().int() })
  .meta({ examples: [{ name: 'ncmec-partner', description: 'Hashes shared by a partner hotline', created_at: 1793527200000, entries: 1204, enabled: 1198 }] });
const AddAnswer = z.looseObject({ added: z.number().int(), duplicates: z.number().int() });
const ImportAnswer = AddAnswer.extend({ skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })) });
const LookupAnswer = z.looseObject({
  hash: z.string(),
  max_distance: z.number().int(),
  matches: z.array(z.looseObject({ bank: z.string(), hash: z.string(), distance: z.number().int(), quality: z.number().nullable(), provenance: z.looseObject({}) })),
});
const Toggled = z.looseObject({ bank: z.string(), hash: z.string(), enabled: z.boolean(), changed: z.boolean() });
const HashList = z.string().describe('One hash per line (plain) or ThreatExchange CSV');

export interface PdqRouteDeps {
  banks: PdqBankService;
  /** Largest accepted upload in bytes (default 20 MiB). */
  maxImageBytes?: number;
  /** Largest accepted decoded image in pixels (default 50 million). */
  maxImagePixels?: number;
  /** Who is calling, for provenance `added_by` when the body gives none (e.g. the signed-in moderator). */
  actor?: (request: FastifyRequest) => string | undefined;
}

const Hash = z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits');
const BankName = z.object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'bank names are 1-100 letters, digits, _ or -') });
const HashItem = z.union([Hash, z.object({ hash: Hash, quality: z.number().int().min(0).max(100).optional(), note: z.string().max(2_000).optional() })]);
const ProvenanceBody = z.object({
  source: z.string().trim().min(1).max(200),
  added_by: z.string().trim().min(1).max(200).optional(),
  note: z.string().max(2_000).optional(),
});
const MAX_LIST_BYTES = 128 * 1024 * 1024;
const IMAGE_TYPES = /^(image\/[a-z0-9.+-]+|application\/octet-stream)$/i;

function bankError(error: unknown): never {
  if (error instanceof PdqBankError) {
    const status = error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 400;
    throw new HttpError(status, error.kind === 'invalid' ? 'invalid_request' : error.kind, error.message);
  }
  if (error instanceof HashListError) {
    throw new HttpError(400, 'invalid_hash_list', error.message, error.errors.slice(0, 100).map((e) => ({ path: `line ${e.line}`, message: e.message })));
  }
  throw error;
}

async function uploadedBytes(request: FastifyRequest, maxBytes: number): Promise<Uint8Array> {
  if (request.isMultipart?.()) {
    // A malformed multipart body (no boundary, truncated parts) is the client's error, never a 500.
    const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } }).catch((error: Error & { statusCode?: number }) => {
      if (error.statusCode && error.statusCode < 500) throw error;
      throw new HttpError(400, 'invalid_multipart', `the multipart body cannot be read (${error.message})`);
    });
    if (!file) throw new HttpError(400, 'invalid_request', 'multipart upload has no file part');
    const bytes = await file.toBuffer().catch((error: Error & { code?: string }) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'too_large', `image is larger than ${maxBytes} bytes (${error.message})`);
      throw new HttpError(400, 'invalid_multipart', `the multipart body cannot be read (${error.message})`);
    });
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const body = request.body;
  if (!(body instanceof Uint8Array) || body.length === 0) {
    throw new HttpError(400, 'invalid_request', 'send the image as the raw body (Content-Type image/* or application/octet-stream) or as a multipart file');
  }
  return body;
}

export async function registerPdqRoutes(app: FastifyInstance, deps: PdqRouteDeps): Promise<void> {
  const maxBytes = deps.maxImageBytes ?? 20 * 1024 * 1024;
  const maxPixels = deps.maxImagePixels ?? DEFAULT_MAX_PIXELS;
  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('multipart/form-data')) {
      const multipart = (await import('@fastify/multipart')).default;
      await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });
    }
    scope.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
    // Hash lists can be large (a million hashes is 65 MB), above the app-wide JSON body limit.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(/^text\/(plain|csv)/i, { parseAs: 'string', bodyLimit: MAX_LIST_BYTES }, (_req, body, done) => done(null, body));
    registerHashRoutes(scope, deps, maxBytes, maxPixels);
    registerBankRoutes(scope, deps);
  });
}

function registerHashRoutes(server: FastifyInstance, deps: PdqRouteDeps, maxBytes: number, maxPixels: number): void {
  const app = typedRoutes(server);
  app.post(
    '/v1/pdq/hash',
    { schema: { tags, summary: 'PDQ hash (and MD5) of an uploaded image', description: 'Send the image as the raw body (Content-Type image/* or application/octet-stream) or as one multipart file. `dihedral=true` adds the hashes of the 8 rotations and flips.', querystring: z.object({ dihedral: z.enum(['true', 'false']).optional() }), response: { 200: HashAnswer, 413: errorResponses[400], 422: errorResponses[400], ...errorResponses } } },
    async (request) => {
      const bytes = await uploadedBytes(request, maxBytes);
      try {
        const img = await decodeImage(bytes, { maxBytes, maxPixels });
        const base = { md5: md5Hex(bytes), width: img.width, height: img.height };
        if (request.query.dihedral === 'true') {
          const r = pdqDihedralFromRgba(img.data, img.width, img.height, img.channels);
          return { hash: r.hashes.original, quality: r.quality, ...base, dihedral: DIHEDRAL_NAMES.map((n) => ({ transform: n, hash: r.hashes[n] })) };
        }
        const r = pdqHashFromRgba(img.data, img.width, img.height, img.channels);
        return { hash: r.hash, quality: r.quality, ...base };
      } catch (error) {
        if (error instanceof PdqInputError) throw new HttpError(422, 'invalid_image', error.message);
        throw error;
      }
    },
  );

  app.get(
    '/v1/pdq/lookup',
    {
      schema: {
        tags,
        summary: 'Bank entries near a PDQ hash',
        querystring: z.object({ hash: Hash.meta({ examples: [HEX] }), max_distance: z.coerce.number().int().min(0).max(64).default(31), bank: z.string().max(100).optional() }),
        description: 'Enabled bank entries within max_distance of a PDQ hash, nearest first, with provenance',
        response: { 200: LookupAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      try {
        const found = await deps.banks.lookup(q.hash, q.max_distance, q.bank ? { banks: [q.bank] } : {});
        const matches = canSeeProvenance(request) ? found : found.map(redactProvenance);
        return { hash: q.hash.toLowerCase(), max_distance: q.max_distance, matches };
      } catch (error) {
        bankError(error);
      }
    },
  );
}

/**
 * Provenance notes and `added_by` can name a victim's report or a moderator (issue 17.3): only operators
 * (unbound admin keys) and callers without an API key (the console, tests) see them; read keys get the
 * source and the date, which is what a match decision needs.
 */
function canSeeProvenance(request: FastifyRequest): boolean {
  return request.apiKey === undefined || isOperator(request);
}

function redactProvenance(match: BankMatch): BankMatch {
  return { ...match, provenance: { source: match.provenance.source, added_by: 'redacted', added_at: match.provenance.added_at, note: null } };
}

function registerBankRoutes(server: FastifyInstance, deps: PdqRouteDeps): void {
  const app = typedRoutes(server);
  const banks = deps.banks;
  // Banks are shared by every tenant (a victim's hash protects them all), so only an unbound key changes them.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.url.startsWith('/v1/pdq/banks')) assertGlobalKey(request, 'the hash banks');
  });
  const addedBy = (request: FastifyRequest, given?: string) => given ?? deps.actor?.(request) ?? 'api';

  app.get('/v1/pdq/banks', { schema: { tags, summary: 'List hash banks with entry counts', response: { 200: z.looseObject({ banks: z.array(BankInfo) }), ...errorResponses } } }, async () => ({ banks: banks.listBanks() }));

  app.post(
    '/v1/pdq/banks',
    { schema: { tags, summary: 'Create a hash bank', body: BankName.extend({ description: z.string().max(2_000).default('') }).meta({ examples: [{ name: 'ncmec-partner', description: 'Hashes shared by a partner hotline' }] }), response: { 201: BankInfo, 409: errorResponses[400], ...errorResponses } } },
    async (request, reply) => {
      const body = request.body;
      const bank = await banks.createBank(body.name, body.description).catch(bankError);
      return reply.status(201).send(bank);
    },
  );

  app.post(
    '/v1/pdq/banks/:name/hashes',
    { schema: { tags, summary: 'Add hashes with provenance', params: BankName, body: z.object({ hashes: z.array(HashItem).min(1).max(100_000), provenance: ProvenanceBody }), response: { 200: AddAnswer, ...errorResponses } } },
    async (request) => {
      const { name } = request.params;
      const body = request.body;
      const provenance = { ...body.provenance, added_by: addedBy(request, body.provenance.added_by) };
      return banks.add(name, body.hashes, provenance).catch(bankError);
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/v1/pdq/banks/:name/hashes/:hash/${action}`,
      { schema: { tags, summary: `${action === 'disable' ? 'Disable' : 'Re-enable'} a bank entry (entries are never deleted)`, params: BankName.extend({ hash: Hash }), response: { 200: Toggled, ...errorResponses } } },
      async (request) => {
        const { name, hash } = request.params;
        const changed = await (action === 'disable' ? banks.disable(name, hash, addedBy(request)) : banks.enable(name, hash)).catch(bankError);
        return { bank: name, hash: hash.toLowerCase(), enabled: action === 'enable', changed };
      },
    );
  }

  app.get(
    '/v1/pdq/banks/:name/export',
    {
      schema: {
        params: BankName,
        tags,
        summary: 'Export a bank as a plain hash list or ThreatExchange CSV',
        querystring: z.object({ format: z.enum(LIST_FORMATS).default('plain'), include_disabled: z.enum(['true', 'false']).default('false') }),
        response: { 200: HashList, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const q = request.query;
      const text = await banks.exportList(name, q.format, { includeDisabled: q.include_disabled === 'true' }).catch(bankError);
      reply.header('content-disposition', `attachment; filename="${name}.${q.format === 'te-csv' ? 'csv' : 'txt'}"`);
      return reply.type(q.format === 'te-csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8').send(text);
    },
  );

  app.post(
    '/v1/pdq/banks/:name/import',
    {
      schema: {
        params: BankName,
        querystring: z.object({ format: z.enum(LIST_FORMATS).default('plain'), source: z.string().trim().min(1).max(200), added_by: z.string().trim().min(1).max(200).optional(), note: z.string().max(2_000).optional() }),
        tags,
        summary: 'Import a plain hash list or ThreatExchange CSV (text body); refused whole if any line is bad',
        response: { 200: ImportAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { name } = request.params;
      const q = request.query;
      if (typeof request.body !== 'string' || request.body.trim() === '') {
        throw new HttpError(400, 'invalid_request', 'send the list as a text/plain or text/csv body');
      }
      return banks.importList(name, request.body, q.format, { source: q.source, added_by: addedBy(request, q.added_by), ...(q.note ? { note: q.note } : {}) }).catch(bankError);
    },
  );
}
