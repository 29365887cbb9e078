// Shadow-mode preview of a candidate rule file (console rule editor and POST /v1/rules/preview): replays it
// against the rule inputs stored with recent decisions and compares with the actions actually decided.
import type { CoreDb } from '../adapters/store/db.ts';
import { evaluateRules, parseRuleText, type RuleInput } from '../core/rules/evaluate.ts';

export interface RulePreview {
  valid: true;
  events: number;
  /** Events on which the candidate would take at least one action. */
  wouldAct: number;
  /** Events where the candidate's action set differs from the live decision's. */
  changed: number;
  byAction: Record<string, { live: number; candidate: number }>;
  byRule: Record<string, number>;
  examples: { eventId: string; conversationId: string | null; live: string[]; candidate: string[] }[];
}

export type RuleCheck = { valid: true; rules: number } | { valid: false; errors: { path: string; message: string }[] };

export function validateRules(source: string): RuleCheck {
  const parsed = parseRuleText(source);
  if (!parsed.ok) return { valid: false, errors: parsed.errors };
  const rules = (parsed.rules as { rules?: unknown[] }).rules;
  return { valid: true, rules: Array.isArray(rules) ? rules.length : 0 };
}

export async function previewRules(db: CoreDb, source: string, options: { tenant?: string | null; limit?: number } = {}): Promise<RulePreview | Extract<RuleCheck, { valid: false }>> {
  const parsed = parseRuleText(source);
  if (!parsed.ok) return { valid: false, errors: parsed.errors };
  let query = db.selectFrom('decisions').select(['event_id', 'conversation_id', 'actions', 'rule_input']).orderBy('seq', 'desc').limit(Math.min(options.limit ?? 5_000, 50_000));
  if (options.tenant) query = query.where('tenant', '=', options.tenant);
  const rows = await query.execute();
  const preview: RulePreview = { valid: true, events: 0, wouldAct: 0, changed: 0, byAction: {}, byRule: {}, examples: [] };
  for (const row of rows) {
    let input: RuleInput;
    try {
      input = JSON.parse(row.rule_input);
    } catch {
      continue;
    }
    preview.events++;
    // The same targeting the engine applies: a hold_link on an event without a link is never decided.
    const candidate = evaluateRules(parsed.rules, input).actions.filter((a) => a.type !== 'hold_link' || input.hasLink !== false);
    const live = actionTypes(row.actions);
    const candidateTypes = [...new Set(candidate.map((a) => a.type))].sort();
    if (candidateTypes.length) preview.wouldAct++;
    for (const rule of new Set(candidate.map((a) => a.rule))) preview.byRule[rule] = (preview.byRule[rule] ?? 0) + 1;
    for (const type of live) (preview.byAction[type] ??= { live: 0, candidate: 0 }).live++;
    for (const type of candidateTypes) (preview.byAction[type] ??= { live: 0, candidate: 0 }).candidate++;
    if (live.join(',') !== candidateTypes.join(',')) {
      preview.changed++;
      if (preview.examples.length < 20) preview.examples.push({ eventId: row.event_id, conversationId: row.conversation_id ?? null, live, candidate: candidateTypes });
    }
  }
  return preview;
}

function actionTypes(json: string): string[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? [...new Set(value.map((a: { type?: string }) => String(a?.type)))].sort() : [];
  } catch {
    return [];
  }
}
