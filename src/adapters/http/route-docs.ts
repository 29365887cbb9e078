// Fills in the OpenAPI documentation of routes whose handlers live in code that should not carry it inline (the
// console and help APIs register many small routes): a table of "METHOD /path" → tags, summary and response
// schemas, applied as each route is registered. Every route also gets the shared error answers, and the web
// app's pages and assets are hidden from the API document.
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { z } from 'zod';
import { errorResponses } from './schemas.ts';

export interface RouteDoc {
  summary: string;
  description?: string;
  response?: Record<number, z.ZodType>;
}

const TAG_BY_PREFIX: [string, string][] = [
  ['/console/api/', 'console'],
  ['/help/api/', 'help'],
  ['/v1/pdq/', 'pdq'],
  ['/v1/rings', 'rings'],
  ['/v1/text/', 'text'],
  ['/v1/apk/', 'apk'],
  ['/v1/exchange/', 'exchange'],
  ['/m/', 'exchange'],
];
/**
 * Any other untagged `/v1/<area>/…` route is tagged `<area>`: a new module's routes under `/v1/<its name>/` are
 * grouped in the document without a line here (adding a detector touches only its folder and src/modules.ts).
 */
const V1_AREA = /^\/v1\/([a-z][a-z0-9-]*)\//;
/** What a route with a JSON body can answer before its handler runs (fastify.ts, error-contract.ts). */
const bodyErrors = { 413: errorResponses[400], 415: errorResponses[400] };

/**
 * Only the APIs are documented: the web app's pages and static assets are not part of the API. `/m/` is the
 * HMA-compatible matching API (its paths are HMA's, so HMA clients can call Chainbreak unchanged).
 */
const API_PREFIX = /^\/(v1|console\/api|help\/api|m)\//;

/** Adds an onRoute hook documenting the routes registered after it from `docs` and the path's area tag. */
export function documentRoutes(app: FastifyInstance, docs: Record<string, RouteDoc> = {}): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return;
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    if (!API_PREFIX.test(route.url)) {
      schema.hide = true;
      return;
    }
    const doc = docs[`${methods.find((m) => m !== 'HEAD')} ${route.url}`];
    if (doc) {
      schema.summary ??= doc.summary;
      if (doc.description) schema.description ??= doc.description;
      if (doc.response) schema.response = { ...doc.response, ...(schema.response as object | undefined) };
    }
    // The document's default is the API key; the help page needs no credentials and the console uses its cookie.
    if (route.url.startsWith('/help/api/') || route.url === '/console/api/session') schema.security ??= [];
    else if (route.url.startsWith('/console/api/')) schema.security ??= [{ consoleSession: [] }];
    if (!schema.tags) {
      const tag = TAG_BY_PREFIX.find(([prefix]) => route.url.startsWith(prefix))?.[1] ?? V1_AREA.exec(route.url)?.[1];
      if (tag) schema.tags = [tag];
    }
    if (schema.response) schema.response = { ...errorResponses, ...(schema.body ? bodyErrors : {}), ...(schema.response as object) };
  });
}
