// End-to-end: a real server with demo traffic, driven in Debian's Chromium.
// Run: npm run build:web && node --test test-system/web/e2e.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { REPO_ROOT } from '../../src/app.ts';
import { STAGES, type Stage } from '../../src/core/signals.ts';
import { hashImageBytes } from '../../src/modules/pdq/decode.ts';
import { launchChromium } from './browser.ts';
import { PASSWORD, startServer, type Running } from './harness.ts';

let server: Running;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;

before(async () => {
  server = await startServer({ scams: 3, ordinary: 5 });
  chrome = await launchChromium();
  context = chrome.context;
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const AXE = readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core in the page (evaluated through the debugging protocol: the CSP forbids injected scripts). */
async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function signIn(page: Page, username: string) {
  await page.goto(`${server.url}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Review queue' }).waitFor();
}

test('moderator signs in, claims a demo case, reads its stages, bans the ring and sees the audit entry', async () => {
  const page = await context.newPage();
  await signIn(page, 'moderator');
  await page.getByTestId('case-count').filter({ hasText: 'open cases' }).waitFor();
  // Test users are deployment-wide staff (no tenant): every row names its tenant.
  assert.equal(await page.locator('tr[data-case] td').filter({ hasText: server.tenant }).count() > 0, true, 'tenant column');
  // scammer-1 shares a phone number with scammer-3 in the demo traffic, so its case has a ring.
  const caseRow = page.locator('tr[data-case]', { hasText: 'scammer-1' }).first();
  const caseId = (await caseRow.getAttribute('data-case'))!;
  await caseRow.locator('a').click();
  await page.getByRole('heading', { name: new RegExp(`Case ${caseId}`) }).waitFor();

  await page.getByRole('button', { name: 'Claim case' }).click();
  await page.getByTestId('case-status').filter({ hasText: 'claimed' }).waitFor();
  assert.deepEqual(await seriousA11yViolations(page), [], 'case page accessibility');

  // The kill chain in order, and the exact triggering words marked in the conversation.
  const stages = await page.locator('[data-testid=stage-timeline] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-stage')));
  // The scripted chat shows every attack stage, each once on the timeline.
  for (const stage of ['first_contact', 'offplatform', 'app_lure', 'threat', 'payment']) assert.ok(stages.includes(stage), `${stage} in ${stages.join(', ')}`);
  assert.equal(new Set(stages).size, stages.length);
  assert.ok(stages.every((s) => STAGES.includes(s as Stage)));
  // Each stage names whose words reached it: the scripted threat is the suspect's own.
  assert.match(await page.locator('[data-testid=stage-timeline] li[data-stage=threat] [data-testid=stage-by]').innerText(), /^by the suspect$/);
  // Whatever the text detector marks must be words of a message that makes the act: the threat stage shows at the
  // first message below, and "pay … or I post it" is a threat too (pay-or-spread), so its words may be marked.
  const threatMessages = ['I have your video. I will send the video to your family and friends', 'pay 500 usd by gcash now or I post it'];
  const lureMessage = 'my audio is not working, install this app to fix the sound: soundfix.apk';
  const markedWords = (stage: string) => page.locator(`mark.stage-${stage}`).evaluateAll((marks) => marks.map((m) => m.firstChild?.textContent ?? ''));
  const threatWords = await markedWords('threat');
  const lureWords = await markedWords('app_lure');
  assert.ok(threatWords.length > 0 && lureWords.length > 0, 'threat and app-lure words are marked');
  for (const w of threatWords) assert.ok(threatMessages.some((m) => m.includes(w)), `threat mark "${w}"`);
  for (const w of lureWords) assert.ok(lureMessage.includes(w), `lure mark "${w}"`);

  // A second moderator cannot take the case while it is claimed.
  const other = await server.app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'moderator2', password: PASSWORD } });
  const otherCookie = String(other.headers['set-cookie']).split(';')[0];
  const steal = await server.app.inject({ method: 'POST', url: `/console/api/cases/${caseId}/claim`, headers: { cookie: otherCookie } });
  assert.equal(steal.statusCode, 409);

  await page.getByLabel('Action').selectOption('ban_ring');
  await page.getByLabel(/^Reason \(required/).fill('Threat and payment demand; ring confirmed');
  await page.getByRole('button', { name: 'Apply action' }).click();
  await page.getByTestId('ban-dialog').getByRole('button', { name: /^Ban \d+ accounts?$/ }).click();
  await page.getByTestId('case-message').filter({ hasText: 'Ring banned.' }).waitFor();
  const row = page.locator('[data-testid=audit-table] tr[data-action=ban_ring]');
  await row.waitFor();
  assert.match(await row.innerText(), /moderator \(moderator\)[\s\S]*Threat and payment demand; ring confirmed/);

  // The audit page lists it too, and the chain verifies.
  const audit = await server.console.audit.list({ caseId });
  assert.equal(audit[0].action, 'ban_ring');
  // The demo's first two scammers share a phone number: banning the ring takes both.
  const details = audit[0].details as { accounts: string[]; ringId: string | null };
  assert.match(String(details.ringId), /^ring_/);
  assert.ok(details.accounts.length >= 2, `ring accounts banned: ${details.accounts.join(', ')}`);
  await page.getByTestId('ring-canvas').waitFor();
  assert.deepEqual(await server.console.audit.verify(), { ok: true, entries: (await server.console.audit.list({ limit: 1000 })).length });
  await page.close();
});

test('victim page: keyboard triage, accessible (axe), hashes an image locally and sends only the hash', async () => {
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await page.goto(`${server.url}/help`);
  await page.getByRole('heading', { level: 1 }).waitFor();

  assert.deepEqual(await seriousA11yViolations(page), [], 'help page accessibility');

  // Keyboard only: skip link first, then answer the questions with Tab and Enter.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  for (const reply of ['Yes', 'No', 'Yes', 'No']) {
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === reply);
    await page.keyboard.press('Enter');
  }
  const advice = await page.locator('[data-advice]').evaluateAll((items) => items.map((li) => li.getAttribute('data-advice')));
  assert.deepEqual(advice.slice(0, 2), ['a_calm', 'a_dont_pay']);
  assert.ok(advice.includes('a_app'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'triage-title', 'focus follows the guidance');

  // A synthetic test picture (gradients, no person). Its PDQ computed in Node must equal the browser's.
  const image = await sharp(Buffer.from(syntheticRgb(320, 240)), { raw: { width: 320, height: 240, channels: 3 } }).png().toBuffer();
  const expected = await hashImageBytes(new Uint8Array(image));
  await page.locator('#hash-files').setInputFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: image });
  await page.locator('code.hash').waitFor();
  const sending = page.waitForRequest((r) => r.url().endsWith('/help/api/hashes') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Send fingerprints' }).click();
  const sent = await sending;
  const body = JSON.parse(sent.postData() ?? '{}') as { hashes: { pdq: string; md5: string }[] };
  assert.equal(body.hashes.length, 1);
  assert.equal(body.hashes[0].pdq, expected.hash);
  assert.match(body.hashes[0].md5, /^[0-9a-f]{32}$/);
  await page.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
  const banked = await server.cb.services.banks!.lookup(expected.hash, 0, { banks: ['victim_submitted'] });
  assert.equal(banked.length, 1, 'the hash is in the victim_submitted bank');

  // No request carried the picture: every body is small and holds neither the bytes nor their base64.
  const b64 = image.toString('base64').slice(100, 160);
  for (const r of requests) {
    const data = r.postDataBuffer();
    if (!data) continue;
    assert.ok(data.length < 4_096, `${r.url()} sent ${data.length} bytes`);
    assert.ok(!data.includes(image.subarray(200, 260)) && !data.toString('latin1').includes(b64), `${r.url()} carried image bytes`);
  }
  // Thumbnails are blob: URLs of this origin: read from the browser's memory, never from the network.
  const offSite = requests.map((r) => r.url()).filter((u) => !u.startsWith(server.url) && !u.startsWith(`blob:${server.url}/`));
  assert.deepEqual(offSite, [], 'no third-party requests');
  // The moderator signed in earlier in this browser; the help page still sends no cookie at all.
  for (const r of requests) assert.equal((await r.allHeaders()).cookie, undefined, `${r.url()} sent a cookie`);
  await page.close();
});

test('victim page: an anonymous report returns a receipt and links to the crew', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/help`);
  await page.locator('#report-phone').fill('+63 917 555 0110');
  await page.locator('#report-profile').fill('telegram:anna_soundfix');
  await page.getByRole('button', { name: 'Send report' }).click();
  const receipt = (await page.getByTestId('receipt').innerText()).trim();
  assert.match(receipt, /^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
  const stored = JSON.stringify(await server.cb.db.selectFrom('victim_reports' as never).selectAll().execute());
  assert.ok(!stored.includes('127.0.0.1') && !stored.includes('HeadlessChrome'), 'no address or user agent stored');
  // The phone number is the one the demo crew's accounts share, so the report joins their ring.
  await page.getByTestId('linked').waitFor();
  const status = await server.console.reports.status(receipt);
  assert.equal(status?.rings.length, 1);
  assert.match(status!.rings[0], /^ring_/);
  await page.close();
});

/** Presses Tab until the focused element matches, as a keyboard user would; fails after 30 presses. */
async function tabTo(page: Page, wanted: (el: { tag: string; text: string }) => boolean): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', text: (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '' }));
    if (wanted(el)) return;
  }
  assert.fail('the control was not reachable with the Tab key');
}

function syntheticRgb(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x ^ y) & 32) ? 200 : 40;
    }
  }
  return data;
}

