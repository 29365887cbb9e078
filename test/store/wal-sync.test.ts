// Durable commits with the fsync off the event loop (src/adapters/store/wal-sync.ts): an ingest batch is answered
// only after the WAL is synced, the connection is back to synchronous=FULL for every other writer, concurrent
// commits share one sync while later ones wait for their own, and a failed sync refuses every later commit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { WalSync } from '../../src/adapters/store/wal-sync.ts';
import { storeUnavailable } from '../../src/adapters/store/errors.ts';
import { sqliteHandle } from '../../src/adapters/store/sqlite-statements.ts';
import { message } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

/** A database in WAL mode with a sync whose completions the test releases by hand. */
function fixture(log?: { error(message: string): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-wal-sync-'));
  const file = join(dir, 'db.sqlite');
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.exec('create table t (v integer)');
  const pending: ((error: Error | null) => void)[] = [];
  const sync = new WalSync(file, (_fd, done) => void pending.push(done), log);
  const insert = (v: number) => sync.deferred(database, async () => void database.prepare('insert into t values (?)').run(v));
  const cleanup = () => {
    sync.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { database, sync, pending, insert, cleanup };
}

const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

test('a deferred commit is visible at once, durable only after its sync, and leaves synchronous=FULL', async () => {
  const f = fixture();
  try {
    const { durable } = await f.insert(1);
    assert.equal((f.database.prepare('select count(*) as n from t').get() as { n: number }).n, 1);
    assert.equal(f.database.pragma('synchronous', { simple: true }), 2, 'FULL again for every other writer');
    assert.equal(await settled(durable), 'pending');
    f.pending.shift()!(null);
    assert.equal(await settled(durable), 'resolved');
  } finally {
    f.cleanup();
  }
});

test('commits during a running sync share the next one; none is answered by a sync that started before it', async () => {
  const f = fixture();
  try {
    const first = (await f.insert(1)).durable;
    const second = (await f.insert(2)).durable;
    const third = (await f.insert(3)).durable;
    assert.equal(f.pending.length, 1, 'one sync runs; the later commits wait for the next');
    f.pending.shift()!(null);
    assert.deepEqual([await settled(first), await settled(second), await settled(third)], ['resolved', 'pending', 'pending']);
    assert.equal(f.pending.length, 1, 'one more sync for both later commits');
    f.pending.shift()!(null);
    assert.deepEqual([await settled(second), await settled(third)], ['resolved', 'resolved']);
  } finally {
    f.cleanup();
  }
});

test('a failed sync fails its commits and every later one, lone commits included, as a store the API answers 503', async () => {
  const logged: string[] = [];
  const f = fixture({ error: (line) => void logged.push(line) });
  try {
    const { durable } = await f.insert(1);
    f.pending.shift()!(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const error = await durable.then(() => null, (e: unknown) => e);
    assert.ok(storeUnavailable(error), `answered 503: ${String(error)}`);
    assert.equal(storeUnavailable(error)?.mayBeStored, true, 'the answer must not claim that nothing was stored');
    await assert.rejects(f.insert(2), /could not be synced/);
    // What ingestion checks before a commit that syncs inside itself, too.
    assert.throws(() => f.sync.assertHealthy(), /could not be synced/);
    await assert.rejects(f.sync.flush(), /could not be synced/);
    assert.equal(logged.length, 1, 'the failure is logged once, through the service log it was given');
    assert.match(logged[0], /^sqlite: .*could not be synced.*EIO/);
  } finally {
    f.cleanup();
  }
});

test('ingestion on a file store with synchronous=FULL: groups with calls waiting behind them sync off the loop, every answer right, FULL kept for other writers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-wal-sync-svc-'));
  const cb = await startTestService({ dataDir: dir, sqliteSync: 'full' });
  // Counts the commits that took the deferred path (the others, with nothing waiting, synced inside the commit).
  const deferred = WalSync.prototype.deferred;
  let deferredCommits = 0;
  WalSync.prototype.deferred = function (this: WalSync, ...args: Parameters<WalSync['deferred']>) {
    deferredCommits++;
    return deferred.apply(this, args);
  } as WalSync['deferred'];
  try {
    const events = Array.from({ length: 2_040 }, (_, i) => message({ id: `ws-${i}`, conversation: `ws-c${i % 50}`, sender: `ws-u${i % 50}`, to: `ws-v${i % 50}`, text: `hello ${i}`, minute: i }));
    // A call of a full group's 2,000 events runs alone; the single calls made with it wait behind it, so it commits
    // with calls waiting (the deferred path), and they follow in groups of their own.
    const answers: Promise<unknown>[] = [cb.ingest.ingestValid(events.slice(0, 2_000)), ...events.slice(2_000).map((event) => cb.ingest.ingestValid([event]))];
    const results = ((await Promise.all(answers)) as { event_id: string; duplicate: boolean }[][]).flat();
    assert.deepEqual(results.map((r) => [r.event_id, r.duplicate]), events.map((e) => [e.id, false]));
    assert.ok(deferredCommits > 0, 'some groups committed with the sync off the loop');
    const stored = await cb.db.selectFrom('decisions').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), events.length);
    assert.equal(sqliteHandle(cb.db)!.pragma('synchronous', { simple: true }), 2);
  } finally {
    WalSync.prototype.deferred = deferred;
    await cb.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

