// WAL checkpoints run in a worker thread (src/adapters/store/checkpointer.ts): committed pages reach the database
// file without any commit on the event loop doing it, and the writer's own automatic checkpoints are off.
import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openStore, type CoreDb } from '../../src/adapters/store/db.ts';
import { tempDir } from '../helpers/service.ts';

/** About 300 pages in 60 commits: fewer than the 1,000 after which a writer would checkpoint by itself. */
async function write(db: CoreDb): Promise<void> {
  await sql`create table filler (id integer primary key, v text)`.execute(db);
  for (let i = 0; i < 60; i++) {
    await db.transaction().execute(async (trx) => {
      for (let j = 0; j < 5; j++) await sql`insert into filler (v) values (${'x'.repeat(3_500)})`.execute(trx);
    });
  }
}

async function fileGrowth(backgroundCheckpoints: boolean): Promise<{ grown: number; autocheckpoint: number }> {
  const dir = tempDir('cb-ckpt-');
  const db = await openStore({ dataDir: dir, backgroundCheckpoints });
  try {
    const file = join(dir, 'chainbreak.sqlite');
    const before = statSync(file).size;
    await write(db);
    await sleep(800);
    const autocheckpoint = Number((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0].wal_autocheckpoint);
    return { grown: statSync(file).size - before, autocheckpoint };
  } finally {
    await db.destroy();
  }
}

test('committed pages reach the database file through the background checkpointer, not through commits', async () => {
  const background = await fileGrowth(true);
  const inline = await fileGrowth(false);
  assert.equal(background.autocheckpoint, 0, 'the writer does not checkpoint inside its commits');
  assert.equal(inline.autocheckpoint, 1000);
  assert.ok(background.grown > 300 * 3_500, `the worker copied the WAL into the database file (${background.grown} bytes)`);
  assert.ok(inline.grown < background.grown / 4, `without it the pages stay in the WAL (${inline.grown} bytes)`);
});

test('closing the store returns only once the checkpoint worker is done with the files, even right after opening', async () => {
  for (const pause of [0, 0, 0, 1, 2, 5, 10, 20, 50, 100, 300]) {
    const dir = tempDir('cb-ckpt-close-');
    const db = await openStore({ dataDir: dir });
    await sleep(pause);
    await db.destroy();
    // The last connection to close removes the WAL: the worker's is closed already, whether or not it had opened.
    assert.equal(existsSync(join(dir, 'chainbreak.sqlite-wal')), false, `the WAL is gone once closed (pause ${pause} ms)`);
    // And nothing creates the files again after their owner closed them.
    rmSync(dir, { recursive: true });
    await sleep(100);
    assert.equal(existsSync(dir), false, `nothing re-created the data directory (pause ${pause} ms)`);
  }
});
