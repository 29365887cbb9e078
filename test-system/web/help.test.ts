// The victims' help page in Debian's Chromium: accessibility (axe-core, injected), quick exit, hashing with
// progress and local thumbnails, translated errors, and a report that reaches the store.
// Run: npm run build:web && node --test test-system/web/help.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { REPO_ROOT } from '../../src/app.ts';
import { REPORT_TIME_GRANULARITY_MS } from '../../src/modules/console/victim-reports.ts';
import { MESSAGES } from '../../web/src/lib/i18n.ts';
import { launchChromium } from './browser.ts';
import { startServer, type Running } from './harness.ts';

let server: Running;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
const NEUTRAL = 'https://www.google.com/';

before(async () => {
  server = await startServer({ scams: 1, ordinary: 2 });
  chrome = await launchChromium();
  context = chrome.context;
  // The neutral site is answered locally: the test never leaves the machine.
  await context.route(`${NEUTRAL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Search</title><p>neutral</p>' }));
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const AXE = readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core evaluated in the page (the CSP forbids injected script tags, not the debugging protocol). */
async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function openHelp(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/help`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('[data-testid=hotlines-everywhere]').waitFor();
  return page;
}

async function picture(width: number, height: number, seed: number): Promise<Buffer> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = ((x + seed * 37) * 255) / width;
      data[i + 1] = ((y * (seed + 1)) % height) * (255 / height);
      data[i + 2] = ((x ^ (y + seed)) & 32) ? 210 : 30;
    }
  }
  return sharp(Buffer.from(data), { raw: { width, height, channels: 3 } }).png().toBuffer();
}

test('the help page has no serious or critical axe violations, in English and in Hindi, with hotlines for the country', async () => {
  const page = await openHelp();
  assert.deepEqual(await seriousViolations(page), [], 'English page');
  // The browser says en-US: the United States lines are shown first, then the ones that help everywhere.
  assert.equal(await page.getByLabel('Country', { exact: true }).inputValue(), 'US');
  await page.locator('[data-testid=hotlines-local] [data-hotline=us-cybertipline]').waitFor();
  assert.ok(await page.locator('[data-testid=hotlines-everywhere] [data-hotline=stopncii]').isVisible());
  assert.equal(await page.locator('a.hotline-phone', { hasText: '112' }).first().getAttribute('href'), 'tel:112');
  await page.getByLabel('Country', { exact: true }).selectOption('IN');
  await page.locator('[data-hotline=in-cybercrime]').filter({ hasText: '1930' }).waitFor();

  await page.getByLabel('Language').selectOption('hi');
  await page.getByRole('heading', { level: 1, name: MESSAGES.hi.title }).waitFor();
  const hindiLines = await page.locator('[data-testid=hotlines-local]').innerText();
  assert.ok(hindiLines.includes(MESSAGES.hi.hotline_kind_emergency), 'hotline kinds are in Hindi');
  assert.ok(await page.getByRole('button', { name: MESSAGES.hi.quick_exit }).isVisible(), 'quick exit in Hindi');
  assert.ok(await page.getByRole('heading', { name: MESSAGES.hi.ai_title }).isVisible(), 'AI-made image guidance in Hindi');
  assert.deepEqual(await seriousViolations(page), [], 'Hindi page');
  await page.close();
});

test('quick exit leaves for the neutral site and Back does not return to the help page; Escape does the same', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/help`);
  await page.getByRole('button', { name: 'Leave this site now' }).click();
  await page.waitForURL(NEUTRAL);
  assert.equal(await page.locator('p').innerText(), 'neutral');
  await page.goBack();
  assert.ok(!page.url().includes('/help'), `Back went to ${page.url()}`);

  await page.goto(`${server.url}/help`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('#report-note').fill('typing something');
  await page.keyboard.press('Escape');
  await page.waitForURL(NEUTRAL);
  await page.goBack();
  assert.ok(!page.url().includes('/help'), `Back went to ${page.url()}`);
  await page.close();
});

test('hashing shows progress and local thumbnails, a picture can be removed, and only hashes are sent', async () => {
  const page = await openHelp();
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  // Every text the progress line shows is recorded as it appears, however fast the hashing is.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=hash-files-progress]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const [first, second] = await Promise.all([picture(1200, 900, 1), picture(1000, 800, 2)]);
  await page.locator('#hash-files').setInputFiles([
    { name: 'first.png', mimeType: 'image/png', buffer: first },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') },
    { name: 'second.png', mimeType: 'image/png', buffer: second },
  ]);
  await page.getByRole('button', { name: 'Send fingerprints' }).waitFor();
  await page.locator('#hash-files').and(page.locator(':enabled')).waitFor();
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  assert.ok(seen.includes('Fingerprinting image 1 of 3…'), `progress shown: ${seen.join(' | ')}`);
  assert.ok(seen.some((s) => /of 3/.test(s) && !s.includes('1 of 3')), `progress advanced: ${seen.join(' | ')}`);

  const thumbs = page.locator('#hash-title ~ .image-picker img.thumb');
  assert.equal(await thumbs.count(), 2, 'a thumbnail for each picture, none for the text file');
  for (const src of await thumbs.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src))) assert.match(src, /^blob:/);
  assert.ok(await page.getByText(MESSAGES.en.hash_error).first().isVisible(), 'the text file is marked as unreadable');
  assert.ok(await page.getByAltText('Preview of first.png, only on this device').isVisible());

  assert.deepEqual(await seriousViolations(page), [], 'page with thumbnails and remove buttons');

  await page.getByRole('button', { name: 'Remove first.png' }).click();
  assert.equal(await thumbs.count(), 1);
  const sending = page.waitForRequest((r) => r.url().endsWith('/help/api/hashes'));
  await page.getByRole('button', { name: 'Send fingerprints' }).click();
  const body = JSON.parse((await sending).postData() ?? '{}') as { hashes: { pdq: string }[] };
  assert.equal(body.hashes.length, 1, 'the removed picture is not sent');
  assert.equal(body.hashes[0].pdq, await page.locator('code.hash').getAttribute('data-pdq'));
  await page.getByText(MESSAGES.en.hash_sent).waitFor();
  for (const r of requests) {
    // Thumbnails are blob: URLs of this origin, read from the browser's memory.
    assert.ok(r.url().startsWith(server.url) || r.url().startsWith(`blob:${server.url}/`), `no third-party request: ${r.url()}`);
    const data = r.postDataBuffer();
    if (data) assert.ok(data.length < 4_096 && !data.includes(second.subarray(300, 360)), `${r.url()} carried no picture`);
  }
  await page.close();
});

test('a report sent on /help is stored with an hour-rounded time; errors on the Hindi page are in Hindi', async () => {
  const page = await openHelp();
  await page.locator('#report-phone').fill('+63 917 555 0199');
  await page.locator('#report-note').fill('he sent soundfix.apk');
  await page.getByRole('button', { name: 'Send report' }).click();
  const receipt = (await page.getByTestId('receipt').innerText()).trim();
  const status = await server.console.reports.status(receipt);
  assert.ok(status, 'the receipt finds the stored report');
  assert.equal(status.entries, 1);
  assert.equal(status.createdAt % REPORT_TIME_GRANULARITY_MS, 0, 'stored time is rounded to the hour');
  const entries = await server.cb.db.selectFrom('victim_report_entries' as never).selectAll().execute();
  assert.ok(JSON.stringify(entries).includes('+639175550199'), 'the phone number is stored normalised');
  await page.close();

  const hindi = await openHelp();
  await hindi.getByLabel('Language').selectOption('hi');
  await hindi.getByRole('button', { name: MESSAGES.hi.report_submit }).click();
  await hindi.getByRole('alert').filter({ hasText: MESSAGES.hi.err_empty_report }).waitFor();
  await hindi.locator('#report-phone').fill('not a number');
  await hindi.getByRole('button', { name: MESSAGES.hi.report_submit }).click();
  await hindi.getByTestId('receipt').waitFor();
  const outcome = await hindi.locator('.receipt').innerText();
  assert.ok(outcome.includes(MESSAGES.hi.rej_phone), 'the unreadable phone is explained in Hindi');
  assert.ok(!/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/.test(outcome.replace('not a number', '')), `no English sentence: ${outcome}`);
  await hindi.close();
});
