// Rule management: read the active rules, validate a candidate, preview it in shadow against recent
// traffic, and replace the rule file (which hot-reloads every running engine reading it).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseRuleText } from '../../../core/rules/evaluate.ts';
import { ruleWarnings, type KnownSignals } from '../../../core/rules/signal-kinds.ts';
import type { ApiKeys } from '../../../app/api-keys.ts';
import type { CoreDb } from '../../store/db.ts';
import { previewRules } from '../../../app/rule-preview.ts';
import type { RulesHolder } from '../../../app/rules-holder.ts';
import { assertGlobalKey, isOperator, requireScope } from '../auth.ts';
import { HttpError } from '../fastify.ts';
import { errorResponses, RuleErrors, RuleStatus } from '../schemas.ts';
import { typedRoutes } from '../typed-routes.ts';

export interface RuleRouteDeps {
  rules: RulesHolder;
  db: CoreDb;
  keys: ApiKeys;
  /** What the installed detectors can emit, for warnings about rules that can never match. */
  signals: KnownSignals;
}

/** A valid rule file (test/http/rules-api.test.ts sends it), so the documented example works as it is. */
const RULE_EXAMPLE = 'version: 1\nrules:\n  - id: app-lure-warn\n    description: Warn the target when a new contact pushes an app\n    when: { signal: { kind: "text.app_lure", min_score: 0.7 } }\n    actions: [warn_recipient]\n';
const RuleText = z.object({ text: z.string().min(1).max(1_000_000).describe('The rule file as YAML') }).meta({
  examples: [{ text: RULE_EXAMPLE }],
});
const Warnings = RuleErrors.describe('What is valid but cannot work as written: a signal kind or detector nothing installed emits, or no enabled rule at all');
const Validation = z.looseObject({ valid: z.boolean(), rules: z.number().int().optional(), errors: RuleErrors.optional(), warnings: Warnings.optional() });
const Preview = z.looseObject({ valid: z.boolean(), warnings: Warnings.optional() }).describe('Per-rule counts of what the candidate would have decided, with examples');

export async function registerRuleRoutes(server: FastifyInstance, deps: RuleRouteDeps): Promise<void> {
  const app = typedRoutes(server);
  const read = requireScope(deps.keys, 'read');
  const write = requireScope(deps.keys, 'rules:write');

  app.get('/v1/rules', { onRequest: read, schema: { tags: ['rules'], summary: 'The active rules, their source text and reload status', response: { 200: z.looseObject({ status: RuleStatus, rules: z.unknown(), text: z.string(), warnings: Warnings }), ...errorResponses } } }, async (request) => ({
    status: visibleStatus(deps.rules, isOperator(request)),
    rules: deps.rules.rules,
    text: deps.rules.text,
    warnings: ruleWarnings(deps.rules.rules, deps.signals),
  }));

  app.post('/v1/rules/validate', { onRequest: read, schema: { tags: ['rules'], summary: 'Validate a rule file without activating it', body: RuleText, response: { 200: Validation, ...errorResponses } } }, async (request) => {
    const parsed = parseRuleText(request.body.text);
    if (!parsed.ok) return { valid: false, errors: parsed.errors };
    return { valid: true, rules: parsed.rules.rules.length, warnings: ruleWarnings(parsed.rules, deps.signals) };
  });

  const PreviewBody = RuleText.extend({ limit: z.number().int().min(1).max(100_000).default(5_000) }).meta({ examples: [{ text: RULE_EXAMPLE, limit: 1_000 }] });
  app.post('/v1/rules/preview', { onRequest: read, schema: { tags: ['rules'], summary: 'Shadow-mode preview: replay a candidate rule file over recent decisions and compare with what was decided', body: PreviewBody, response: { 200: Preview, ...errorResponses } } }, async (request) => {
    const body = request.body;
    const bound = request.apiKey?.tenant;
    const preview = await previewRules(deps.db, body.text, { tenant: bound && bound !== '*' ? bound : null, limit: body.limit });
    if (!preview.valid) throw new HttpError(400, 'invalid_rules', 'the candidate rule file is invalid', preview.errors);
    return { ...preview, warnings: warningsFor(body.text, deps.signals) };
  });

  app.put('/v1/rules', { onRequest: write, schema: { tags: ['rules'], summary: 'Replace the rule file (validated first; never half-applied)', body: RuleText, response: { 200: z.looseObject({ status: RuleStatus, warnings: Warnings }), ...errorResponses } } }, async (request) => {
    assertGlobalKey(request, 'the rule file');
    const errors = deps.rules.replace(request.body.text);
    if (errors) throw new HttpError(400, 'invalid_rules', 'the rule file is invalid; the active rules are unchanged', errors);
    return { status: visibleStatus(deps.rules, isOperator(request)), warnings: ruleWarnings(deps.rules.rules, deps.signals) };
  });
}

function warningsFor(text: string, signals: KnownSignals) {
  const parsed = parseRuleText(text);
  return parsed.ok ? ruleWarnings(parsed.rules, signals) : [];
}

/** The server's file path is for operators only (issue 17.3): it tells an outside caller about the host. */
function visibleStatus(rules: RulesHolder, operator: boolean) {
  const { path, ...status } = rules.status();
  return operator ? { path, ...status } : status;
}
