// The rows a real ingestion run stores, read back from its tables (for the storage benchmarks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Row } from '../../src/adapters/store/hot-writes.ts';
import { messages } from './traffic.ts';

export type Tables = Record<'events' | 'messages' | 'decisions' | 'accounts' | 'conversations', Row[]>;

/** Rows exactly as ingestion stores them: run the traffic once and read the tables back. */
export async function realRows(total: number): Promise<Tables> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-hot-rows-'));
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: dir, logLevel: 'silent' }), { background: false });
  const events = messages(total, 'hot-rows');
  for (let i = 0; i < events.length; i += 500) await cb.ingest.ingestValid(events.slice(i, i + 500));
  const read = async (table: string) => (await sql<Row>`select * from ${sql.table(table)} order by rowid`.execute(cb.db)).rows;
  const tables: Tables = { events: await read('events'), messages: await read('messages'), decisions: await read('decisions'), accounts: await read('accounts'), conversations: await read('conversations') };
  await cb.close();
  rmSync(dir, { recursive: true, force: true });
  return tables;
}

