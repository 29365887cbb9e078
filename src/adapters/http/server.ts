// Assembles the HTTP service: OpenAPI document and interactive docs, health and metrics, the
// platform API and every area's routes.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Chainbreak } from '../../app.ts';
import { createFastify } from './fastify.ts';
import { registerCoreRoutes } from './routes/core.ts';
import { registerRuleRoutes } from './routes/rules.ts';
import { knownSignals } from '../../core/rules/signal-kinds.ts';
import { documentRoutes } from './route-docs.ts';
import { registerWebhookRoutes } from '../webhooks/routes.ts';
import { requireScope } from './auth.ts';

export interface HttpAppOptions {
  logger?: boolean | object;
  /** A pino logger the service already writes to (`serve`, `demo`): requests join the store's and the rules' lines. */
  loggerInstance?: FastifyBaseLogger;
  /** Called for every route as it is registered (the authorisation matrix test lists them this way). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/** What a client developer needs before the first call; the README's API section says the same at length. */
const API_DESCRIPTION = [
  'Financial-sextortion defence for dating and social platforms.',
  '',
  '- Send events to `POST /v1/events` (or `/v1/events/batch`, all or nothing) with `Authorization: Bearer <key>`; the answer is the stored decision.',
  '- Accepted events may carry `warnings` (a time far from the server clock, a field the event model ignored): the event was stored and decided; fix the sender.',
  '- Every error is `{ "error": code, "message": words, "fields"?: [{ path, message }] }`: 400, 401, 403, 404, 405, 413, 415 and 503 (retry after `retry-after`).',
  '- Reads take `?tenant=`; a key bound to one tenant may leave it out.',
  '- Span offsets count UTF-16 code units (JavaScript string indices).',
].join('\n');

/**
 * The zod transform names every id'd schema twice, as an answer (`Decision`) and as a request body
 * (`DecisionInput`); most are only ever answers, so the unreferenced `…Input` copies are dropped from the document.
 */
function withoutUnusedInputs<T>(document: T): T {
  const schemas = (document as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (!schemas) return document;
  // Until nothing changes: dropping SignalInput can leave ReasonInput referenced by nothing else.
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (const name of Object.keys(schemas).filter((n) => n.endsWith('Input'))) {
      const { [name]: own, ...rest } = schemas;
      const elsewhere = JSON.stringify({ ...document, components: { schemas: rest } });
      if (!elsewhere.includes(`"#/components/schemas/${name}"`) && own !== undefined) {
        delete schemas[name];
        dropped = true;
      }
    }
  }
  return document;
}

export async function buildHttpApp(cb: Chainbreak, options: HttpAppOptions = {}): Promise<FastifyInstance> {
  const app = createFastify(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false });
  const onRoute = options.onRoute;
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  await app.register(swagger, {
    openapi: {
      info: { title: 'Chainbreak API', version: '0.1.0', description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from `chainbreak keys create` (platform routes, /v1)' },
          // The console's session cookie (SESSION_COOKIE in src/modules/console/http.ts; test/http/openapi.test.ts checks).
          consoleSession: { type: 'apiKey', in: 'cookie', name: 'cb_session', description: 'The session cookie POST /console/api/session sets (console routes)' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas given an id (`.meta({ id })`, schemas.ts) become named components referenced by $ref, so a client
    // generator makes one Decision type rather than one per route.
    transformObject: (document) => withoutUnusedInputs(jsonSchemaTransformObject(document)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Tags, summaries and error answers for every API route registered from here on (route-docs.ts).
  documentRoutes(app, cb.routeDocs);

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await cb.db.selectFrom('api_keys').select('id').limit(1).execute();
    return { status: 'ok', rules_version: cb.rules.status().version };
  });
  const metricsGuard = cb.config.metricsPublic ? {} : { onRequest: requireScope(cb.keys, 'metrics') };
  app.get('/metrics', { ...metricsGuard, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', cb.metrics.registry.contentType);
    return cb.metrics.registry.metrics();
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerCoreRoutes(app, cb);
  await registerRuleRoutes(app, { rules: cb.rules, db: cb.db, keys: cb.keys, signals: knownSignals(cb.engine.detectors) });
  await registerWebhookRoutes(app, cb);
  for (const register of cb.extraRoutes) await register(app);
  return app;
}
