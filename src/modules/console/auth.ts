// Console users and sessions. Passwords are hashed with scrypt (node:crypto); session tokens are random
// and only their SHA-256 is stored. Roles are checked on the server for every console request.
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { ConsoleUsersTable } from './migration.ts';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

export const ROLES = ['moderator', 'investigator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ConsoleUser {
  id: string;
  username: string;
  role: Role;
  tenant: string | null;
}

export interface UserSeed {
  username: string;
  password: string;
  role: Role;
  tenant?: string;
}

const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, SCRYPT_PARAMS);
  return `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Generates a password that is easy to type in a demo and hard to guess (about 60 bits). */
export function generateDemoPassword(): string {
  return `demo-${randomBytes(8).toString('base64url').slice(0, 10)}`;
}

export class UserService {
  private readonly db: CoreDb;
  private readonly now: () => number;
  // A fixed dummy hash so that unknown user names take as long as wrong passwords.
  private dummyHash: Promise<string> | undefined;

  constructor(db: CoreDb, options: { now?: () => number } = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
  }

  /** Creates users that do not exist yet, and updates the password and role of those that do. */
  async seed(users: readonly UserSeed[]): Promise<void> {
    for (const user of users) {
      if (!isRole(user.role)) throw new Error(`user ${user.username}: role must be one of ${ROLES.join(', ')}`);
      if (user.password.length < 8) throw new Error(`user ${user.username}: password must have at least 8 characters`);
      const password_hash = await hashPassword(user.password);
      const existing = await this.db.selectFrom('console_users').select('id').where('username', '=', user.username).executeTakeFirst();
      if (existing) {
        await this.db
          .updateTable('console_users')
          .set({ password_hash, role: user.role, tenant: user.tenant ?? null })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await this.db
          .insertInto('console_users')
          .values({ id: randomBytes(12).toString('hex'), username: user.username, password_hash, role: user.role, tenant: user.tenant ?? null, created_at: this.now() })
          .execute();
      }
    }
  }

  /** Returns a new session token for good credentials, or undefined. */
  async signIn(username: string, password: string): Promise<{ token: string; user: ConsoleUser } | undefined> {
    const row = await this.db.selectFrom('console_users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) {
      this.dummyHash ??= hashPassword('dummy-password');
      await verifyPassword(password, await this.dummyHash);
      return undefined;
    }
    if (!(await verifyPassword(password, row.password_hash))) return undefined;
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.db
      .insertInto('console_sessions')
      .values({ token_hash: sha256Hex(token), user_id: row.id, created_at: now, expires_at: now + SESSION_TTL_MS })
      .execute();
    return { token, user: toUser(row) };
  }

  async userForToken(token: string): Promise<ConsoleUser | undefined> {
    const row = await this.db
      .selectFrom('console_sessions as s')
      .innerJoin('console_users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.username', 'u.role', 'u.tenant', 's.expires_at'])
      .where('s.token_hash', '=', sha256Hex(token))
      .executeTakeFirst();
    if (!row || Number(row.expires_at) < this.now()) return undefined;
    return toUser(row);
  }

  async signOut(token: string): Promise<void> {
    await this.db.deleteFrom('console_sessions').where('token_hash', '=', sha256Hex(token)).execute();
  }
}

function toUser(row: Pick<ConsoleUsersTable, 'id' | 'username' | 'role' | 'tenant'>): ConsoleUser {
  return { id: row.id, username: row.username, role: isRole(row.role) ? row.role : 'moderator', tenant: row.tenant ?? null };
}
