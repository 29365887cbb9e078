// Store failures a client can do nothing about but retry later: a full disk, a read-only or vanished data
// directory, a database that is down or restarting. The HTTP layer answers them with 503 and a message naming the
// cause (never a bare 500), and nothing of the request is stored (its transaction rolled back).

/** SQLite result codes (better-sqlite3's `code`) and PostgreSQL SQLSTATEs / socket errors meaning "store unavailable". */
const SQLITE = [/^SQLITE_FULL/, /^SQLITE_READONLY/, /^SQLITE_IOERR/, /^SQLITE_CANTOPEN/, /^SQLITE_BUSY/, /^SQLITE_PROTOCOL/];
const POSTGRES_STATES = ['53100', '53200', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '25006'];
const SOCKET = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'];

export interface StoreUnavailable {
  reason: string;
  /**
   * The request's rows may be in the store without being durable (a failed fsync after the commit, wal-sync.ts):
   * the client must retry, and the retry is matched to what was stored by its event ids.
   */
  mayBeStored?: boolean;
}

export function storeUnavailable(error: unknown): StoreUnavailable | null {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'SQLITE_IOERR_FSYNC') return { reason: `the store could not sync its log to disk (${code})`, mayBeStored: true };
  if (/^SQLITE_FULL/.test(code) || code === '53100') return { reason: 'the disk holding the store is full' };
  if (/^SQLITE_READONLY/.test(code) || code === '25006') return { reason: 'the store is read-only (check the data directory and its permissions)' };
  if (SQLITE.some((p) => p.test(code))) return { reason: `the store cannot be read or written (${code})` };
  if (POSTGRES_STATES.includes(code) || SOCKET.includes(code)) return { reason: `the database is unreachable or restarting (${code})` };
  if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)) return { reason: 'the database connection was lost' };
  return null;
}
