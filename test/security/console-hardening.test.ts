// Issue 17.6: no sign-in throttling (40 wrong passwords, then the right one worked), the session cookie
// never got `Secure`, and a text/plain POST with a foreign Origin claimed a case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerConsoleRoutes, type ConsoleRouteDeps } from '../../src/modules/console/http.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { insertCase, memoryDb } from '../console/helpers.ts';

async function setup(t: { after(fn: () => unknown): void }, extra: Partial<ConsoleRouteDeps> = {}) {
  const db = await memoryDb();
  let now = 1_000_000;
  const svc = createConsole({ db });
  await svc.users.seed([
    { username: 'mod', password: 'mod-password', role: 'moderator' },
    { username: 'other', password: 'other-password', role: 'moderator' },
  ]);
  const app = createFastify();
  await registerConsoleRoutes(app, { console: svc, now: () => now, ...extra });
  t.after(() => app.close());
  const signIn = (username: string, password: string, ip = '198.51.100.1') =>
    app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password }, remoteAddress: ip });
  return { app, db, signIn, advance: (ms: number) => (now += ms) };
}

test('sign-in locks a user out after repeated wrong passwords, with a clear message, even for the right password', async (t) => {
  const { signIn, advance } = await setup(t);
  for (let i = 0; i < 5; i++) assert.equal((await signIn('mod', `wrong-${i}`, `203.0.113.${i}`)).statusCode, 401);
  const locked = await signIn('mod', 'mod-password', '203.0.113.99');
  assert.equal(locked.statusCode, 429, locked.body);
  assert.equal(locked.json().error, 'sign_in_locked');
  assert.match(locked.json().message, /too many failed sign-ins.*try again in \d+ minute/i);
  assert.ok(Number(locked.headers['retry-after']) > 0);
  assert.equal((await signIn('other', 'other-password', '203.0.113.99')).statusCode, 200, 'other users are not locked out');
  advance(16 * 60_000);
  assert.equal((await signIn('mod', 'mod-password')).statusCode, 200, 'the lock expires');
});

test('sign-in locks an address out after many failures across user names', async (t) => {
  const { signIn } = await setup(t);
  for (let i = 0; i < 20; i++) assert.equal((await signIn(`nobody-${i}`, 'wrong-password', '192.0.2.7')).statusCode, 401);
  const locked = await signIn('mod', 'mod-password', '192.0.2.7');
  assert.equal(locked.statusCode, 429);
  assert.match(locked.json().message, /this address/);
  assert.equal((await signIn('mod', 'mod-password', '192.0.2.8')).statusCode, 200);
});

test('counts that no longer count are dropped, so a spray of user names does not grow the table for ever', async (t) => {
  const { db, signIn, advance } = await setup(t);
  for (let i = 0; i < 30; i++) await signIn(`sprayed-${i}`, 'wrong-password', `198.51.100.${i}`);
  const stored = async () => (await db.selectFrom('console_sign_in_failures').select('key').execute()).length;
  assert.equal(await stored(), 60, 'one count per user name and one per address');
  advance(16 * 60_000);
  await signIn('late', 'wrong-password', '192.0.2.200');
  assert.equal(await stored(), 2, 'only the new failure is kept');
});

test('nodes sharing a store share the count: guesses spread over three nodes lock the user as on one', async (t) => {
  const { db, signIn } = await setup(t);
  const nodes = [signIn];
  for (let n = 0; n < 2; n++) {
    const app = createFastify();
    await registerConsoleRoutes(app, { console: createConsole({ db }), now: () => 1_000_000 });
    t.after(() => app.close());
    nodes.push((username: string, password: string, ip = '198.51.100.1') => app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password }, remoteAddress: ip }));
  }
  for (let i = 0; i < 5; i++) assert.equal((await nodes[i % 3]('MOD', `wrong-${i}`, `203.0.113.${i}`)).statusCode, 401);
  for (const node of nodes) assert.equal((await node('mod', 'mod-password', '203.0.113.50')).statusCode, 429, 'locked on every node');
});

test('the session cookie is Secure behind TLS (trusted proxy) or when configured, and not on plain HTTP', async (t) => {
  const plain = await setup(t);
  assert.doesNotMatch(String((await plain.signIn('mod', 'mod-password')).headers['set-cookie']), /Secure/);
  const spoofed = await plain.app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'mod', password: 'mod-password' }, headers: { 'x-forwarded-proto': 'https' } });
  assert.doesNotMatch(String(spoofed.headers['set-cookie']), /Secure/, 'x-forwarded-proto is ignored unless the proxy is trusted');
  const proxied = await setup(t, { trustProxy: true });
  const viaProxy = await proxied.app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'mod', password: 'mod-password' }, headers: { 'x-forwarded-proto': 'https' } });
  assert.match(String(viaProxy.headers['set-cookie']), /; Secure/);
  const forced = await setup(t, { secureCookies: true });
  assert.match(String((await forced.signIn('mod', 'mod-password')).headers['set-cookie']), /; Secure/);
});

test('console writes refuse a foreign Origin and non-JSON bodies (CSRF)', async (t) => {
  const { app, db, signIn } = await setup(t);
  await insertCase(db, 'c1');
  const cookie = String((await signIn('mod', 'mod-password')).headers['set-cookie']).split(';')[0];
  const foreign = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' }, payload: 'x', });
  assert.equal(foreign.statusCode, 403, foreign.body);
  assert.equal(foreign.json().error, 'bad_origin');
  const nullOrigin = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie, origin: 'null' } });
  assert.equal(nullOrigin.statusCode, 403);
  const crossSite = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
  assert.equal(crossSite.statusCode, 403);
  const textPlain = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie, 'content-type': 'text/plain' }, payload: 'x' });
  assert.equal(textPlain.statusCode, 415, 'a body that is not JSON cannot be a console write');
  const foreignSignOut = await app.inject({ method: 'DELETE', url: '/console/api/session', headers: { cookie, origin: 'https://evil.example' } });
  assert.equal(foreignSignOut.statusCode, 403);
  const stillOpen = await db.selectFrom('cases').select('status').where('id', '=', 'c1').executeTakeFirstOrThrow();
  assert.equal(stillOpen.status, 'open');
  const same = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' } });
  assert.equal(same.statusCode, 200, same.body);
});
