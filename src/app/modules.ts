// Builds the module list (src/modules.ts) into running modules: each module's `create` in order, with the services
// of those before it; collects their detectors, crew linking, routes and jobs, and closes them in reverse order.
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Detector } from '../core/detector.ts';
import { requireScope } from '../adapters/http/auth.ts';
import { registerWebStatic } from '../adapters/http/web-static.ts';
import type { RouteDoc } from '../adapters/http/route-docs.ts';
import { MODULES } from '../modules.ts';
import type { ApiKeys, Scope } from './api-keys.ts';
import type { BackgroundJob, LinkingProvider, ModuleContext, ModuleInstance, ModuleRoute, ModuleServices } from './module.ts';

export interface BuiltModules {
  detectors: Detector[];
  linking: LinkingProvider | null;
  routes: ModuleRoute[];
  jobs: BackgroundJob[];
  services: Partial<ModuleServices>;
  /** Starts every module's own background work. */
  start(): void;
  close(): Promise<void>;
}

export async function buildModules(context: ModuleContext): Promise<BuiltModules> {
  const built: { name: string; instance: ModuleInstance }[] = [];
  const services: Partial<ModuleServices> = context.services;
  try {
    for (const module of MODULES) {
      const instance = await module.create({ ...context, services });
      Object.assign(services, instance.services);
      built.push({ name: module.name, instance });
    }
  } catch (error) {
    await closeAll(built);
    throw error;
  }
  const linkers = built.filter((b) => b.instance.linking);
  if (linkers.length > 1) throw new Error(`only one module may provide crew linking, got ${linkers.map((b) => b.name).join(', ')}`);
  return {
    detectors: built.flatMap((b) => b.instance.detectors ?? []),
    linking: linkers[0]?.instance.linking ?? null,
    routes: built.flatMap((b) => b.instance.routes ?? []),
    jobs: built.flatMap((b) => b.instance.jobs ?? []),
    services,
    start: () => {
      for (const { instance } of built) instance.start?.();
    },
    close: () => closeAll(built),
  };
}

async function closeAll(built: { instance: ModuleInstance }[]): Promise<void> {
  for (const { instance } of [...built].reverse()) await instance.close?.();
}

/** The modules' route plugins (scoped ones under API keys) and, last, the web app's static files. */
export function moduleRoutes(modules: BuiltModules, keys: ApiKeys): ((app: FastifyInstance) => Promise<void>)[] {
  const webDist = join(import.meta.dirname, '..', '..', 'web', 'dist');
  return [
    ...modules.routes.map((route) => (route.scope ? scoped(keys, route.scope, route.register) : route.register)),
    (app: FastifyInstance) => registerWebStatic(app, { distDir: webDist }),
  ];
}

/** The modules' OpenAPI documentation by "METHOD /path" (route-docs.ts applies it as the routes are registered). */
export function moduleRouteDocs(modules: BuiltModules): Record<string, RouteDoc> {
  return Object.assign({}, ...modules.routes.map((route) => route.docs ?? {}));
}

/** Module routes under /v1 answer to API keys: reads need `read`, writes the module's own scope. */
function scoped(keys: ApiKeys, writeScope: Scope, register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance) => {
    await app.register(async (child) => {
      const read = requireScope(keys, 'read');
      const write = requireScope(keys, writeScope);
      // onRequest: keys and scopes are checked before the body is read (an unauthenticated request never learns
      // about the schema).
      child.addHook('onRequest', async (request: FastifyRequest, reply) => {
        const handler = request.method === 'GET' || request.method === 'HEAD' ? read : write;
        await handler.call(child, request, reply);
      });
      await register(child);
    });
  };
}
