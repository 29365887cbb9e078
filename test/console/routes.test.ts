import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerConsoleRoutes } from '../../src/modules/console/http.ts';
import { registerHelpRoutes } from '../../src/modules/console/help-http.ts';
import { createConsole, type RingGraph } from '../../src/modules/console/index.ts';
import type { LinkObservation } from '../../src/core/linker.ts';
import { insertCase, memoryDb } from './helpers.ts';

// A small in-memory ring world: accounts sharing a phone number with the ring's seed join ring R1.
function fakeRings() {
  const ring: RingGraph = {
    id: 'R1',
    nodes: [
      { id: 'acc:suspect-c1', kind: 'account', label: 'suspect-c1' },
      { id: 'acc:mule-1', kind: 'account', label: 'mule-1' },
      { id: 'phone:+639171234567', kind: 'phone', label: '+639171234567' },
    ],
    edges: [
      { id: 'e1', source: 'acc:suspect-c1', target: 'phone:+639171234567', kind: 'phone', evidence: { event: 'evt-1' } },
      { id: 'e2', source: 'acc:mule-1', target: 'phone:+639171234567', kind: 'phone', evidence: { event: 'evt-2' } },
    ],
  };
  const members = new Map<string, string>([['suspect-c1', 'R1'], ['mule-1', 'R1']]);
  const observed: LinkObservation[] = [];
  const banked: unknown[] = [];
  return {
    observed,
    banked,
    rings: {
      ringIdForAccount: (_t: string, account: string) => members.get(account),
      graph: (_t: string, id: string) => (id === 'R1' ? ring : undefined),
      topRings: () => [{ id: 'R1', accounts: 2 }],
    },
    linker: {
      observe(o: LinkObservation) {
        observed.push(o);
        if (!o.identifiers.some((i) => i.type === 'phone' && i.value === '+639171234567')) return [];
        members.set(o.account, 'R1');
        return [{ detector: 'rings', kind: 'ring.member', score: 0.9, reasons: [{ code: 'shared_identifier', message: 'shares a phone with ring R1', evidence: { ring: 'R1' } }] }];
      },
    },
    banks: { add: (bank: string, hashes: unknown[], provenance: unknown) => void banked.push({ bank, hashes, provenance }) },
  };
}

async function setup(t: { after(fn: () => unknown): void }) {
  const db = await memoryDb(t);
  const world = fakeRings();
  const confirmed: string[] = [];
  const svc = createConsole({ db, rings: world.rings, linker: world.linker, banks: world.banks, confirmSuspect: async (tenant, account) => void confirmed.push(`${tenant}/${account}`) });
  await svc.users.seed([
    { username: 'mod', password: 'mod-password', role: 'moderator' },
    { username: 'mod2', password: 'mod-password', role: 'moderator' },
    { username: 'inv', password: 'inv-password', role: 'investigator' },
  ]);
  const app = createFastify();
  await registerConsoleRoutes(app, { console: svc });
  await registerHelpRoutes(app, { console: svc, rateLimit: { max: 5, windowMs: 60_000 } });
  t.after(() => app.close());
  return { app, db, svc, world, confirmed };
}

async function signIn(app: FastifyInstance, username: string, password: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = String(response.headers['set-cookie']);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\/console\/api;/);
  return cookie.split(';')[0];
}

test('console API needs a session and enforces roles on the server', async (t) => {
  const { app, db } = await setup(t);
  await insertCase(db, 'c1');
  assert.equal((await app.inject({ url: '/console/api/cases' })).statusCode, 401);
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'mod', password: 'wrong-one' } })).statusCode, 401);
  const inv = await signIn(app, 'inv', 'inv-password');
  const claim = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie: inv } });
  assert.equal(claim.statusCode, 403, 'investigators do not claim cases');
  const list = await app.inject({ url: '/console/api/cases', headers: { cookie: inv } });
  assert.equal(list.json().total, 1);
});

test('the session answer says who is signed in, and null (not an error) when nobody is', async (t) => {
  const { app } = await setup(t);
  const anonymous = await app.inject({ url: '/console/api/session' });
  assert.equal(anonymous.statusCode, 200);
  assert.deepEqual(anonymous.json(), { user: null });
  const forged = await app.inject({ url: '/console/api/session', headers: { cookie: 'cb_session=not-a-session' } });
  assert.deepEqual(forged.json(), { user: null }, 'an unknown token signs nobody in');
  const cookie = await signIn(app, 'mod', 'mod-password');
  assert.equal((await app.inject({ url: '/console/api/session', headers: { cookie } })).json().user.username, 'mod');
  await app.inject({ method: 'DELETE', url: '/console/api/session', headers: { cookie } });
  assert.deepEqual((await app.inject({ url: '/console/api/session', headers: { cookie } })).json(), { user: null }, 'signed out');
});

test('claim, act with a reason, ban the ring, and find each action in the audit log', async (t) => {
  const { app, db } = await setup(t);
  await insertCase(db, 'c1');
  const mod = await signIn(app, 'mod', 'mod-password');
  const mod2 = await signIn(app, 'mod2', 'mod-password');
  const act = (cookie: string, action: string, reason: string) =>
    app.inject({ method: 'POST', url: '/console/api/cases/c1/actions', headers: { cookie }, payload: { action, reason } });

  assert.equal((await act(mod, 'ban_ring', 'confirmed sextortion ring')).statusCode, 409, 'must claim first');
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie: mod } })).statusCode, 200);
  const taken = await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie: mod2 } });
  assert.equal(taken.statusCode, 409);
  assert.match(taken.json().message, /being worked by mod/);

  const noReason = await act(mod, 'ban_ring', '');
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /reason/);

  const ban = await act(mod, 'ban_ring', 'threat stage and shared phone with ring R1');
  assert.equal(ban.statusCode, 200, ban.body);
  assert.deepEqual(ban.json().accounts, ['mule-1', 'suspect-c1']);
  assert.equal(ban.json().ringId, 'R1');
  const enforced = await db.selectFrom('console_enforcements').select(['account', 'action']).orderBy('account').execute();
  assert.deepEqual(enforced, [{ account: 'mule-1', action: 'ban_ring' }, { account: 'suspect-c1', action: 'ban_ring' }]);

  const exported = await act(mod, 'export_case', 'handing to law enforcement');
  assert.equal(exported.json().package.format, 'chainbreak.case-package/1');
  assert.match(exported.json().package.sha256, /^[0-9a-f]{64}$/);

  const view = await app.inject({ url: '/console/api/cases/c1', headers: { cookie: mod } });
  assert.equal(view.statusCode, 200);
  const audit = view.json().audit as { action: string; reason: string; actor: string; targetId: string }[];
  assert.deepEqual(audit.map((a) => a.action), ['export_case', 'ban_ring', 'claim_case']);
  assert.equal(audit[1].reason, 'threat stage and shared phone with ring R1');
  assert.equal(audit[1].targetId, 'R1');
  assert.equal(view.json().ring.id, 'R1');

  const close = await app.inject({ method: 'POST', url: '/console/api/cases/c1/close', headers: { cookie: mod }, payload: { verdict: 'confirmed', reason: 'ring banned' } });
  assert.equal(close.statusCode, 200);
  const dash = await app.inject({ url: '/console/api/dashboard', headers: { cookie: mod } });
  assert.deepEqual(dash.json().feedback, [{ queue: 'sextortion', confirmed: 1, falsePositive: 0, inconclusive: 0, falsePositiveRate: 0 }]);
});

test('victim report: identifiers are normalised, linked to a ring, and a receipt adds more later', async (t) => {
  const { app, db, world } = await setup(t);
  const response = await app.inject({
    method: 'POST',
    url: '/help/api/reports',
    headers: { 'user-agent': 'Mozilla/5.0 test-browser', 'x-forwarded-for': '198.51.100.7' },
    payload: { language: 'tl', identifiers: [{ type: 'phone', value: '+63 917 123 4567' }, { type: 'profile_link', value: 'https://www.instagram.com/fake.profile/' }, { type: 'phone', value: '12345' }] },
  });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json();
  assert.match(body.receipt, /^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
  assert.deepEqual(body.accepted, [{ type: 'phone', value: '+639171234567' }, { type: 'messenger_handle', value: 'instagram:fake.profile' }]);
  assert.equal(body.rejected.length, 1);
  assert.deepEqual(body.rings, ['R1']);
  assert.equal(world.observed.length, 1);

  const stored = JSON.stringify(await db.selectFrom('victim_reports').selectAll().execute()) + JSON.stringify(await db.selectFrom('victim_report_entries').selectAll().execute());
  assert.ok(!stored.includes('198.51.100.7') && !stored.includes('test-browser') && !stored.includes('127.0.0.1'), 'no address or user agent stored');
  assert.ok(!stored.includes(body.receipt.replaceAll('-', '')), 'the receipt code itself is not stored');

  const add = await app.inject({ method: 'POST', url: '/help/api/reports/add', payload: { receipt: body.receipt.toLowerCase(), identifiers: [{ type: 'payment_account', value: 'gcash:09171234567' }] } });
  assert.equal(add.statusCode, 200, add.body);
  const status = await app.inject({ method: 'POST', url: '/help/api/reports/status', payload: { receipt: body.receipt } });
  assert.deepEqual([status.json().entries, status.json().identifiers, status.json().rings], [2, 3, ['R1']]);
  const unknown = await app.inject({ method: 'POST', url: '/help/api/reports/status', payload: { receipt: 'AAAA-BBBB-CCCC-DDDD-EEEE' } });
  assert.equal(unknown.statusCode, 404);
});

test('victim hashes go to the victim_submitted bank; bad hashes are refused by name; rate limit applies', async (t) => {
  const { app, world } = await setup(t);
  const pdq = 'f'.repeat(64);
  const ok = await app.inject({ method: 'POST', url: '/help/api/hashes', payload: { hashes: [{ pdq, md5: 'A'.repeat(32) }] } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(world.banked, [{ bank: 'victim_submitted', hashes: [{ pdq, md5: 'a'.repeat(32) }], provenance: { source: "victim_help_page", added_by: "anonymous victim", added_at: (world.banked[0] as { provenance: { added_at: number } }).provenance.added_at } }]);
  const bad = await app.inject({ method: 'POST', url: '/help/api/hashes', payload: { hashes: [{ pdq: 'xyz' }] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /hashes\.0\.pdq/);
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await app.inject({ method: 'POST', url: '/help/api/hashes', payload: { hashes: [{ pdq }] } })).statusCode);
  assert.deepEqual(codes, [200, 200, 200, 429, 429]);
});

test('queue API: server-side paging, search and sort; claim, release and reassign are audited', async (t) => {
  const { app, db, svc } = await setup(t);
  await svc.users.seed([{ username: 'lead', password: 'lead-password', role: 'admin' }]);
  for (let i = 0; i < 7; i++) await insertCase(db, `q${i}`, { priority: i % 3, created_at: 1_000 + i });
  const mod = await signIn(app, 'mod', 'mod-password');
  const page = await app.inject({ url: '/console/api/cases?limit=3&offset=3&sort=age', headers: { cookie: mod } });
  assert.equal(page.statusCode, 200, page.body);
  assert.deepEqual([page.json().total, page.json().cases.map((c: { id: string }) => c.id)], [7, ['q3', 'q4', 'q5']]);
  assert.equal((await app.inject({ url: '/console/api/cases?limit=20000', headers: { cookie: mod } })).statusCode, 400, 'no unbounded pages');
  assert.equal((await app.inject({ url: '/console/api/cases?sort=bogus', headers: { cookie: mod } })).statusCode, 400);
  const found = await app.inject({ url: '/console/api/cases?q=suspect-q4', headers: { cookie: mod } });
  assert.deepEqual(found.json().cases.map((c: { id: string }) => c.id), ['q4']);

  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/q1/claim', headers: { cookie: mod } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/q1/release', headers: { cookie: mod } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/q1/reassign', headers: { cookie: mod }, payload: { to: 'mod2', reason: 'shift change' } })).statusCode, 403, 'only admins reassign');
  const lead = await signIn(app, 'lead', 'lead-password');
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/q1/reassign', headers: { cookie: lead }, payload: { to: 'inv', reason: 'shift change' } })).statusCode, 400);
  const moved = await app.inject({ method: 'POST', url: '/console/api/cases/q1/reassign', headers: { cookie: lead }, payload: { to: 'mod2', reason: 'shift change' } });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().case.claimed_by, 'mod2');
  const trail = await svc.audit.list({ caseId: 'q1' });
  assert.deepEqual(trail.map((e) => [e.action, e.actor]), [['reassign_case', 'lead'], ['release_case', 'mod'], ['claim_case', 'mod']]);
  assert.deepEqual(trail[0].details, { from: null, to: 'mod2' });
  const mine = await app.inject({ url: '/console/api/cases?assignee=mod2', headers: { cookie: mod } });
  assert.deepEqual(mine.json().cases.map((c: { id: string }) => c.id), ['q1']);
});

test('bulk close with a reason writes one audit entry per case and skips cases others are working', async (t) => {
  const { app, db, svc } = await setup(t);
  for (const id of ['b1', 'b2', 'b3']) await insertCase(db, id);
  const mod = await signIn(app, 'mod', 'mod-password');
  const mod2 = await signIn(app, 'mod2', 'mod-password');
  await app.inject({ method: 'POST', url: '/console/api/cases/b3/claim', headers: { cookie: mod2 } });
  const noVerdict = await app.inject({ method: 'POST', url: '/console/api/cases/bulk', headers: { cookie: mod }, payload: { ids: ['b1'], action: 'close', reason: 'spam wave' } });
  assert.equal(noVerdict.statusCode, 400);
  const bulk = await app.inject({ method: 'POST', url: '/console/api/cases/bulk', headers: { cookie: mod }, payload: { ids: ['b1', 'b2', 'b3', 'nope'], action: 'close', verdict: 'false_positive', reason: 'greeting-only spam wave' } });
  assert.equal(bulk.statusCode, 200, bulk.body);
  assert.deepEqual(bulk.json().done, ['b1', 'b2']);
  assert.deepEqual(bulk.json().skipped, [{ id: 'b3', problem: 'being worked by mod2' }, { id: 'nope', problem: 'not found' }]);
  for (const id of ['b1', 'b2']) {
    const closes = (await svc.audit.list({ caseId: id })).filter((e) => e.action === 'close_case');
    assert.deepEqual(closes.map((e) => e.reason), ['greeting-only spam wave']);
  }
  assert.equal((await svc.queue.get('b3'))!.status, 'claimed');
  const inv = await signIn(app, 'inv', 'inv-password');
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/cases/bulk', headers: { cookie: inv }, payload: { ids: ['b3'], action: 'close', verdict: 'confirmed', reason: 'not my job' } })).statusCode, 403);
});

test('ring bans are listed and undone over the API; a closed case refuses account actions', async (t) => {
  const { app, db } = await setup(t);
  await insertCase(db, 'c1');
  await insertCase(db, 'c2', { suspect_account: 'mule-1' });
  const mod = await signIn(app, 'mod', 'mod-password');
  await app.inject({ method: 'POST', url: '/console/api/cases/c1/claim', headers: { cookie: mod } });
  const ban = await app.inject({ method: 'POST', url: '/console/api/cases/c1/actions', headers: { cookie: mod }, payload: { action: 'ban_ring', reason: 'ring confirmed' } });
  assert.deepEqual(ban.json().closedCases, ['c2']);
  const list = await app.inject({ url: '/console/api/ring-bans', headers: { cookie: mod } });
  assert.equal(list.json().bans[0].id, ban.json().banId);
  const undo = await app.inject({ method: 'POST', url: `/console/api/ring-bans/${ban.json().banId}/undo`, headers: { cookie: mod }, payload: { reason: 'mistaken link' } });
  assert.equal(undo.statusCode, 200, undo.body);
  assert.equal((await app.inject({ method: 'POST', url: `/console/api/ring-bans/${ban.json().banId}/undo`, headers: { cookie: mod }, payload: { reason: 'again please' } })).statusCode, 409);
  await app.inject({ method: 'POST', url: '/console/api/cases/c1/close', headers: { cookie: mod }, payload: { verdict: 'confirmed', reason: 'done' } });
  const after = await app.inject({ method: 'POST', url: '/console/api/cases/c1/actions', headers: { cookie: mod }, payload: { action: 'warn_recipient', reason: 'too late' } });
  assert.equal(after.statusCode, 409);
});

test('victim reports page: identifiers, hashes, app, note, language and linked ring accounts; receipt look-up and review are audited', async (t) => {
  const { app } = await setup(t);
  const made = await app.inject({
    method: 'POST',
    url: '/help/api/reports',
    payload: { language: 'hi', identifiers: [{ type: 'phone', value: '+63 917 123 4567' }], screenshots: [{ pdq: 'a'.repeat(64) }], appName: 'SoundFix', note: 'he asked for 5000 rupees' },
  });
  const receipt = made.json().receipt as string;
  await app.inject({ method: 'POST', url: '/help/api/reports/add', payload: { receipt, identifiers: [{ type: 'payment_account', value: 'gcash:09171234567' }], note: 'a second account' } });
  const inv = await signIn(app, 'inv', 'inv-password');
  const list = await app.inject({ url: '/console/api/victim-reports', headers: { cookie: inv } });
  assert.equal(list.statusCode, 200, list.body);
  const [report] = list.json().reports;
  assert.equal(list.json().total, 1);
  assert.equal(report.language, 'hi');
  assert.deepEqual(report.rings, ['R1']);
  assert.deepEqual(report.accounts, ['mule-1', 'suspect-c1']);
  assert.deepEqual(report.entries[0].identifiers, [{ type: 'phone', value: '+639171234567' }]);
  assert.deepEqual(report.entries[0].screenshots, [{ pdq: 'a'.repeat(64) }]);
  assert.deepEqual([report.entries[0].appName, report.entries[0].note], ['SoundFix', 'he asked for 5000 rupees']);
  assert.equal(report.entries[1].note, 'a second account');
  assert.ok(!JSON.stringify(report).includes(receipt.replaceAll('-', '')), 'the receipt itself is never shown');

  const lookup = await app.inject({ method: 'POST', url: '/console/api/victim-reports/lookup', headers: { cookie: inv }, payload: { receipt: receipt.toLowerCase() } });
  assert.equal(lookup.json().reports[0].id, report.id);
  assert.equal((await app.inject({ method: 'POST', url: '/console/api/victim-reports/lookup', headers: { cookie: inv }, payload: { receipt: 'AAAA-BBBB-CCCC-DDDD-EEEE' } })).statusCode, 404);
  const review = await app.inject({ method: 'POST', url: `/console/api/victim-reports/${report.id}/review`, headers: { cookie: inv }, payload: { reason: 'ring R1 already banned' } });
  assert.equal(review.statusCode, 200, review.body);
  const again = await app.inject({ url: '/console/api/victim-reports', headers: { cookie: inv } });
  assert.deepEqual([again.json().reports[0].reviewed.actor, again.json().reports[0].reviewed.reason], ['inv', 'ring R1 already banned']);
});

test('only a confirmed verdict marks the suspect as confirmed bad (one case or in bulk)', async (t) => {
  const { app, db, confirmed } = await setup(t);
  for (const id of ['v1', 'v2', 'v3']) await insertCase(db, id);
  const mod = await signIn(app, 'mod', 'mod-password');
  for (const id of ['v1', 'v2']) await app.inject({ method: 'POST', url: `/console/api/cases/${id}/claim`, headers: { cookie: mod } });
  const wrong = await app.inject({ method: 'POST', url: '/console/api/cases/v1/close', headers: { cookie: mod }, payload: { verdict: 'false_positive', reason: 'old friends' } });
  assert.equal(wrong.statusCode, 200, wrong.body);
  assert.deepEqual(confirmed, []);
  await app.inject({ method: 'POST', url: '/console/api/cases/v2/close', headers: { cookie: mod }, payload: { verdict: 'confirmed', reason: 'threat and payment demand' } });
  const bulk = await app.inject({ method: 'POST', url: '/console/api/cases/bulk', headers: { cookie: mod }, payload: { ids: ['v3'], action: 'close', verdict: 'confirmed', reason: 'same script' } });
  assert.equal(bulk.statusCode, 200, bulk.body);
  assert.deepEqual(confirmed, ['t1/suspect-v2', 't1/suspect-v3']);
});
