// Creates a Fastify instance wired for zod schemas and for Chainbreak's error contract:
// bad input is a 4xx JSON error that names each offending field; nothing else ever leaks as a 5xx body.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  validatorCompiler,
  hasZodFastifySchemaValidationErrors,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { storeUnavailable } from '../store/errors.ts';
import { contractSerializerCompiler } from './response-contract.ts';
import { describeIssue, describeUnion, frameworkError, isJsonContentType, RouteIndex, unsupportedMediaType } from './error-contract.ts';

/**
 * Victims' traffic: the help page, its API (known routes or not) and the web app's assets, which the help
 * page loads too. None of it is request-logged, so no log line holds a victim's address or user agent.
 * The path is compared lower-cased, unescaped and with doubled slashes folded, as a lookalike would be.
 */
export function isPrivateTraffic(url: string): boolean {
  let path = url.split(/[?#]/, 1)[0];
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape is not a help path; it is logged (and answered 404) like any other.
  }
  path = path.toLowerCase().replace(/\/{2,}/g, '/');
  return path === '/help' || path.startsWith('/help/') || path.startsWith('/assets/') || path === '/favicon.ico';
}

const requestLog = new LogController({ disableRequestLogging: (request: { url?: string }) => isPrivateTraffic(request.url ?? '') });

export function createFastify(options: FastifyServerOptions = {}): FastifyInstance {
  const app = Fastify({
    bodyLimit: 8 * 1024 * 1024,
    logController: requestLog,
    // Errors Fastify raises before routing (a malformed URL escape) bypass the error handler; same contract.
    frameworkErrors: (error, request, reply) => {
      const answer = frameworkError(error, request.headers['content-type']) ?? { status: 400, error: 'bad_request', message: error.message };
      // No route matched yet, so the reply has no response schema to type against: send through its raw form.
      reply.raw.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify({ error: answer.error, message: answer.message }));
    },
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(contractSerializerCompiler);
  app.setErrorHandler((caught, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(caught)) {
      const fields = caught.validation.map((issue) => {
        const path = [caught.validationContext ?? 'body', ...issue.instancePath.split('/').filter(Boolean)].join('.');
        const union = issue.keyword === 'invalid_union' ? describeUnion(path, (issue.params as { errors?: unknown }).errors) : null;
        return { path, message: union ?? describeIssue(path, issue.message ?? 'invalid') };
      });
      return reply.status(400).send({ error: 'invalid_request', message: describeFields(fields), fields });
    }
    const error = caught as { statusCode?: number; code?: string; message: string; fields?: unknown };
    const transport = frameworkError(error, request.headers['content-type']);
    if (transport) return reply.status(transport.status).send({ error: transport.error, message: transport.message });
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    const unavailable = status >= 500 ? storeUnavailable(caught) : null;
    if (unavailable) {
      request.log.warn({ err: error }, 'store unavailable');
      return reply.status(503).header('retry-after', '5').send({ error: 'store_unavailable', message: `${unavailable.reason}; ${unavailable.mayBeStored ? 'this request may be stored but is not known to be durable: retry it later (events are matched by id, so nothing is decided twice)' : 'nothing of this request was stored, retry later'}` });
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: 'internal_error', message: 'internal error; see the server log' });
    }
    const fields = error.fields;
    return reply.status(status).send({ error: error.code ?? 'bad_request', message: error.message, ...(fields ? { fields } : {}) });
  });
  // Server-Timing tells a client how much of a round trip the service itself spent (decision latency).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(3)}`);
    return payload;
  });
  rejectNonJsonBodies(app);
  const routes = new RouteIndex();
  app.addHook('onRoute', (route) => {
    // Wildcard routes (the web app's client-side pages) would claim every path; they never make a 405.
    if (!route.url.includes('*')) routes.add(route.url, route.method);
  });
  app.setNotFoundHandler((request, reply) => {
    const allowed = routes.allowed(request.url.split('?', 1)[0]);
    if (allowed.length > 0) {
      return reply.status(405).header('allow', allowed.join(', ')).send({ error: 'method_not_allowed', message: `${request.method} is not supported on this path; use ${allowed.join(' or ')}` });
    }
    return reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` });
  });
  return app as unknown as FastifyInstance;
}

/**
 * A route whose body schema is JSON answers 415 to any other content type. Without this, Fastify's built-in
 * text/plain parser hands the schema a string and the caller reads "expected object, received string".
 * Routes that take other bodies (images, CSV lists) declare no body schema, or name what they take in the OpenAPI
 * `consumes` list and check it themselves.
 */
function rejectNonJsonBodies(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const schema = request.routeOptions.schema;
    if (!schema?.body) return;
    if (schema.consumes && !schema.consumes.some(isJsonContentType)) return;
    const contentType = request.headers['content-type'];
    if (contentType === undefined || isJsonContentType(contentType)) return;
    const answer = unsupportedMediaType(contentType);
    return reply.status(answer.status).send({ error: answer.error, message: answer.message });
  });
}

function describeFields(fields: { path: string; message: string }[]): string {
  return fields.map((f) => `${f.path}: ${f.message}`).join('; ');
}

/** Throw this from a handler to answer with a 4xx and a clear message. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly fields?: { path: string; message: string }[];
  constructor(statusCode: number, code: string, message: string, fields?: { path: string; message: string }[]) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.fields = fields;
  }
}
