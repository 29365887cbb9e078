// The console's sign-in throttle counts in the store: on PostgreSQL, guesses spread over two nodes lock the user as
// they would on one node, concurrent failures all count, and the lock (epoch milliseconds, past 2^31) holds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { openStore, type CoreDb } from '../../src/adapters/store/db.ts';
import { registerConsoleRoutes } from '../../src/modules/console/http.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';
import { tempDir } from '../../test/helpers/service.ts';

let server: TempPostgres;
let db: CoreDb;
before(async () => {
  server = startTempPostgres();
  db = await openStore({ dataDir: tempDir(), postgresUrl: server.url });
});
after(async () => {
  await db.destroy();
  server.stop();
});

async function node() {
  const app = createFastify();
  await registerConsoleRoutes(app, { console: createConsole({ db }) });
  return (username: string, password: string, ip: string) => app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password }, remoteAddress: ip });
}

test('on PostgreSQL, failed sign-ins on two nodes, some at the same moment, add up to one lockout', async () => {
  await createConsole({ db }).users.seed([{ username: 'mod', password: 'mod-password', role: 'moderator' }]);
  const [a, b] = [await node(), await node()];
  const answers = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? a : b)('mod', `wrong-${i}`, `203.0.113.${i}`)));
  assert.deepEqual(answers.map((r) => r.statusCode), [401, 401, 401, 401]);
  assert.equal((await b('mod', 'wrong-4', '203.0.113.4')).statusCode, 401, 'the fifth failure');
  const locked = await a('mod', 'mod-password', '203.0.113.9');
  assert.equal(locked.statusCode, 429, locked.body);
  assert.ok(Number(locked.headers['retry-after']) > 800, 'locked for the window (15 minutes)');
  assert.equal((await b('mod', 'mod-password', '203.0.113.9')).statusCode, 429, 'and on the other node');
});
