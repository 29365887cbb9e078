// PostgreSQL LISTEN/NOTIFY for telling every node of a change at once (rule deploys). The listener holds
// one connection of its own outside the pool (a pooled connection would be handed to other queries) and
// reconnects after a loss; whoever uses it also polls, so a notification missed while down is not lost.
import { sql } from 'kysely';
import pg from 'pg';
import type { CoreDb } from './db.ts';

export interface Listener {
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export async function listen(url: string, channel: string, onNotify: (payload: string) => void, reconnectMs = 1_000): Promise<Listener> {
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel name "${channel}"`);
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => onNotify(message.payload ?? ''));
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (closed) await next.end();
      else client = next;
    } catch {
      lost(next);
    }
  };
  const lost = (which: pg.Client) => {
    if (client && client !== which) return;
    client = null;
    void which.end().catch(() => undefined);
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, reconnectMs);
    retry.unref();
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}

export async function notify(db: CoreDb, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
