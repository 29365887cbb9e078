// What the exchange's route files share: the OpenAPI tag, the scope guard type, and the mapping of the area's
// errors to the API's error contract.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../adapters/http/fastify.ts';
import { assertGlobalKey, requireScope, type AuthHook } from '../../adapters/http/auth.ts';
import type { ApiKeys, Scope } from '../../app/api-keys.ts';
import { PdqBankError } from '../pdq/banks.ts';
import { HashListError } from '../pdq/hash-lists.ts';
import { BankSettingsError } from './bank-settings.ts';
import { DeadlineError } from './deadlines.ts';
import { PackageError } from './package.ts';
import { PeerError } from './peer-pull.ts';

export const tags = ['exchange'];
export const BankParams = z.object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'bank names are 1-100 letters, digits, _ or -') });

/**
 * The onRequest hooks of a route: the API key must hold `scope`; with `shared` (what the route changes, in
 * words), the key must also be bound to no tenant, since banks, peers and partnerships serve every tenant.
 * Both run before the body is read, so a refused caller learns nothing about the body's format.
 */
export type Guard = (scope: Scope, shared?: string) => AuthHook[];

export function scopeGuard(keys: ApiKeys): Guard {
  return (scope, shared) => {
    const hooks: AuthHook[] = [requireScope(keys, scope)];
    if (shared) hooks.push(async (request) => assertGlobalKey(request, shared));
    return hooks;
  };
}

/** Maps the area's errors to the error contract: bad input 400, unknown 404, refused package 4xx with its code. */
export function fail(error: unknown): never {
  if (error instanceof PdqBankError) throw new HttpError(error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 400, error.kind === 'invalid' ? 'invalid_request' : error.kind, error.message);
  if (error instanceof HashListError) throw new HttpError(400, 'invalid_hash_list', error.message, error.errors.slice(0, 100).map((e) => ({ path: `line ${e.line}`, message: e.message })));
  if (error instanceof PackageError) throw new HttpError(error.code === 'replayed' ? 409 : error.code === 'unknown_signer' || error.code === 'bad_signature' ? 403 : 400, `package_${error.code}`, error.message);
  if (error instanceof PeerError) {
    const unknown = /^no peer named/.test(error.message);
    throw new HttpError(unknown ? 404 : 400, unknown ? 'not_found' : 'invalid_request', error.message);
  }
  if (error instanceof BankSettingsError) throw new HttpError(400, 'invalid_request', error.message);
  if (error instanceof DeadlineError) throw new HttpError(400, 'invalid_removal_request', error.message, error.missing.map((m) => ({ path: m, message: 'required' })));
  throw error;
}

/**
 * A preParsing hook: a body of another content type than `accepted` is a 415 that says what the route takes, before
 * any parser sees it (Fastify's own answer would only say "Unsupported Media Type").
 */
export function acceptOnly(accepted: RegExp, what: string) {
  return async (request: FastifyRequest) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const type = request.headers['content-type'];
    const hasBody = type !== undefined || Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !accepted.test(type ?? '')) {
      throw new HttpError(415, 'unsupported_media_type', `${request.method} ${request.routeOptions.url ?? request.url} takes ${what}; got ${type ? JSON.stringify(type) : 'no content-type'}`);
    }
  };
}
