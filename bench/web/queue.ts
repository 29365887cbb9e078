// The working queue at 100,000 open cases: server-side paging, search, sort, filters and grouping,
// timed through the console API (in-process HTTP) and in Debian's Chromium (sign-in to first page,
// next page, search). Run: npm run build:web && npx node bench/web/queue.ts
import { cpus, loadavg, totalmem } from 'node:os';
import { launchChromium } from '../../test-system/web/browser.ts';
import { PASSWORD, startServer } from '../../test-system/web/harness.ts';

const OPEN_CASES = 100_000;
const server = await startServer({ scams: 2, ordinary: 0 });
const tenant = server.tenant;
const now = Date.now();
const STAGES = ['first_contact', 'escalation', 'offplatform', 'app_lure', 'threat', 'payment'];
const seedStart = Date.now();
for (let i = 0; i < OPEN_CASES; i += 500) {
  const rows = Array.from({ length: Math.min(500, OPEN_CASES - i) }, (_, k) => {
    const n = i + k;
    return {
      id: `bench-case-${String(n).padStart(6, '0')}`,
      tenant,
      conversation_id: `bench-conv-${n}`,
      suspect_account: `bench-suspect-${n % 20_000}`,
      victim_account: `bench-victim-${n}`,
      status: 'open',
      queue: ['urgent', 'app-lure', 'rings', 'early-warning'][n % 4],
      priority: n % 6,
      claimed_by: null,
      claimed_at: null,
      stage_max: STAGES[n % 6],
      created_at: now - n * 1_000,
      updated_at: now,
      outcome: null,
    };
  });
  await server.cb.db.insertInto('cases').values(rows).execute();
}
for (let i = 0; i < 20_000; i += 500) {
  const rows = Array.from({ length: 500 }, (_, k) => ({ tenant, id: `bench-suspect-${i + k}`, first_seen: now, last_seen: now, risk: ((i + k) % 100) / 100, status: 'active', state: '{}' }));
  await server.cb.db.insertInto('accounts').values(rows).execute();
}
await server.cb.db.insertInto('rings_links' as never).values({ tenant, account: 'bench-suspect-4242', type: 'phone', value: '+639175554242', strength: 'strong', first_seen: now, last_seen: now } as never).execute();
const seedMs = Date.now() - seedStart;

const login = await server.app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'moderator', password: PASSWORD } });
const cookie = String(login.headers['set-cookie']).split(';')[0];
const api: [string, string][] = [
  ['first page (priority)', '/console/api/cases?limit=50'],
  ['page 1,000 (offset 49,950)', '/console/api/cases?limit=50&offset=49950'],
  ['sort by suspect risk', '/console/api/cases?limit=50&sort=risk'],
  ['sort by SLA due', '/console/api/cases?limit=50&sort=sla'],
  ['sort by furthest stage', '/console/api/cases?limit=50&sort=stage'],
  ['filter stage=threat, queue=urgent', '/console/api/cases?limit=50&stage=threat&queue=urgent'],
  ['search an account id', '/console/api/cases?limit=50&q=bench-suspect-4242'],
  ['search a phone number (identifier)', `/console/api/cases?limit=50&q=${encodeURIComponent('+63 917 555 4242')}`],
  ['group by suspect (20,000 groups)', '/console/api/case-groups?limit=50&by=suspect'],
];
const results: { what: string; median: number; max: number; total: number }[] = [];
for (const [what, url] of api) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await server.app.inject({ url, headers: { cookie } });
    times.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    total = r.json().total;
  }
  times.sort((a, b) => a - b);
  results.push({ what, median: times[2], max: times[4], total });
}

const chrome = await launchChromium();
const page = await chrome.context.newPage();
await page.goto(`${server.url}/`);
await page.getByLabel('User name').fill('moderator');
await page.getByLabel('Password').fill(PASSWORD);
const t0 = Date.now();
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByTestId('case-count').filter({ hasText: `of ${OPEN_CASES + 2} open cases` }).waitFor({ timeout: 120_000 });
const readyMs = Date.now() - t0;
const domRows = await page.locator('tr[data-case]').count();
const t1 = Date.now();
await page.getByRole('button', { name: 'Next page' }).click();
await page.getByTestId('case-count').filter({ hasText: '51–100 of' }).waitFor();
const nextMs = Date.now() - t1;
const t2 = Date.now();
await page.getByLabel('Search').fill('+63 917 555 4242');
await page.getByRole('button', { name: 'Search', exact: true }).click();
await page.getByTestId('case-count').filter({ hasText: 'of 5 open cases' }).waitFor();
const searchMs = Date.now() - t2;
await chrome.close();
await server.stop();

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${new Date().toISOString()}`);
console.log(`seeded ${OPEN_CASES} open cases + 20,000 suspects in ${seedMs} ms`);
console.log('| API call (in-process HTTP, 5 runs) | median | max | total matched |\n|---|---|---|---|');
for (const r of results) console.log(`| ${r.what} | ${r.median.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.total} |`);
console.log(`| browser: sign-in to first page shown | ${readyMs} ms (${domRows} rows in the DOM) | | |`);
console.log(`| browser: next page | ${nextMs} ms | | |`);
console.log(`| browser: search a phone number | ${searchMs} ms | | |`);
