// The public victim help API under /help/api. No sign-in. Nothing here logs or stores the caller's IP
// address or user agent: no request under /help (or to the assets) is request-logged (isPrivateTraffic in
// adapters/http/fastify.ts; the routes are also silent), and the rate limiter keys on a keyed hash of the
// address that lives in memory only, under a key that is replaced every window.
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';
import { z } from 'zod';
import type { ConsoleServices } from './index.ts';
import { publicHelpConfig } from './help-config.ts';
import { REPORTABLE_TYPES, type ReportInput } from './victim-reports.ts';
import { HttpError } from '../../adapters/http/fastify.ts';

export interface HelpRouteDeps {
  console: ConsoleServices;
  /** Requests allowed per client per window (default 30 per 10 minutes). */
  rateLimit?: { max: number; windowMs: number };
}

const Pdq = z.string().regex(/^[0-9a-fA-F]{64}$/, 'pdq must be 64 hex digits');
const Md5 = z.string().regex(/^[0-9a-fA-F]{32}$/, 'md5 must be 32 hex digits');
const ImageHash = z.object({ pdq: Pdq, md5: Md5.optional(), quality: z.number().int().min(0).max(100).optional() });
const Receipt = z.string().trim().min(20).max(40).regex(/^[0-9A-Za-z-]+$/, 'a receipt code has letters, digits and dashes');

const ReportBody = z.object({
  language: z.string().max(10).optional(),
  identifiers: z.array(z.object({ type: z.enum(REPORTABLE_TYPES), value: z.string().trim().min(1).max(500) })).max(50).default([]),
  screenshots: z.array(ImageHash).max(20).default([]),
  appName: z.string().trim().max(200).optional(),
  note: z.string().max(5_000).optional(),
});

/** Fixed-window counter keyed by an HMAC of the address; the HMAC key and all counts vanish each window. */
export class EphemeralRateLimiter {
  private readonly max: number;
  private readonly windowMs: number;
  private windowStart = 0;
  private key = randomBytes(32);
  private counts = new Map<string, number>();

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  allow(address: string, now = Date.now()): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.key = randomBytes(32);
      this.counts = new Map();
    }
    const bucket = createHmac('sha256', this.key).update(address).digest('base64url');
    const count = (this.counts.get(bucket) ?? 0) + 1;
    this.counts.set(bucket, count);
    return count <= this.max;
  }
}

export async function registerHelpRoutes(untyped: FastifyInstance, deps: HelpRouteDeps): Promise<void> {
  const app = typedRoutes(untyped);
  const svc = deps.console;
  const limiter = new EphemeralRateLimiter(deps.rateLimit?.max ?? 30, deps.rateLimit?.windowMs ?? 10 * 60 * 1000);
  const limited = async (request: FastifyRequest) => {
    if (!limiter.allow(request.socket.remoteAddress ?? 'unknown')) throw new HttpError(429, 'rate_limited', 'too many requests; please wait a few minutes and try again');
  };
  // logLevel silent keeps the address and user agent out of the request log for these routes; the limit
  // runs before validation so that floods of malformed requests count too.
  const quiet = { logLevel: 'silent' as const, onRequest: limited };

  app.get('/help/api/config', { logLevel: 'silent' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return publicHelpConfig(svc.help);
  });

  app.post('/help/api/hashes', { ...quiet, schema: { body: z.object({ hashes: z.array(ImageHash).min(1).max(50), language: z.string().max(10).optional() }) } }, async (request) => {
    const { hashes } = request.body;
    const clean = hashes.map((h) => ({ pdq: h.pdq.toLowerCase(), ...(h.md5 ? { md5: h.md5.toLowerCase() } : {}), ...(h.quality !== undefined ? { quality: h.quality } : {}) }));
    // Duplicate submissions are fine: the bank deduplicates; the victim is never told "already known".
    await svc.reports.submitHashes(clean);
    return { accepted: clean.length };
  });

  app.post('/help/api/reports', { ...quiet, schema: { body: ReportBody } }, async (request) => {
    const body = request.body;
    if (!body.identifiers.length && !body.screenshots.length && !body.note?.trim() && !body.appName) {
      throw new HttpError(400, 'empty_report', 'add at least one identifier, screenshot hash, app name or note');
    }
    return svc.reports.create(body);
  });

  app.post('/help/api/reports/add', { ...quiet, schema: { body: ReportBody.extend({ receipt: Receipt }) } }, async (request) => {
    const { receipt, ...body } = request.body;
    const outcome = await svc.reports.add(receipt, body);
    if (!outcome) throw new HttpError(404, 'unknown_receipt', 'no report has this receipt code; check it and try again');
    return outcome;
  });

  app.post('/help/api/reports/status', { ...quiet, schema: { body: z.object({ receipt: Receipt }) } }, async (request) => {
    const status = await svc.reports.status((request.body).receipt);
    if (!status) throw new HttpError(404, 'unknown_receipt', 'no report has this receipt code; check it and try again');
    return status;
  });
}
