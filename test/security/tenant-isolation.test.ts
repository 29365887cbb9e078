// Issue 17.3: a key bound to one tenant replaced the global rule file and disabled a hash in the shared
// victim_submitted bank; read keys saw report ids in bank provenance and the rule file's path; console
// users bound to a tenant read every tenant's audit entries and victim reports.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerConsoleRoutes } from '../../src/modules/console/http.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { insertCase, memoryDb } from '../console/helpers.ts';
import { startTestService } from '../helpers/service.ts';

let cb: Awaited<ReturnType<typeof startTestService>>;
let app: FastifyInstance;
const keys: Record<string, string> = {};
const HASH = 'ab'.repeat(32);

before(async () => {
  cb = await startTestService();
  app = await buildHttpApp(cb);
  keys.admin = (await cb.keys.create('admin', ['admin'])).key;
  keys.globalRules = (await cb.keys.create('global-rules', ['read', 'rules:write', 'banks:write'])).key;
  keys.tenantWriter = (await cb.keys.create('acme-writer', ['read', 'rules:write', 'banks:write', 'events:write'], 'acme')).key;
  keys.reader = (await cb.keys.create('reader', ['read'])).key;
  const added = await call('POST', '/v1/pdq/banks/victim_submitted/hashes', keys.admin, { hashes: [HASH], provenance: { source: 'victim_report', added_by: 'anonymous', note: 'report R-SECRET-1' } });
  assert.equal(added.statusCode, 200, added.body);
});
after(async () => {
  await app.close();
  await cb.cleanup();
});

function call(method: 'GET' | 'POST' | 'PUT', url: string, key: string, payload?: object) {
  return app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
}

test('a tenant-bound key cannot replace the global rule file; an unbound rules:write key can', async () => {
  const current = (await call('GET', '/v1/rules', keys.admin)).json().text as string;
  const refused = await call('PUT', '/v1/rules', keys.tenantWriter, { text: `${current}\n# acme was here\n` });
  assert.equal(refused.statusCode, 403, refused.body);
  assert.match(refused.json().message, /shared by every tenant/);
  assert.equal((await call('GET', '/v1/rules', keys.admin)).json().text, current, 'the active rules are unchanged');
  const allowed = await call('PUT', '/v1/rules', keys.globalRules, { text: `${current}\n# operator edit\n` });
  assert.equal(allowed.statusCode, 200, allowed.body);
});

test('a tenant-bound key cannot change the shared hash banks', async () => {
  for (const [url, body] of [
    [`/v1/pdq/banks/victim_submitted/hashes/${HASH}/disable`, undefined],
    ['/v1/pdq/banks/victim_submitted/hashes', { hashes: ['cd'.repeat(32)], provenance: { source: 'acme' } }],
    ['/v1/pdq/banks', { name: 'acme_bank' }],
  ] as const) {
    const response = await call('POST', url, keys.tenantWriter, body);
    assert.equal(response.statusCode, 403, `${url}: ${response.body}`);
  }
  const lookup = await call('GET', `/v1/pdq/lookup?hash=${HASH}&max_distance=0`, keys.admin);
  assert.equal(lookup.json().matches.length, 1, 'the hash still matches for every tenant');
});

test('read keys see neither report ids in bank provenance nor the rule file path', async () => {
  const asReader = await call('GET', `/v1/pdq/lookup?hash=${HASH}&max_distance=0`, keys.reader);
  assert.equal(asReader.statusCode, 200);
  assert.equal(asReader.json().matches.length, 1);
  assert.doesNotMatch(asReader.body, /R-SECRET-1/);
  assert.equal(asReader.json().matches[0].provenance.source, 'victim_report');
  const asAdmin = await call('GET', `/v1/pdq/lookup?hash=${HASH}&max_distance=0`, keys.admin);
  assert.match(asAdmin.body, /R-SECRET-1/, 'an admin key still sees the full provenance');
  const rules = await call('GET', '/v1/rules', keys.reader);
  assert.equal(rules.statusCode, 200);
  assert.equal(rules.json().status.path, undefined);
  assert.ok(!rules.body.includes(cb.dir), 'no server path in the answer');
  assert.ok((await call('GET', '/v1/rules', keys.admin)).json().status.path, 'admins still see where the file is');
});

test('console users bound to a tenant see only their tenant\'s audit entries and victim reports', async (t) => {
  const db = await memoryDb();
  const svc = createConsole({ db });
  await svc.users.seed([
    { username: 'acme-inv', password: 'inv-password', role: 'investigator', tenant: 'acme' },
    { username: 'root', password: 'root-password', role: 'admin' },
  ]);
  await insertCase(db, 'acme-case', { tenant: 'acme' });
  await insertCase(db, 'other-case', { tenant: 'other' });
  await svc.audit.append({ actor: 'm', role: 'moderator', action: 'claim', targetType: 'case', targetId: 'acme-case', caseId: 'acme-case', reason: 'acme work' });
  await svc.audit.append({ actor: 'm', role: 'moderator', action: 'claim', targetType: 'case', targetId: 'other-case', caseId: 'other-case', reason: 'other work' });
  for (const [id, tenant] of [['vr-acme', 'acme'], ['vr-other', 'other']]) {
    await db.insertInto('victim_reports').values(await victimReportRow(db, id, tenant)).execute();
  }
  const consoleApp = createFastify();
  await registerConsoleRoutes(consoleApp, { console: svc });
  t.after(() => consoleApp.close());
  const cookieFor = async (username: string, password: string) =>
    String((await consoleApp.inject({ method: 'POST', url: '/console/api/session', payload: { username, password } })).headers['set-cookie']).split(';')[0];
  const acme = await cookieFor('acme-inv', 'inv-password');
  const audit = (await consoleApp.inject({ url: '/console/api/audit', headers: { cookie: acme } })).json().entries as { caseId: string }[];
  assert.deepEqual(audit.map((e) => e.caseId), ['acme-case']);
  const reports = (await consoleApp.inject({ url: '/console/api/victim-reports', headers: { cookie: acme } })).json().reports as { id: string }[];
  assert.deepEqual(reports.map((r) => r.id), ['vr-acme']);
  const root = await cookieFor('root', 'root-password');
  assert.equal((await consoleApp.inject({ url: '/console/api/audit', headers: { cookie: root } })).json().entries.length, 2);
  assert.equal((await consoleApp.inject({ url: '/console/api/victim-reports', headers: { cookie: root } })).json().reports.length, 2);
});

/** A victim_reports row with every column the table requires, filled with neutral values. */
async function victimReportRow(db: Awaited<ReturnType<typeof memoryDb>>, id: string, tenant: string) {
  const columns = await db.introspection.getTables().then((tables) => tables.find((t) => t.name === 'victim_reports')!.columns);
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    if (column.isNullable || column.hasDefaultValue) continue;
    row[column.name] = column.dataType.toLowerCase().includes('int') || column.dataType.toLowerCase().includes('bigint') ? 1 : '[]';
  }
  return { ...row, id, tenant, created_at: 1_000, updated_at: 1_000, ring_ids: '[]', receipt_hash: `receipt-${id}` };
}

test("another tenant's case answers a tenant-bound key as a missing one (no hint that the id exists)", async () => {
  await insertCase(cb.db, 'case-of-acme', { tenant: 'acme' });
  await insertCase(cb.db, 'case-of-globex', { tenant: 'globex' });
  const own = await call('GET', '/v1/cases/case-of-acme', keys.tenantWriter);
  assert.equal(own.statusCode, 200, own.body);
  assert.equal(own.json().tenant, 'acme');
  const other = await call('GET', '/v1/cases/case-of-globex', keys.tenantWriter);
  const missing = await call('GET', '/v1/cases/case-that-never-was', keys.tenantWriter);
  assert.equal(other.statusCode, 404, other.body);
  assert.equal(missing.statusCode, 404);
  assert.equal(other.json().error, missing.json().error, 'the same error code for both');
  assert.equal((await call('GET', '/v1/cases/case-of-globex', keys.reader)).statusCode, 200, 'an unbound key still reads every tenant');
});
