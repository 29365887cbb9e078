// Fault campaign (b): a full disk and a read-only store. Ingestion answers 503 naming the cause, stores nothing of
// the refused batch, corrupts nothing, and works again as soon as space (or write access) returns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import type { CoreDb } from '../../src/adapters/store/db.ts';
import { message } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

const text = 'x'.repeat(4_000);

async function count(db: CoreDb, table: string): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
}

// `full`: a file store whose batches commit with the fsync off the event loop (src/adapters/store/wal-sync.ts).
for (const sqliteSync of ['normal', 'full'] as const) test(`disk full and read-only store: 503 with the cause, nothing half-stored, recovery when it clears (synchronous=${sqliteSync})`, async () => {
  const cb = await startTestService({ bootstrapKey: false, sqliteSync });
  const app = await buildHttpApp(cb);
  const { key } = await cb.keys.create('faults', ['admin']);
  const post = (events: unknown[]) => app.inject({ method: 'POST', url: '/v1/events/batch', headers: { authorization: `Bearer ${key}` }, payload: { events } });
  const batch = (prefix: string) => Array.from({ length: 200 }, (_, i) => message({ id: `${prefix}-${i}`, conversation: `${prefix}-c${i % 20}`, sender: `s${i % 20}`, text: `${text} ${i}`, minute: i }));
  try {
    assert.equal((await post(batch('before'))).statusCode, 200);
    const events = await count(cb.db, 'events');

    // Disk full: SQLite may not grow the file by a single page any more (the same SQLITE_FULL a full disk gives).
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(cb.db)).rows[0].page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(cb.db);
    const full = await post(batch('full'));
    assert.equal(full.statusCode, 503, full.body);
    assert.equal(full.json().error, 'store_unavailable');
    assert.match(full.json().message, /disk .* full.*nothing of this request was stored/);
    assert.equal(full.headers['retry-after'], '5');
    assert.equal(await count(cb.db, 'events'), events, 'nothing of the refused batch is stored');

    // Read-only.
    await sql.raw('pragma max_page_count = 1073741823').execute(cb.db);
    await sql.raw('pragma query_only = on').execute(cb.db);
    const readOnly = await post(batch('readonly'));
    assert.equal(readOnly.statusCode, 503, readOnly.body);
    assert.match(readOnly.json().message, /read-only|cannot be read or written/);
    await sql.raw('pragma query_only = off').execute(cb.db);

    // Space and write access are back: the refused batches go through as new events, and the file is sound.
    for (const prefix of ['full', 'readonly']) {
      const again = await post(batch(prefix));
      assert.equal(again.statusCode, 200, again.body);
      assert.ok(again.json().results.every((r: { duplicate: boolean }) => !r.duplicate));
    }
    assert.equal(await count(cb.db, 'events'), events + 400);
    assert.equal((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(cb.db)).rows[0].integrity_check, 'ok');
  } finally {
    await app.close();
    await cb.cleanup();
  }
});
