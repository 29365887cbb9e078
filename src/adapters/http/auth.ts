// API-key authentication for /v1: `Authorization: Bearer <key>`; each route names the scope it needs,
// and a key bound to one tenant may only touch that tenant's data.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyIdentity, ApiKeys, Scope } from '../../app/api-keys.ts';
import { HttpError } from './fastify.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyIdentity;
  }
}

/** A request hook: use it as `onRequest`, so an unauthenticated request is refused before its body is read. */
export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function requireScope(keys: ApiKeys, scope: Scope): AuthHook {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new HttpError(401, 'unauthorized', 'send an API key as "Authorization: Bearer <key>"');
    const identity = await keys.verify(match[1]);
    if (!identity) throw new HttpError(401, 'unauthorized', 'unknown or revoked API key');
    if (!identity.scopes.includes(scope) && !identity.scopes.includes('admin')) {
      throw new HttpError(403, 'forbidden', `this key lacks the "${scope}" scope`);
    }
    request.apiKey = identity;
  };
}

/**
 * Throws 403 unless the key is bound to no tenant. Some data is shared by every tenant (the rule file, the
 * hash banks): a key that may only speak for one tenant must not change what all the others get.
 */
export function assertGlobalKey(request: FastifyRequest, what: string): void {
  const bound = request.apiKey?.tenant;
  if (bound && bound !== '*') {
    throw new HttpError(403, 'forbidden', `${what} is shared by every tenant; this key is bound to tenant "${bound}", so only a key bound to no tenant may change it`);
  }
}

/** Whether the caller is an operator (an unbound `admin` key), who may see server details and provenance. */
export function isOperator(request: FastifyRequest): boolean {
  const key = request.apiKey;
  return key === undefined ? false : key.scopes.includes('admin') && (key.tenant === '*' || !key.tenant);
}

/** Whether the key may read and write this tenant's data (an unbound key or `*` may see every tenant). */
export function keyMaySee(request: FastifyRequest, tenant: string): boolean {
  const bound = request.apiKey?.tenant;
  return !bound || bound === '*' || bound === tenant;
}

/** Throws 403 when the key is bound to another tenant. */
export function assertTenant(request: FastifyRequest, tenant: string): void {
  if (!keyMaySee(request, tenant)) throw new HttpError(403, 'forbidden', `this key may only access tenant "${request.apiKey?.tenant}"`);
}

/**
 * The tenant a read is about: the one named (checked against the key) or, when none is named, the tenant the key is
 * bound to, so a platform's own key needs no `?tenant=`. An unbound key must name one.
 */
export function resolveTenant(request: FastifyRequest, named: string | undefined): string {
  if (named !== undefined) {
    assertTenant(request, named);
    return named;
  }
  const bound = request.apiKey?.tenant;
  if (bound && bound !== '*') return bound;
  const message = 'required: add ?tenant=… to the URL (a key bound to one tenant may leave it out)';
  throw new HttpError(400, 'invalid_request', `querystring.tenant: ${message}`, [{ path: 'querystring.tenant', message }]);
}
