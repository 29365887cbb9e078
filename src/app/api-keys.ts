// API keys with scopes. Keys are 256-bit random strings, so a plain SHA-256 at rest is enough (no
// password-style stretching is needed for secrets that cannot be guessed); only the hash is stored.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CoreDb } from '../adapters/store/db.ts';

// `partner`: what a partner platform's tooling may call (the HMA-shaped look-up, bank export, package delivery);
// `exchange:write`: changes to the exchange (imports, bank settings, peers, outgoing packages, removal requests).
// `metrics`: only GET /metrics, for a Prometheus scraper's bearer token (it reads counts, never cases).
export const SCOPES = ['events:write', 'read', 'rules:write', 'banks:write', 'rings:write', 'partner', 'exchange:write', 'metrics', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyIdentity {
  id: string;
  name: string;
  scopes: Scope[];
  tenant: string;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class ApiKeys {
  readonly #db: CoreDb;
  readonly #cache = new Map<string, { identity: ApiKeyIdentity | null; at: number }>();

  constructor(db: CoreDb) {
    this.#db = db;
  }

  async create(name: string, scopes: Scope[], tenant = '*'): Promise<{ key: string; identity: ApiKeyIdentity }> {
    const key = `cbk_${randomBytes(32).toString('base64url')}`;
    const identity: ApiKeyIdentity = { id: randomUUID(), name, scopes, tenant };
    await this.#db
      .insertInto('api_keys')
      .values({ id: identity.id, name, key_hash: hashKey(key), scopes: JSON.stringify(scopes), tenant, created_at: Date.now(), revoked_at: null })
      .execute();
    return { key, identity };
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.#db.updateTable('api_keys').set({ revoked_at: Date.now() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    this.#cache.clear();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Looks a presented key up (cached for a few seconds so revocation takes effect quickly). */
  async verify(key: string): Promise<ApiKeyIdentity | null> {
    const hash = hashKey(key);
    const cached = this.#cache.get(hash);
    if (cached && Date.now() - cached.at < 5_000) return cached.identity;
    const row = await this.#db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    // The lookup is by SHA-256 of the presented key, so its timing says nothing usable about the key; the
    // stored hash is still compared in constant time before the key is accepted (issue 17.6).
    const matches = row !== undefined && row.key_hash.length === hash.length && timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex'));
    const identity = row && matches ? { id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as Scope[], tenant: row.tenant } : null;
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(hash, { identity, at: Date.now() });
    return identity;
  }

  async list(): Promise<(ApiKeyIdentity & { created_at: number; revoked_at: number | null })[]> {
    const rows = await this.#db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, scopes: JSON.parse(r.scopes), tenant: r.tenant, created_at: r.created_at, revoked_at: r.revoked_at }));
  }
}
