// The demo reaches a steady state (issue 13): its simulated platform, run at a high speed-up, keeps the open
// queue bounded and roughly flat, with no self-victim case, no case a first hello opened alone, no open case
// whose text was removed, no ring held together by a platform-generic domain, and every ring one crew.
// Run: node --test test-system/web/demo-steady.test.ts   (CHAINBREAK_DEMO_STEADY_SECONDS, default 150)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureDemo } from './demo-measure.ts';

const SECONDS = Number(process.env.CHAINBREAK_DEMO_STEADY_SECONDS ?? 150);
// Ten times the demo's default: 150 s here stand for about 25 minutes of `npm run demo` (10 simulated days
// at nominal speed), with cases closed after the same 48 quiet simulated hours.
const SPEED = 6000;

test('the demo traffic keeps the open queue bounded and flat, with only real attack cases', { timeout: (SECONDS + 120) * 1000 }, async (t) => {
  const samples = await measureDemo({ speed: SPEED, seconds: SECONDS, sampleEverySeconds: 10 });
  const line = samples.map((s) => `${Math.round(s.seconds)}s:${s.open}`).join(' ');
  t.diagnostic(`open cases over time: ${line}; largest ring ${Math.max(...samples.map((s) => s.largestRing))} accounts; ${samples.at(-1)?.events} events`);
  for (const s of samples) {
    assert.equal(s.selfVictim, 0, `self-victim cases at ${s.seconds} s`);
    assert.equal(s.firstContactOnly, 0, `cases opened by a first hello alone at ${s.seconds} s`);
    assert.equal(s.removedText, 0, `open cases with removed text at ${s.seconds} s`);
    assert.equal(s.genericLinks, 0, `ring links through a platform-generic identifier at ${s.seconds} s`);
    assert.ok(s.open < 100, `open cases ${line}`);
    // A simulated crew has 3 to 5 profiles; a bigger ring means two crews (or strangers) were merged.
    assert.ok(s.largestRing <= 5, `a ring of ${s.largestRing} accounts at ${s.seconds} s`);
  }
  // Flat: the last third of the run holds no more open cases than the middle third, give or take a batch.
  const third = Math.floor(samples.length / 3);
  const mean = (xs: { open: number }[]) => xs.reduce((n, s) => n + s.open, 0) / xs.length;
  const middle = mean(samples.slice(third, 2 * third));
  const last = mean(samples.slice(2 * third));
  assert.ok(last <= middle * 1.5 + 5, `open cases keep growing: middle third ${middle.toFixed(1)}, last third ${last.toFixed(1)} (${line})`);
  assert.ok(samples.at(-1)!.events > samples[0].events, 'traffic kept flowing');
});
