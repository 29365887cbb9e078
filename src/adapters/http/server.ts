// Assembles the HTTP service: OpenAPI document and interactive docs, health and metrics, the
// platform API and every area's routes.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Chainbreak } from '../../app.ts';
import { createFastify } from './fastify.ts';
import { registerCoreRoutes } from './routes/core.ts';
import { registerRuleRoutes } from './routes/rules.ts';
import { knownSignals } from '../../core/rules/signal-kinds.ts';
import { documentRoutes } from './route-docs.ts';
import { registerWebhookRoutes } from '../webhooks/routes.ts';

export interface HttpAppOptions {
  logger?: boolean | object;
  /** Called for every route as it is registered (the authorisation matrix test lists them this way). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

export async function buildHttpApp(cb: Chainbreak, options: HttpAppOptions = {}): Promise<FastifyInstance> {
  const app = createFastify({ logger: options.logger ?? false });
  const onRoute = options.onRoute;
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  await app.register(swagger, {
    openapi: {
      info: { title: 'Chainbreak API', version: '0.1.0', description: 'Financial-sextortion defence for dating and social platforms.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Tags, summaries and error answers for every API route registered from here on (route-docs.ts).
  documentRoutes(app, cb.routeDocs);

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await cb.db.selectFrom('api_keys').select('id').limit(1).execute();
    return { status: 'ok', rules_version: cb.rules.status().version };
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
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
