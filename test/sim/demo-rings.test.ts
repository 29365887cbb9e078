// A long demo's crews stay apart (issue 13's two-hour run): the demo's backfill and 200 of its live batches (about
// six hours of `npm run demo` at 600×, ~600 crews) are linked by the real ring graph, and every ring must be
// one simulated crew. Each event gives the identifiers the engine would link on: its own fields
// (`eventIdentifiers`) and everything the text module extracts from its text, all taken as strong (the engine
// weakens a chat line's identifiers when the line is no stage act, so this is the stricter check). Without the
// engine's models and store it runs in seconds, so it can cover far more batches than a live run can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainEvent } from '../../src/core/events.ts';
import { eventIdentifiers } from '../../src/core/engine/apply.ts';
import { subjectOf } from '../../src/core/engine/engine.ts';
import { normaliseIdentifier } from '../../src/core/identifiers/normalise.ts';
import type { Identifier } from '../../src/core/signals.ts';
import { DEMO_SHAPE, demoLiveTraffic, pastTraffic } from '../../src/demo.ts';
import { RingGraph } from '../../src/modules/rings/graph.ts';
import { extractIdentifiers } from '../../src/modules/text/entities.ts';
import { detectLanguage } from '../../src/modules/text/lang.ts';
import { normalise } from '../../src/modules/text/normalise.ts';
import { MINUTE } from '../../src/sim/context.ts';
import { simulateTraffic, type SimulatedTraffic } from '../../src/sim/generate.ts';
import { liveBatchOptions } from '../../src/sim/stream.ts';

const BATCHES = 200;
const SEED = 7;
const NOW = Date.UTC(2026, 11, 3, 9);

function textIdentifiers(event: ChainEvent): Identifier[] {
  if (!('text' in event) || typeof event.text !== 'string' || !event.text.trim()) return [];
  return extractIdentifiers(event.text, { lang: detectLanguage(normalise(event.text).folded.text), source: event.id });
}

function link(graph: RingGraph, traffic: SimulatedTraffic): void {
  for (const event of traffic.events) {
    const subject = subjectOf(event);
    if (!subject) continue;
    for (const identifier of [...eventIdentifiers(event), ...textIdentifiers(event)]) {
      const normalised = normaliseIdentifier(identifier.type, identifier.value);
      if (!normalised.ok) continue;
      // As RingService.observe links them; a near photo match (none here: no photo bank) would be weak.
      const strength = (identifier as { strength?: unknown }).strength === 'weak' ? 'weak' : undefined;
      graph.addLink(subject, identifier.type, normalised.value, { strength, time: Date.parse(event.time), source: identifier.source });
    }
  }
}

/** Every batch the demo generates over its first `BATCHES` live batches, the backfill first. */
function demoRun(): SimulatedTraffic[] {
  const runs = [pastTraffic({ ...DEMO_SHAPE, seed: SEED, idPrefix: `demo${SEED}` }, NOW)];
  let start = new Date(NOW);
  for (let batch = 0; batch < BATCHES; batch++) {
    const traffic = simulateTraffic(liveBatchOptions(demoLiveTraffic(SEED), batch, start));
    runs.push(traffic);
    start = new Date(traffic.end + MINUTE);
  }
  return runs;
}

/** The identifiers that join accounts of different crews inside one ring, for the failure message. */
function joiningValues(graph: RingGraph, members: readonly number[], crewOf: ReadonlyMap<string, string>): string[] {
  const out = new Set<string>();
  for (const a of members) {
    for (const l of graph.linksOfAccount(a)) {
      const i = graph.linkIdentOf(l);
      if (!graph.isStrong(l) || !graph.merges(i)) continue;
      const crews = new Set(graph.linksOfIdent(i).filter((k) => graph.isStrong(k)).map((k) => crewOf.get(graph.accountName(graph.linkAccountOf(k))) ?? 'no crew'));
      if (crews.size > 1) out.add(`${graph.identTypeOf(i)}:${graph.identValue(i)} (${[...crews].join(', ')})`);
    }
  }
  return [...out];
}

test(`the demo's crews over ${BATCHES} live batches each form their own ring, never one with another crew`, () => {
  const graph = new RingGraph();
  const crewOf = new Map<string, string>();
  const runs = demoRun();
  for (const [batch, traffic] of runs.entries()) {
    const name = batch === 0 ? 'backfill' : `live batch ${batch - 1}`;
    for (const crew of traffic.crews) for (const profile of crew.profiles) crewOf.set(profile.id, `${name} ${crew.label}`);
    link(graph, traffic);
  }
  const crewsLinked = new Set<string>();
  const mixed: string[] = [];
  for (const root of graph.ringRoots()) {
    const members = graph.membersOf(root);
    const crews = new Set(members.map((a) => crewOf.get(graph.accountName(a)) ?? `not in a crew: ${graph.accountName(a)}`));
    if (crews.size === 1) crewsLinked.add([...crews][0]);
    else mixed.push(`a ring of ${members.length} accounts spans ${[...crews].join(' + ')} through ${joiningValues(graph, members, crewOf).join(', ')}`);
  }
  assert.deepEqual(mixed.slice(0, 10), [], `${mixed.length} rings mix crews`);
  // The check must have something to check: almost every crew's profiles share a device, phone or handle.
  const crews = runs.reduce((n, t) => n + t.crews.length, 0);
  assert.ok(crewsLinked.size >= crews * 0.9, `${crewsLinked.size} of ${crews} crews form a ring`);
});
