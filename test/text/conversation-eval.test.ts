// The conversation evaluation: conversations built from real lines go through the ingest service and
// are scored per conversation; the builder is deterministic, and the report never prints a line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { buildTraffic } from '../../tools/text/conversation-build.ts';
import { formatConversationReport, missedTargets, runConversationEval } from '../../tools/text/conversation-eval.ts';
import { loadLinePools } from '../../tools/text/conversation-lines.ts';

test('the builder is deterministic and puts the chain in order, with the lure and the threat marked', () => {
  const pools = loadLinePools('dev', { ham: false });
  pools.ordinary.push({ text: 'see you at the station at six', lang: 'en', labels: [], source: 'test', family: 'test' });
  const a = buildTraffic(pools, { seed: 7, scam: 10, ordinary: 5 });
  const b = buildTraffic(pools, { seed: 7, scam: 10, ordinary: 5 });
  assert.deepEqual(a.events, b.events);
  assert.equal(a.conversations.filter((c) => c.kind === 'scam').length, 10);
  const times = a.events.map((e) => Date.parse(e.time));
  assert.deepEqual(times, [...times].sort((x, y) => x - y), 'events are sent in time order');
  const order = new Map(a.events.map((e, i) => [e.id, i]));
  for (const c of a.conversations.filter((c) => c.kind === 'scam')) {
    assert.ok(c.threatEvent, 'every scam conversation reaches a threat');
    if (c.lureEvent) assert.ok(order.get(c.lureEvent)! < order.get(c.threatEvent!)!, 'the lure comes before the threat');
  }
});

test('oracle acts: the chain warns before the app and opens a case by the threat; the report prints no line', async () => {
  const report = await runConversationEval({ split: 'dev', acts: 'oracle', seed: 3, scam: 12, ordinary: 30 });
  assert.equal(report.caseByThreat.total, 12);
  assert.equal(report.ordinaryIntervened.total, 30);
  assert.ok(report.warnedBeforeApp.total > 0);
  assert.equal(report.warnedBeforeApp.hits, report.warnedBeforeApp.total);
  assert.ok(report.caseByThreat.hits >= 11, `case by threat ${report.caseByThreat.hits}/12`);
  assert.equal(report.ordinaryIntervened.hits, 0);
  // 12 conversations are too few for the 95% case target (one miss is 91.7%); line 32 holds that one.
  assert.deepEqual(missedTargets(report).filter((m) => !m.startsWith('case by the threat')), []);
  const printed = formatConversationReport(report);
  assert.match(printed, /warned before the app\s+\d/);
  const lines = loadLinePools('test', { ham: false });
  const texts = [...Object.values(lines.scam).flat(), ...lines.scamChatter, ...lines.victim, ...lines.ordinary].map((l) => l.text).filter((t) => t.length >= 12);
  for (const text of texts) assert.ok(!printed.includes(text), 'a corpus line was printed');
});

test('the command refuses bad flags with a clear message and exit code 2', () => {
  const result = spawnSync(process.execPath, ['src/adapters/cli/main.ts', 'text', 'eval-conversations', '--split', 'train', '--scam', 'many'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--split must be test or dev/);
  assert.match(result.stderr, /--scam must be a whole number/);
});
