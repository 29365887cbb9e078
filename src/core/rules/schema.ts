// The rule file: declarative conditions over signals and kill-chain state, mapped to interventions.
import { z } from 'zod';
import { EVENT_TYPES } from '../events.ts';
import { STAGES } from '../signals.ts';

export const ACTION_TYPES = [
  'warn_recipient',
  'hold_link',
  'hide_social_graph',
  'restrict_account',
  'queue_review',
  'preserve_evidence',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

const Stage = z.enum(STAGES);
const EventTypeName = z.enum(EVENT_TYPES as [string, ...string[]]);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { signal: { kind?: string; detector?: string; stage?: (typeof STAGES)[number]; min_score?: number } }
  | { stage_reached: (typeof STAGES)[number] }
  | { new_stage: (typeof STAGES)[number] }
  | { attack_stages_at_least: number }
  | { account_risk_at_least: number }
  | { event_type: string | string[] }
  | { minutes_since_first_contact_at_most: number };

export const Condition: z.ZodType<Condition> = z.lazy(() => {
  const options = [
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
    z.strictObject({
      signal: z.strictObject({
        kind: z.string().min(1).optional(),
        detector: z.string().min(1).optional(),
        stage: Stage.optional(),
        min_score: z.number().min(0).max(1).optional(),
      }),
    }),
    z.strictObject({ stage_reached: Stage }),
    z.strictObject({ new_stage: Stage }),
    z.strictObject({ attack_stages_at_least: z.number().int().min(1).max(STAGES.length) }),
    z.strictObject({ account_risk_at_least: z.number().min(0).max(1) }),
    z.strictObject({ event_type: z.union([EventTypeName, z.array(EventTypeName).min(1)]) }),
    z.strictObject({ minutes_since_first_contact_at_most: z.number().positive() }),
  ] as const;
  return z.union(options, { error: (issue): string => describeBadCondition(issue.input, options) });
});

/**
 * A union that matches nothing says only "Invalid input" at the top of `when`, however deep the mistake. This
 * names the condition that is unknown or the field that is wrong, with its path below the reported one.
 */
function describeBadCondition(input: unknown, options: readonly z.ZodObject[]): string {
  const names = options.map((option) => Object.keys(option.shape)[0]);
  const list = names.join(', ');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `a condition is an object with one key: ${list}`;
  const keys = Object.keys(input);
  if (keys.length !== 1) return `a condition has exactly one key (got ${keys.length ? keys.join(', ') : 'none'}); combine several with all or any; conditions are ${list}`;
  const option = options[names.indexOf(keys[0])];
  if (!option) return `unknown condition "${keys[0]}"; conditions are ${list}`;
  const checked = option.safeParse(input);
  if (checked.success) return 'invalid condition';
  return checked.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

const ActionObject = z.strictObject({
  type: z.enum(ACTION_TYPES),
  queue: z.string().min(1).max(100).optional(),
  priority: z.number().int().min(0).max(9).optional(),
  notice: z.string().min(1).max(100).optional(),
});

export const ActionSpec = z.union([z.enum(ACTION_TYPES), ActionObject], { error: (issue) => describeBadAction(issue.input) });

/**
 * A union that matches nothing says only "Invalid input"; a rule author needs to hear which action name was
 * misspelt, or which field of an action object is wrong.
 */
function describeBadAction(input: unknown): string {
  const allowed = ACTION_TYPES.join(', ');
  if (typeof input === 'string') return `unknown action "${input}"; actions are ${allowed}`;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return `an action is a name (${allowed}) or an object { type, queue?, priority?, notice? }`;
  }
  const checked = ActionObject.safeParse(input);
  if (checked.success) return 'invalid action';
  return checked.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'rule ids are lower-case letters, digits, - and _'),
  description: z.string().min(1).max(500),
  when: Condition,
  actions: z.array(ActionSpec).min(1),
  shadow: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

export const RuleFile = z
  .strictObject({
    version: z.literal(1),
    mode: z.enum(['enforce', 'shadow']).default('enforce'),
    rules: z.array(Rule),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}"` });
      }
      seen.add(rule.id);
    });
  });

export type Rule = z.infer<typeof Rule>;
export type RuleFile = z.infer<typeof RuleFile>;
export type ActionSpec = z.infer<typeof ActionSpec>;
