// Console responsiveness at scale, measured in Debian's Chromium: a queue of 10,000 open cases
// (virtualised list) and a case whose ring graph has about 5,000 nodes (cytoscape).
// Run: npm run build:web && npx node bench/web/render.ts
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/app.ts';
import { graphElements, layoutFor, type ApiRingGraph } from '../../web/src/lib/graph-model.ts';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test-system/web/browser.ts';
import { PASSWORD, startServer } from '../../test-system/web/harness.ts';

const OPEN_CASES = 10_000;
const RING_ACCOUNTS = 2_500; // accounts plus the payment accounts chaining them: 2 × 2,500 + 1 nodes

const server = await startServer({ scams: 1, ordinary: 0 });
const tenant = server.tenant;
const now = Date.now();
const rows = Array.from({ length: OPEN_CASES }, (_, i) => ({
  id: `bench-case-${String(i).padStart(5, '0')}`,
  tenant,
  conversation_id: `bench-conv-${i}`,
  suspect_account: i === 0 ? 'ring-acc-0' : `bench-suspect-${i}`,
  victim_account: `bench-victim-${i}`,
  status: 'open',
  queue: ['urgent', 'app-lure', 'default'][i % 3],
  priority: i === 0 ? 0 : 1 + (i % 5),
  claimed_by: null,
  claimed_at: null,
  stage_max: ['offplatform', 'app_lure', 'threat', 'payment'][i % 4],
  created_at: now - i * 1000,
  updated_at: now,
  outcome: null,
}));
for (let i = 0; i < rows.length; i += 500) await server.cb.db.insertInto('cases').values(rows.slice(i, i + 500)).execute();

// A chain of accounts, each sharing a payment account with the next: one ring of about 5,000 nodes.
for (let i = 0; i < RING_ACCOUNTS; i++) {
  server.ringService.observe({
    tenant,
    account: `ring-acc-${i}`,
    eventId: `bench-${i}`,
    time: now,
    identifiers: [
      { type: 'payment_account', value: `gcash:mule-${i}`, source: 'bench' },
      { type: 'payment_account', value: `gcash:mule-${i + 1}`, source: 'bench' },
    ],
  });
}
const ringId = await server.console.rings!.ringIdForAccount(tenant, 'ring-acc-0');
const graph = await server.console.rings!.graph(tenant, ringId!);

const chrome = await launchChromium();
const page = await chrome.context.newPage();
await page.goto(`${server.url}/`);
await page.getByLabel('User name').fill('moderator');
await page.getByLabel('Password').fill(PASSWORD);

const queueStart = Date.now();
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByTestId('case-count').filter({ hasText: `of ${OPEN_CASES + 1} open cases` }).waitFor({ timeout: 120_000 });
const queueReadyMs = Date.now() - queueStart;
const domRows = await page.locator('.case-scroll .case-row').count();
const scroll = await scrollFrames(page);

const naive = await page.evaluate((count) => {
  const started = performance.now();
  const host = document.createElement('div');
  for (let i = 0; i < count; i++) {
    const row = document.createElement('div');
    row.className = 'case-row';
    for (const text of [`bench-case-${i}`, 'urgent', 'threat', '1', `bench-suspect-${i}`, '']) {
      const cell = document.createElement('span');
      cell.textContent = text;
      row.appendChild(cell);
    }
    host.appendChild(row);
  }
  document.body.appendChild(host);
  void host.offsetHeight;
  const ms = performance.now() - started;
  host.remove();
  return ms;
}, OPEN_CASES + 1);

const caseStart = Date.now();
await page.goto(`${server.url}/cases/bench-case-00000`);
await page.getByRole('button', { name: 'Claim case' }).waitFor();
const caseInteractiveMs = Date.now() - caseStart;
const drawStart = Date.now();
await page.getByRole('button', { name: /Draw the ring/ }).click();
await page.waitForFunction(() => (window as unknown as { __ringRenderedMs?: number }).__ringRenderedMs !== undefined, undefined, { timeout: 300_000 });
const ringDrawnMs = Date.now() - drawStart;
const ringRenderMs = await page.evaluate(() => (window as unknown as { __ringRenderedMs: number }).__ringRenderedMs);
// Let cytoscape finish its first paints, then time zoom steps (two painted frames each).
await page.waitForTimeout(2_000);
const canvas = page.getByTestId('ring-canvas');
const box = (await canvas.boundingBox())!;
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
const zoomFrames: number[] = [];
for (let i = 0; i < 6; i++) {
  const t0 = Date.now();
  await page.mouse.wheel(0, i % 2 ? 300 : -300);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  zoomFrames.push(Date.now() - t0);
}

// Peer: bare cytoscape on a blank page with the same elements, layout and options, no React, no app.
const peer = await chrome.context.newPage();
await peer.setContent('<div id="c" style="width:900px;height:480px"></div>');
await peer.addScriptTag({ path: join(REPO_ROOT, 'node_modules', 'cytoscape', 'dist', 'cytoscape.min.js') });
const { elements } = graphElements(graph as ApiRingGraph);
const peerDrawnMs = await peer.evaluate(async ({ elements, layout }) => {
  const started = performance.now();
  const cy = (window as unknown as { cytoscape: (o: object) => unknown }).cytoscape({
    container: document.getElementById('c'),
    elements,
    layout,
    style: [{ selector: 'node', style: { width: 14, height: 14 } }, { selector: 'edge', style: { width: 1.5, 'curve-style': 'haystack' } }],
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    pixelRatio: 1,
  });
  (window as unknown as { cy: unknown }).cy = cy;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - started;
}, { elements, layout: layoutFor(graph!.nodes.length) });
await peer.waitForTimeout(2_000);
await peer.mouse.move(450, 240);
const peerZoom: number[] = [];
for (let i = 0; i < 6; i++) {
  const t0 = Date.now();
  await peer.mouse.wheel(0, i % 2 ? 300 : -300);
  await peer.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  peerZoom.push(Date.now() - t0);
}

await chrome.close();
await server.stop();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify(
    {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), loadAverage1m: +loadavg()[0].toFixed(1) },
      queue: { openCases: OPEN_CASES + 1, readyMs: queueReadyMs, domRows, scrollFrameMedianMs: median(scroll), scrollFrameMaxMs: Math.max(...scroll), naiveFullRenderMs: Math.round(naive) },
      ring: { nodes: graph!.nodes.length, edges: graph!.edges.length, caseInteractiveMs, drawClickToDrawnMs: ringDrawnMs, cytoscapeRenderMs: Math.round(ringRenderMs), zoomFrameMedianMs: median(zoomFrames), zoomFrameMaxMs: Math.max(...zoomFrames) },
      peerBareCytoscape: { drawnMs: Math.round(peerDrawnMs), zoomFrameMedianMs: median(peerZoom), zoomFrameMaxMs: Math.max(...peerZoom) },
    },
    null,
    2,
  ),
);

/** Scrolls the case list to 12 positions and times each until two frames have been painted. */
async function scrollFrames(p: Page): Promise<number[]> {
  const times: number[] = [];
  for (let i = 1; i <= 12; i++) {
    const t = await p.evaluate(async (fraction) => {
      const el = document.querySelector('[data-testid=case-scroll]') as HTMLElement;
      const started = performance.now();
      el.scrollTop = el.scrollHeight * fraction;
      el.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - started;
    }, i / 13);
    times.push(Math.round(t * 10) / 10);
  }
  return times;
}
