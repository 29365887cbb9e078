// Browser tests of the moderators' working day (issue 13): search, bulk close, ring bans that finish
// the job, rule drafts shipped and rolled back, and victim reports from /help in the console.
// Run: npm run build:web && node --test test-system/web/console-work.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { PASSWORD, startServer, type Running } from './harness.ts';

let server: Running;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;

before(async () => {
  // scammer-1 and -3 share +63 917 555 0110; scammer-2 and -4 share +63 917 555 0111.
  server = await startServer({ scams: 4, ordinary: 3 });
  chrome = await launchChromium();
  context = chrome.context;
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function signIn(username: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept(`${dialog.message().slice(0, 20)} — browser test reason`));
  await page.goto(`${server.url}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Review queue' }).waitFor();
  return page;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.close();
}

// By test id, not column position: the columns differ by user (a Tenant column for deployment-wide staff).
const shownSuspects = (page: Page) => page.locator('tr[data-case] [data-testid=suspect]').allInnerTexts();

test('search finds a case by a phone number, typed the way a victim would', async () => {
  const page = await signIn('moderator');
  await page.getByTestId('case-count').filter({ hasText: 'open cases' }).waitFor();
  await page.getByLabel('Search').fill('+63 917 555 0111');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('case-count').filter({ hasText: '1–2 of 2' }).waitFor();
  assert.deepEqual((await shownSuspects(page)).sort(), ['scammer-2', 'scammer-4']);
  await page.getByLabel('Search').fill('no such thing anywhere');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('queue-empty').filter({ hasText: 'No open case matches' }).waitFor();
  await signOut(page);
});

test("a ring on the dashboard opens the queue filtered to that ring's cases", async () => {
  const page = await signIn('moderator');
  await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
  const ringLink = page.getByRole('link', { name: /^ring_/ }).first();
  const ringId = (await ringLink.innerText()).trim();
  await ringLink.click();
  await page.getByRole('heading', { name: 'Review queue' }).waitFor();
  assert.equal(await page.getByLabel('Ring').inputValue(), ringId);
  await page.getByTestId('case-count').filter({ hasText: 'open cases' }).waitFor();
  const suspects = (await shownSuspects(page)).sort();
  // scammer-1 and -3 share one phone, scammer-2 and -4 another: a ring's cases are one pair's, never both.
  assert.ok(suspects.length > 0 && (suspects.every((s) => ['scammer-1', 'scammer-3'].includes(s)) || suspects.every((s) => ['scammer-2', 'scammer-4'].includes(s))), suspects.join(', '));
  await signOut(page);
});

test('bulk close with a reason writes one audit entry per case', async () => {
  const page = await signIn('moderator');
  await page.getByLabel('Search').fill('+63 917 555 0111');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('case-count').filter({ hasText: '1–2 of 2' }).waitFor();
  const ids = await page.locator('tr[data-case]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')!));
  for (const id of ids) await page.getByLabel(`Select case ${id}`).check();
  await page.getByLabel('Verdict').selectOption('confirmed');
  await page.getByLabel(/^Reason \(one audit entry/).fill('same phone, same script: crew confirmed');
  await page.getByRole('button', { name: 'Close selected' }).click();
  await page.getByTestId('queue-notice').filter({ hasText: '2 cases closed' }).waitFor();
  for (const id of ids) {
    const closes = (await server.console.audit.list({ caseId: id })).filter((e) => e.action === 'close_case');
    assert.deepEqual(closes.map((e) => [e.reason, e.actor]), [['same phone, same script: crew confirmed', 'moderator']]);
    assert.equal((await server.console.queue.get(id))!.status, 'closed');
  }
  await signOut(page);
});

test("banning a ring closes its members' open cases and flags an account that joins later", async () => {
  const page = await signIn('moderator');
  const row = page.locator('tr[data-case]', { hasText: 'scammer-1' }).first();
  await row.waitFor();
  const caseId = (await row.getAttribute('data-case'))!;
  const other = (await server.console.queue.list({ tenant: server.tenant })).cases.find((c) => c.suspect_account === 'scammer-3')!;
  await row.locator('a').click();
  await page.getByRole('button', { name: 'Claim case' }).click();
  await page.getByTestId('case-status').filter({ hasText: 'claimed' }).waitFor();
  await page.getByLabel('Action').selectOption('ban_ring');
  await page.getByLabel(/^Reason \(required/).fill('threats and payment demand; shared phone');
  await page.getByRole('button', { name: 'Apply action' }).click();
  // The ban is confirmed in a dialog naming the members it bans (both crew accounts that share the phone).
  const dialog = page.getByTestId('ban-dialog');
  assert.match(await dialog.innerText(), /scammer-1[\s\S]*scammer-3|scammer-3[\s\S]*scammer-1/);
  await dialog.getByRole('button', { name: 'Ban 2 accounts' }).click();
  await page.getByTestId('ring-bans').filter({ hasText: '1 other cases closed' }).waitFor();
  await page.getByTestId('suspect-ring-ban').filter({ hasText: 'threats and payment demand; shared phone' }).waitFor();
  const closed = (await server.console.queue.get(other.id))!;
  assert.deepEqual([closed.status, closed.outcome], ['closed', 'ring_banned']);
  assert.equal((await server.console.audit.list({ caseId: other.id }))[0].reason, 'threats and payment demand; shared phone');

  // A new account with the crew's phone number joins the ring after the ban and is banned on its first event
  // (the sweep then finds nobody left to flag).
  await server.cb.ingest.ingest([{ id: 'late-1', tenant: server.tenant, time: new Date().toISOString(), type: 'account.created', account: { id: 'scammer-late', display_name: 'Anna', phone: '+63 917 555 0110' } }]);
  await server.console.ringBans.settled();
  assert.deepEqual(await server.console.ringBans.sweep(), []);
  const account = await server.cb.db.selectFrom('accounts').select('status').where('id', '=', 'scammer-late').executeTakeFirstOrThrow();
  assert.equal(account.status, 'banned');
  const [joiner] = await server.console.audit.list({ limit: 1 });
  assert.deepEqual([joiner.action, joiner.actor, joiner.targetId], ['ban_ring_joiner', 'system', 'scammer-late']);

  // The closed case page offers no account action.
  await page.goto(`${server.url}/cases/${encodeURIComponent(other.id)}`);
  await page.getByTestId('case-closed').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Apply action' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Claim case' }).count(), 0);
  assert.ok(caseId);
  await signOut(page);
});

test('a rule draft is saved, backtested, deployed and rolled back', async () => {
  const original = server.cb.rules.text;
  const page = await signIn('admin');
  await page.getByRole('link', { name: 'Rules' }).click();
  const editor = page.getByLabel('Rule file (YAML)');
  await page.waitForFunction(() => (document.getElementById('rules-source') as HTMLTextAreaElement | null)?.value.includes('version: 1'));
  const draft = `${original.trimEnd()}\n\n  - id: browser-test-lure\n    description: Warn on any app lure (browser test).\n    when: { signal: { stage: app_lure } }\n    actions: [warn_recipient]\n`;
  await editor.fill(draft);
  await page.getByLabel('Draft name').fill('warn on every lure');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByTestId('rules-notice').filter({ hasText: 'saved' }).waitFor();
  await page.getByRole('button', { name: 'Show diff' }).click();
  await page.getByTestId('rules-diff').filter({ hasText: '+   - id: browser-test-lure' }).waitFor();
  await page.getByRole('button', { name: 'Backtest' }).click();
  await page.getByTestId('backtest').locator('tr[data-rule=browser-test-lure]').waitFor();
  await page.getByRole('button', { name: 'Deploy' }).click();
  await page.getByTestId('rules-notice').filter({ hasText: 'Deployed' }).waitFor();
  assert.equal(server.cb.rules.text, draft);
  await page.getByRole('button', { name: 'Roll back' }).first().click();
  await page.getByTestId('rules-notice').filter({ hasText: 'rolled back' }).waitFor();
  assert.equal(server.cb.rules.text, original);
  const actions = (await server.console.audit.list({ limit: 5 })).map((e) => e.action);
  assert.deepEqual(actions.slice(0, 2), ['rollback_rules', 'deploy_rules']);
  await signOut(page);

  // A moderator sees no Deploy button (the server would answer 403).
  const mod = await signIn('moderator');
  await mod.getByRole('link', { name: 'Rules' }).click();
  await mod.getByRole('button', { name: 'Backtest' }).waitFor();
  assert.equal(await mod.getByRole('button', { name: 'Deploy' }).count(), 0);
  await signOut(mod);
});

test('the victim-report page shows a report submitted on /help', async () => {
  const help = await context.newPage();
  await help.goto(`${server.url}/help`);
  await help.locator('#report-phone').fill('+63 917 555 0111');
  await help.locator('#report-profile').fill('telegram:anna_soundfix_2');
  await help.getByRole('button', { name: 'Send report' }).click();
  await help.getByTestId('receipt').waitFor();
  await help.close();
  const page = await signIn('investigator');
  await page.getByRole('link', { name: 'Victim reports' }).click();
  const report = page.locator('article.report').first();
  await report.filter({ hasText: '+639175550111' }).waitFor();
  assert.match(await report.innerText(), /telegram:anna_soundfix_2/);
  assert.match(await report.innerText(), /Linked to/);
  await signOut(page);
});
