// POST /v1/apk/scan: scan one uploaded APK. The body is the raw file (Content-Type
// application/vnd.android.package-archive or application/octet-stream), read as a stream and cut off
// at the size cap, so an oversized upload costs at most maxBytes of memory and is answered with 413.
// Parsing runs in a worker thread (scan-pool.ts), so a large APK does not hold up other requests.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ApkScanError, ApkScanPool } from './scan-pool.ts';
import type { ApiKeys } from '../../app/api-keys.ts';
import { requireScope } from '../../adapters/http/auth.ts';
import { HttpError } from '../../adapters/http/fastify.ts';
import { errorResponses } from '../../adapters/http/schemas.ts';

export interface ApkRouteDeps {
  keys: ApiKeys;
  /** Largest accepted upload in bytes (default 50 MiB). */
  maxBytes?: number;
  /** Where uploads are parsed; by default a pool of one worker thread, closed with the app. */
  pool?: ApkScanPool;
}

const APK_TYPES = ['application/vnd.android.package-archive', 'application/octet-stream'];

const Evidence = z.object({
  rule: z.string(),
  description: z.string(),
  weight: z.number(),
  kind: z.enum(['permission', 'api', 'string', 'manifest', 'name']),
  value: z.string(),
  location: z.string(),
});
const Report = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  sha256: z.string(),
  size: z.number(),
  package: z.string().optional(),
  versionName: z.string().optional(),
  versionCode: z.number().optional(),
  minSdk: z.number().optional(),
  targetSdk: z.number().optional(),
  label: z.string().optional(),
  permissions: z.array(z.string()),
  launcherActivity: z.string().optional(),
  components: z.array(z.object({ type: z.string(), name: z.string() })).optional(),
  usesCleartextTraffic: z.boolean().optional(),
  verdict: z.enum(['contact_stealer', 'suspicious', 'clean', 'unparseable']),
  score: z.number(),
  evidence: z.array(Evidence),
  signers: z.array(z.object({ sha256: z.string(), schemes: z.array(z.string()), subject: z.string().optional() })),
  urls: z.array(z.string()),
  warnings: z.array(z.string()),
});

export async function registerApkRoutes(app: FastifyInstance, deps: ApkRouteDeps): Promise<void> {
  const maxBytes = deps.maxBytes ?? 50 * 1024 * 1024;
  const read = requireScope(deps.keys, 'read');
  const pool = deps.pool ?? new ApkScanPool();
  if (!deps.pool) app.addHook('onClose', async () => pool.close());
  // Encapsulated so the raw-stream body parser applies to this route only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(APK_TYPES, (_request, payload, done) => done(null, payload));
    scope.post(
      '/v1/apk/scan',
      {
        onRequest: read,
        schema: {
          tags: ['apk'],
          summary: 'Scan an uploaded APK (raw body) for the contact-stealer lure; returns the verdict, score and evidence',
          description: `Send the APK file as the raw body (Content-Type ${APK_TYPES.join(' or ')}). A file that is not a readable APK answers 200 with ok=false and the reason.`,
          response: { 200: Report, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
        },
      },
      async (request) => {
        const bytes = await readBody(request, maxBytes);
        try {
          return await pool.scan(bytes);
        } catch (error) {
          if (error instanceof ApkScanError) throw new HttpError(422, 'unscannable', `the APK could not be scanned: ${error.message}`);
          throw error;
        }
      },
    );
  });
}

/** The raw-body parser hands over the request stream; any other parser (JSON, text) means the wrong content type. */
function isReadable(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as { on?: unknown }).on === 'function' && Symbol.asyncIterator in body;
}

async function readBody(request: FastifyRequest, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, 'too_large', `the upload is ${declared} bytes; the cap is ${maxBytes}`);
  const stream = request.body;
  if (!isReadable(stream)) {
    throw new HttpError(415, 'unsupported_media_type', `send the APK as the raw body with Content-Type ${APK_TYPES.join(' or ')}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw new HttpError(413, 'too_large', `the upload passed the ${maxBytes}-byte cap`);
    }
    chunks.push(chunk as Buffer);
  }
  if (total === 0) throw new HttpError(400, 'empty_body', 'the request body is empty; send the APK file as the body');
  return Buffer.concat(chunks);
}
