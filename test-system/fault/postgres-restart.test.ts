// Fault campaign (c): PostgreSQL stops under load and comes back. While it is down every request answers 503
// naming the cause (never a 500, never a hang); nothing acknowledged is lost; once it is back the service
// reconnects by itself and acknowledges again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChainbreak } from '../../src/app.ts';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { loadConfig } from '../../src/config.ts';
import { message } from '../../test/helpers/fixtures.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

let server: TempPostgres;
before(() => {
  server = startTempPostgres();
});
after(() => server.stop());

test('PostgreSQL stopped and restarted under load: 503s while down, no loss, automatic reconnect', { timeout: 180_000 }, async () => {
  const cb = await createChainbreak(loadConfig(undefined, { dataDir: tempDir(), postgresUrl: server.url, logLevel: 'silent', detectorThreads: 0, bootstrapKey: false }), { background: false });
  const app = await buildHttpApp(cb);
  const { key } = await cb.keys.create('faults', ['admin']);
  const statuses = new Map<number, number>();
  const acked: string[] = [];
  let n = 0;
  let stopAt = 0;
  const send = async () => {
    const events = Array.from({ length: 20 }, () => {
      const i = n++;
      return message({ id: `pg-${i}`, conversation: `pg-c${i % 50}`, sender: `s${i % 50}`, text: `hello ${i}`, minute: i });
    });
    const response = await app.inject({ method: 'POST', url: '/v1/events/batch', headers: { authorization: `Bearer ${key}` }, payload: { events } });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    if (response.statusCode === 200) acked.push(...events.map((e) => e.id));
    else assert.equal(response.statusCode, 503, `while the database is down: ${response.body}`);
    if (response.statusCode === 503) assert.match(response.json().message, /database|connection/);
  };
  try {
    const loop = async (until: () => boolean) => {
      while (!until()) await Promise.all([send(), send()]);
    };
    await loop(() => acked.length >= 200);
    server.halt();
    stopAt = Date.now();
    await loop(() => (statuses.get(503) ?? 0) >= 5 || Date.now() - stopAt > 20_000);
    server.resume();
    const resumedWith = acked.length;
    const deadline = Date.now() + 60_000;
    await loop(() => acked.length >= resumedWith + 200 || Date.now() > deadline);
    assert.ok(acked.length >= resumedWith + 200, `reconnected and acknowledged again (${acked.length - resumedWith} after the restart)`);
    assert.ok((statuses.get(503) ?? 0) >= 1, 'requests while the database was down were refused with 503');
    const stored = new Set((await cb.db.selectFrom('decisions').select('event_id').execute()).map((r) => r.event_id));
    assert.deepEqual(acked.filter((id) => !stored.has(id)), [], 'acknowledged events lost');
    console.log(`fault campaign (PostgreSQL restart): ${JSON.stringify(Object.fromEntries(statuses))}, acknowledged ${acked.length}`);
  } finally {
    await app.close();
    await cb.close();
  }
});
