// Parses rule files and evaluates them against what the engine saw for one event. Pure: the
// input is plain data (stored with every decision) so a candidate rule file can be replayed later.
import { parse as parseYaml } from 'yaml';
import type { FieldError } from '../events.ts';
import { toFieldErrors } from '../events.ts';
import type { Stage } from '../signals.ts';
import { RuleFile, type ActionType, type Condition, type Rule } from './schema.ts';

export interface RuleSignal {
  detector: string;
  kind: string;
  stage?: Stage;
  score: number;
}

/** Everything a rule may look at; persisted with each decision. */
export interface RuleInput {
  eventType: string;
  signals: RuleSignal[];
  stagesReached: Stage[];
  newStages: Stage[];
  attackStages: number;
  accountRisk: number;
  minutesSinceFirstContact: number | null;
  /** False when the event carries no link or file: a `hold_link` then has nothing to hold and is dropped. */
  hasLink?: boolean;
}

export interface MatchedAction {
  type: ActionType;
  rule: string;
  queue?: string;
  priority?: number;
  notice?: string;
  shadow: boolean;
}

export interface Evaluation {
  matchedRules: string[];
  actions: MatchedAction[];
  shadowActions: MatchedAction[];
}

export type RuleParseResult = { ok: true; rules: RuleFile } | { ok: false; errors: FieldError[] };

export function parseRuleText(text: string): RuleParseResult {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, errors: [{ path: '(file)', message: `not valid YAML: ${(error as Error).message}` }] };
  }
  return parseRuleObject(raw);
}

export function parseRuleObject(raw: unknown): RuleParseResult {
  const result = RuleFile.safeParse(raw);
  return result.success ? { ok: true, rules: result.data } : { ok: false, errors: toFieldErrors(result.error) };
}

export function evaluateRules(file: RuleFile, input: RuleInput): Evaluation {
  const evaluation: Evaluation = { matchedRules: [], actions: [], shadowActions: [] };
  for (const rule of file.rules) {
    if (!rule.enabled || !matcherOf(rule.when)(input)) continue;
    evaluation.matchedRules.push(rule.id);
    const shadow = file.mode === 'shadow' || rule.shadow;
    for (const action of resolveActions(rule, shadow)) {
      (shadow ? evaluation.shadowActions : evaluation.actions).push(action);
    }
  }
  // Most events match no rule: nothing to dedupe (the arrays stay the fresh, empty ones).
  if (evaluation.actions.length > 1) evaluation.actions = dedupeActions(evaluation.actions);
  if (evaluation.shadowActions.length > 1) evaluation.shadowActions = dedupeActions(evaluation.shadowActions);
  return evaluation;
}

function resolveActions(rule: Rule, shadow: boolean): MatchedAction[] {
  return rule.actions.map((spec) =>
    typeof spec === 'string' ? { type: spec, rule: rule.id, shadow } : { ...spec, rule: rule.id, shadow },
  );
}

/** One action of each type; the first rule that asked for it is credited, the highest priority wins. */
function dedupeActions(actions: MatchedAction[]): MatchedAction[] {
  const byType = new Map<ActionType, MatchedAction>();
  for (const action of actions) {
    const existing = byType.get(action.type);
    if (!existing) byType.set(action.type, action);
    else if ((action.priority ?? 9) < (existing.priority ?? 9)) byType.set(action.type, { ...existing, priority: action.priority });
  }
  return [...byType.values()];
}

type Matcher = (input: RuleInput) => boolean;

/**
 * Every condition is turned into a plain function once (per parsed rule file: a reload parses new condition
 * objects) instead of being interpreted for every event: which kind of condition it is, its event types as a
 * list, its signal pattern, are all decided here. The order of the checks is the interpreter's it replaced.
 */
const compiled = new WeakMap<Condition, Matcher>();

function matcherOf(condition: Condition): Matcher {
  let matcher = compiled.get(condition);
  if (!matcher) compiled.set(condition, (matcher = compile(condition)));
  return matcher;
}

function compile(condition: Condition): Matcher {
  if ('all' in condition) {
    const parts = condition.all.map(matcherOf);
    return (input) => parts.every((part) => part(input));
  }
  if ('any' in condition) {
    const parts = condition.any.map(matcherOf);
    return (input) => parts.some((part) => part(input));
  }
  if ('not' in condition) {
    const inner = matcherOf(condition.not);
    return (input) => !inner(input);
  }
  if ('signal' in condition) {
    const want = condition.signal;
    return (input) => input.signals.some((s) => signalMatches(want, s));
  }
  if ('stage_reached' in condition) {
    const stage = condition.stage_reached;
    return (input) => input.stagesReached.includes(stage);
  }
  if ('new_stage' in condition) {
    const stage = condition.new_stage;
    return (input) => input.newStages.includes(stage);
  }
  if ('attack_stages_at_least' in condition) {
    const least = condition.attack_stages_at_least;
    return (input) => input.attackStages >= least;
  }
  if ('account_risk_at_least' in condition) {
    const least = condition.account_risk_at_least;
    return (input) => input.accountRisk >= least;
  }
  if ('event_type' in condition) {
    const types: readonly string[] = Array.isArray(condition.event_type) ? condition.event_type : [condition.event_type];
    return (input) => types.includes(input.eventType);
  }
  if ('minutes_since_first_contact_at_most' in condition) {
    const most = condition.minutes_since_first_contact_at_most;
    return (input) => input.minutesSinceFirstContact !== null && input.minutesSinceFirstContact <= most;
  }
  return () => false;
}

function signalMatches(want: Extract<Condition, { signal: unknown }>['signal'], signal: RuleSignal): boolean {
  if (want.kind && !kindMatches(want.kind, signal.kind)) return false;
  if (want.detector && want.detector !== signal.detector) return false;
  if (want.stage && want.stage !== signal.stage) return false;
  return signal.score >= (want.min_score ?? 0);
}

/** `text.*` matches every text signal; otherwise the kind must be equal. */
function kindMatches(pattern: string, kind: string): boolean {
  return pattern.endsWith('*') ? kind.startsWith(pattern.slice(0, -1)) : pattern === kind;
}
