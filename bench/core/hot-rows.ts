// Same-process A/B of the embedded store's hot writes: the rows a real ingestion run stored (events, messages,
// decisions, accounts, conversations) are written again into fresh stores, in transactions of `--batch` events,
// through `SqliteRows` with one row per statement and with multi-row statements, the two alternating batch by
// batch. Prints main-thread CPU per message (process.threadCpuUsage) for the statements and for the commit.
// Run: npx node bench/core/hot-rows.ts [--messages 6000] [--batch 500] [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openStore, type CoreDb } from '../../src/adapters/store/db.ts';
import { SqliteRows, SQLITE_ROWS_PER_STATEMENT, type Row } from '../../src/adapters/store/hot-writes.ts';
import { sqliteHandle } from '../../src/adapters/store/sqlite-statements.ts';
import { messages } from './traffic.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '6000' }, batch: { type: 'string', default: '500' }, rounds: { type: 'string', default: '3' } } });
const total = Number(values.messages);
const batch = Number(values.batch);

type Tables = Record<'events' | 'messages' | 'decisions' | 'accounts' | 'conversations', Row[]>;

/** Rows exactly as ingestion stores them: run the traffic once and read the tables back. */
async function realRows(): Promise<Tables> {
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

interface Side {
  name: string;
  dir: string;
  db: CoreDb;
  rows: SqliteRows;
  statementsUs: number;
  commitUs: number;
}

async function side(name: string, perStatement: number): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-hot-rows-'));
  const db = await openStore({ dataDir: dir });
  return { name, dir, db, rows: new SqliteRows(sqliteHandle(db)!, perStatement), statementsUs: 0, commitUs: 0 };
}

const cpuUs = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

async function writeBatch(s: Side, t: Tables, from: number, to: number): Promise<void> {
  const handle = sqliteHandle(s.db)!;
  handle.prepare('begin').run();
  const c0 = cpuUs();
  await s.rows.insert('events', t.events.slice(from, to));
  await s.rows.insert('messages', t.messages.slice(from, to));
  await s.rows.insert('decisions', t.decisions.slice(from, to));
  // States: the accounts and conversations of this slice's conversations (an upsert each, as ingestion does).
  const accounts = t.accounts.slice(from % t.accounts.length, (from % t.accounts.length) + (to - from) / 2);
  await s.rows.upsert('accounts', accounts, ['tenant', 'id'], ['last_seen', 'risk', 'status', 'state', 'version']);
  const conversations = t.conversations.slice(from % t.conversations.length, (from % t.conversations.length) + (to - from) / 2);
  await s.rows.upsert('conversations', conversations, ['tenant', 'id'], ['last_seen', 'flagged', 'stage_max', 'suspect', 'state', 'version']);
  const c1 = cpuUs();
  handle.prepare('commit').run();
  s.statementsUs += c1 - c0;
  s.commitUs += cpuUs() - c1;
}

const t = await realRows();
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; rows: ${Object.entries(t).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
for (let round = 0; round < Number(values.rounds); round++) {
  const sides = [await side('one row per statement', 1), await side(`${SQLITE_ROWS_PER_STATEMENT} rows per statement`, SQLITE_ROWS_PER_STATEMENT)];
  for (let from = 0; from < t.events.length; from += batch) {
    // Alternate which side goes first, so neither always runs on a warmer cache.
    const order = (from / batch) % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) await writeBatch(s, t, from, Math.min(from + batch, t.events.length));
  }
  for (const s of sides) {
    console.log(`round ${round + 1}: ${s.name}: statements ${(s.statementsUs / t.events.length).toFixed(1)} µs/msg, commit ${(s.commitUs / t.events.length).toFixed(1)} µs/msg (main-thread CPU)`);
    await s.db.destroy();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
