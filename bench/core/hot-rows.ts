// Same-process A/B of the embedded store's hot writes: the rows a real ingestion run stored (events, messages,
// decisions, accounts, conversations) are written again into fresh stores, in transactions of `--batch` events,
// through `SqliteRows` with one row per statement and with multi-row statements, each committed with
// synchronous=FULL inside the commit, and multi-row committed as ingestion does now (NORMAL, then the WAL's
// fdatasync off the event loop, awaited before the next batch as a caller awaits its answer: src/adapters/store/
// wal-sync.ts); the sides alternate batch by batch. Prints main-thread CPU per message (process.threadCpuUsage)
// for the statements and for the commit, and the wall time the commit holds the event loop.
// Run: npx node bench/core/hot-rows.ts [--messages 6000] [--batch 500] [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type CoreDb } from '../../src/adapters/store/db.ts';
import { SqliteRows, SQLITE_ROWS_PER_STATEMENT, } from '../../src/adapters/store/hot-writes.ts';
import { sqliteHandle } from '../../src/adapters/store/sqlite-statements.ts';
import { walSyncOf } from '../../src/adapters/store/wal-sync.ts';
import { realRows, type Tables } from './stored-rows.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '6000' }, batch: { type: 'string', default: '500' }, rounds: { type: 'string', default: '3' } } });
const total = Number(values.messages);
const batch = Number(values.batch);

interface Side {
  name: string;
  dir: string;
  db: CoreDb;
  rows: SqliteRows;
  deferred: boolean;
  statementsUs: number;
  commitUs: number;
  commitWallUs: number;
  /** From the commit's start until it is on disk (what a caller waits before its answer). */
  durableWallUs: number;
  commits: number;
}

async function side(name: string, perStatement: number, deferred: boolean): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-hot-rows-'));
  const db = await openStore({ dataDir: dir, deferredSync: deferred });
  return { name, dir, db, rows: new SqliteRows(sqliteHandle(db)!, perStatement), deferred, statementsUs: 0, commitUs: 0, commitWallUs: 0, durableWallUs: 0, commits: 0 };
}

const cpuUs = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

async function writeBatch(s: Side, t: Tables, from: number, to: number): Promise<void> {
  const handle = sqliteHandle(s.db)!;
  const walSync = walSyncOf(s.db);
  if (s.deferred) handle.pragma('synchronous = NORMAL');
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
  const w1 = performance.now();
  handle.prepare('commit').run();
  s.commitWallUs += (performance.now() - w1) * 1000;
  s.statementsUs += c1 - c0;
  s.commitUs += cpuUs() - c1;
  if (s.deferred) {
    handle.pragma('synchronous = FULL');
    await walSync!.flush();
  }
  s.durableWallUs += (performance.now() - w1) * 1000;
  s.commits++;
}

const t = await realRows(total);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; rows: ${Object.entries(t).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
for (let round = 0; round < Number(values.rounds); round++) {
  const sides = [
    await side('one row per statement, FULL', 1, false),
    await side(`${SQLITE_ROWS_PER_STATEMENT} rows per statement, FULL`, SQLITE_ROWS_PER_STATEMENT, false),
    await side(`${SQLITE_ROWS_PER_STATEMENT} rows per statement, NORMAL + fdatasync off the loop`, SQLITE_ROWS_PER_STATEMENT, true),
  ];
  for (let from = 0; from < t.events.length; from += batch) {
    // Alternate which side goes first, so neither always runs on a warmer cache.
    const order = (from / batch) % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) await writeBatch(s, t, from, Math.min(from + batch, t.events.length));
  }
  for (const s of sides) {
    console.log(`round ${round + 1}: ${s.name}: statements ${(s.statementsUs / t.events.length).toFixed(1)} µs/msg, commit ${(s.commitUs / t.events.length).toFixed(1)} µs/msg (main-thread CPU); the commit holds the event loop ${(s.commitWallUs / t.events.length).toFixed(1)} µs/msg; a commit is on disk after ${(s.durableWallUs / s.commits / 1000).toFixed(2)} ms (mean wall)`);
    await s.db.destroy();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
