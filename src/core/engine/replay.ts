// Runs events through the engine with an in-memory workspace (no store) and summarises each decision: the basis
// of `chainbreak rules test` and of the rules' golden-output tests.
import type { Detector } from '../detector.ts';
import type { EngineEvent } from '../events.ts';
import type { RuleFile } from '../rules/schema.ts';
import type { Decision } from './decision.ts';
import { Engine } from './engine.ts';
import { MemoryWorkspace } from './workspace.ts';

export interface DecisionSummary {
  event_id: string;
  verdict: string;
  actions: string[];
  shadow_actions: string[];
  rules_matched: string[];
  new_stages: string[];
}

export function summarise(decision: Decision): DecisionSummary {
  const describe = (a: Decision['actions'][number]) => `${a.type}:${a.target.kind}:${a.target.id}`;
  return {
    event_id: decision.event_id,
    verdict: decision.verdict,
    actions: decision.actions.map(describe),
    shadow_actions: decision.shadow_actions.map(describe),
    rules_matched: decision.rules_matched,
    new_stages: decision.stages.new.map((s) => s.stage),
  };
}

export async function replay(events: readonly EngineEvent[], rules: RuleFile, detectors: Detector[]): Promise<Decision[]> {
  const engine = new Engine({ detectors, rules: () => rules });
  const workspace = new MemoryWorkspace();
  const decisions: Decision[] = [];
  for (const event of [...events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
    decisions.push((await engine.process(event, workspace)).decision);
  }
  return decisions;
}
