// The help page promises "we never store your IP address": no request to the help page, its API or the
// web app's assets may leave a log line, and report rows carry only coarse times so that a log line from
// elsewhere (a proxy, a firewall) cannot be joined to a report by its millisecond.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createFastify, isPrivateTraffic } from '../../src/adapters/http/fastify.ts';
import { registerConsoleRoutes } from '../../src/modules/console/http.ts';
import { registerWebStatic } from '../../src/adapters/http/web-static.ts';
import { registerHelpRoutes } from '../../src/modules/console/help-http.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { coarseTime, REPORT_TIME_GRANULARITY_MS } from '../../src/modules/console/victim-reports.ts';
import { memoryDb } from './helpers.ts';

function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

test('help-page traffic leaves no request log line, while console traffic still does', async (t) => {
  const dist = mkdtempSync(join(tmpdir(), 'chainbreak-dist-'));
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  const db = await memoryDb();
  const svc = createConsole({ db, banks: { add: async () => {} } });
  const { lines, stream } = logCapture();
  const app = createFastify({ logger: { level: 'info', stream } });
  await registerConsoleRoutes(app, { console: svc });
  await registerHelpRoutes(app, { console: svc });
  await registerWebStatic(app, { distDir: dist });
  t.after(() => app.close());

  const helpRequests = [
    ['GET', '/help'],
    ['GET', '/help?lang=hi'],
    ['GET', '/help/anything/deeper'],
    ['GET', '/assets/index-abc.js'],
    ['GET', '/assets/missing.js'],
    ['GET', '/help/api/config'],
    ['GET', '/help/api/unknown'],
    ['POST', '/help/api/unknown'],
    ['DELETE', '/help/api/reports'],
    ['POST', '/help/api/reports'],
    ['GET', '//help'],
    ['GET', '/HELP'],
    ['GET', '/%68elp'],
  ] as const;
  for (const [method, url] of helpRequests) {
    const response = await app.inject({ method, url, remoteAddress: '203.0.113.77', headers: { 'user-agent': 'VictimPhone/1.0' }, ...(method === 'POST' ? { payload: {} } : {}) });
    assert.ok(response.statusCode < 500, `${method} ${url} answered ${response.statusCode}`);
  }
  const leaked = lines.filter((l) => l.includes('203.0.113.77') || l.includes('VictimPhone') || /"url":"[^"]*(help|assets)/i.test(l));
  assert.deepEqual(leaked, [], 'help traffic was logged');

  // The control: the same logger does record a console request, so the test would notice a logger that is simply off.
  await app.inject({ method: 'GET', url: '/console/api/session', remoteAddress: '198.51.100.9' });
  assert.ok(lines.some((l) => l.includes('/console/api/session')), 'console requests are still logged');
});

test('the private-traffic test sees through case, doubled slashes and escapes, and nothing more', () => {
  for (const url of ['/help', '/help/', '/help?x=1', '/help/api/reports', '/Help/API/x', '//help', '/%68elp', '/assets/index.js', '/favicon.ico']) assert.ok(isPrivateTraffic(url), url);
  for (const url of ['/', '/helpdesk', '/console/api/session', '/v1/events', '/docs', '/healthz', '/%E0%A4%A']) assert.ok(!isPrivateTraffic(url), url);
});

test('report rows and entries carry times rounded down to the hour, never the millisecond', async () => {
  const db = await memoryDb();
  const exact = Date.UTC(2026, 11, 2, 14, 37, 12, 345);
  const svc = createConsole({ db, now: () => exact, banks: { add: async () => {} } });
  const outcome = await svc.reports.create({ identifiers: [{ type: 'phone', value: '+63 917 555 0110' }], screenshots: [], note: 'n' });
  const hour = Date.UTC(2026, 11, 2, 14);
  assert.equal(REPORT_TIME_GRANULARITY_MS, 3_600_000);
  assert.equal(coarseTime(exact), hour);
  const report = await db.selectFrom('victim_reports').selectAll().executeTakeFirstOrThrow();
  assert.equal(Number(report.created_at), hour);
  assert.equal(Number(report.updated_at), hour);
  const entry = await db.selectFrom('victim_report_entries').selectAll().executeTakeFirstOrThrow();
  assert.equal(Number(entry.created_at), hour);
  const status = await svc.reports.status(outcome.receipt);
  assert.equal(status?.createdAt, hour);
});

test('hashes from the help page reach the bank with an hour-rounded time', async () => {
  const db = await memoryDb();
  const exact = Date.UTC(2026, 11, 2, 9, 59, 59, 999);
  const added: { added_at?: number }[] = [];
  const svc = createConsole({ db, now: () => exact, banks: { add: async (_bank, _hashes, provenance) => void added.push(provenance) } });
  await svc.reports.submitHashes([{ pdq: 'a'.repeat(64) }]);
  await svc.reports.create({ identifiers: [], screenshots: [{ pdq: 'b'.repeat(64) }] });
  assert.deepEqual(added.map((p) => p.added_at), [Date.UTC(2026, 11, 2, 9), Date.UTC(2026, 11, 2, 9)]);
});
