// Captures the main pages for docs/screenshots (README and docs/console.md) from a demo server.
// Run: npm run build:web && npx node test-system/web/screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/app.ts';
import { launchChromium } from './browser.ts';
import { PASSWORD, startServer } from './harness.ts';

const out = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer({ scams: 4, ordinary: 6 });
const chrome = await launchChromium();
try {
  const page = await chrome.context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('User name').fill('moderator');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('case-count').filter({ hasText: 'open cases' }).waitFor();
  await page.screenshot({ path: join(out, 'console-queue.png') });

  await page.locator('tr[data-case]', { hasText: 'scammer-1' }).first().locator('a').click();
  await page.getByRole('button', { name: 'Claim case' }).click();
  await page.getByTestId('case-status').filter({ hasText: 'claimed' }).waitFor();
  await page.getByLabel('Action').selectOption('ban_ring');
  await page.getByLabel(/^Reason \(required/).fill('Threat and payment demand; shared phone with the crew');
  await page.getByRole('button', { name: 'Apply action' }).click();
  await page.getByTestId('ban-dialog').waitFor();
  await page.screenshot({ path: join(out, 'console-ban-dialog.png') });
  await page.getByTestId('ban-dialog').getByRole('button', { name: /^Ban \d+ accounts?$/ }).click();
  await page.locator('[data-testid=audit-table] tr[data-action=ban_ring]').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'console-case.png'), fullPage: true });

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByTestId('interception').waitFor();
  await page.screenshot({ path: join(out, 'console-dashboard.png') });

  await page.getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'Preview in shadow mode' }).click();
  await page.getByText(/Shadow preview against/).waitFor();
  await page.screenshot({ path: join(out, 'console-rules.png'), fullPage: true });

  const help = await chrome.context.newPage();
  await help.goto(`${server.url}/help`);
  await help.getByRole('heading', { level: 1 }).waitFor();
  await help.screenshot({ path: join(out, 'help-triage.png') });
  for (const reply of ['Yes', 'No', 'Yes', 'No']) await help.getByRole('button', { name: reply, exact: true }).click();
  await help.locator('[data-advice]').first().waitFor();
  await help.screenshot({ path: join(out, 'help-guidance.png'), fullPage: true });
  await help.getByLabel('Language').selectOption('tl');
  await help.screenshot({ path: join(out, 'help-guidance-tl.png') });
  console.log(`screenshots written to ${out}`);
} finally {
  await chrome.close();
  await server.stop();
}
