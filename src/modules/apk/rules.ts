// Compiles the rule data file (src/modules/apk/rules.json) and evaluates it against the features of one APK.
// Every fired rule yields evidence naming the permission, API, string or manifest fact and where it was
// found, so a moderator can see why an app was called a contact stealer.
import { z } from 'zod';
import ruleFile from './rules.json' with { type: 'json' };
import type { ApkFeatures } from './features.ts';

export type EvidenceKind = 'permission' | 'api' | 'string' | 'manifest' | 'name';
export type Verdict = 'contact_stealer' | 'suspicious' | 'clean' | 'unparseable';

export interface Evidence {
  rule: string;
  description: string;
  weight: number;
  kind: EvidenceKind;
  value: string;
  /** Where it was found: `AndroidManifest.xml`, `classes2.dex`, `assets/x.jar!classes.dex`, `zip`. */
  location: string;
}

const Group = z
  .object({
    permission: z.array(z.string()).optional(),
    api: z.array(z.string()).optional(),
    field: z.array(z.string()).optional(),
    string: z.array(z.string()).optional(),
    fact: z.array(z.string()).optional(),
    name: z.array(z.string()).optional(),
  })
  .strict();
const Rule = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  description: z.string().min(1),
  weight: z.number().min(0).max(10),
  role: z.enum(['contacts', 'data', 'sink', 'stealth', 'context']),
  all: z.array(Group).min(1),
});
const RuleFile = z.object({
  about: z.string(),
  scoreScale: z.number().positive(),
  verdicts: z.object({
    contact_stealer: z.object({ minWeight: z.number(), requireRoles: z.array(Rule.shape.role) }),
    suspicious: z.object({ minWeight: z.number(), orRoles: z.array(Rule.shape.role) }),
  }),
  rules: z.array(Rule).min(1),
});
export type RuleFile = z.infer<typeof RuleFile>;
type Role = z.infer<typeof Rule.shape.role>;

/** Exact names are looked up directly; wildcard patterns are merged into one regex per kind. */
interface Patterns {
  exact: Set<string>;
  wildcard: RegExp | null;
}
interface CompiledGroup {
  permission: Set<string>;
  api: Patterns;
  field: Patterns;
  string: RegExp | null;
  fact: Set<string>;
  name: RegExp | null;
}
interface CompiledRule {
  id: string;
  description: string;
  weight: number;
  role: Role;
  groups: CompiledGroup[];
}
export interface CompiledRules {
  file: RuleFile;
  rules: CompiledRule[];
}

const MAX_HITS_PER_GROUP = 5;

/** Validates and compiles a rule file; throws an Error naming the bad field when it is invalid. */
export function compileRules(raw: unknown): CompiledRules {
  const parsed = RuleFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid APK rule file at ${issue.path.join('.')}: ${issue.message}`);
  }
  const rules = parsed.data.rules.map((rule) => ({
    ...rule,
    groups: rule.all.map((g) => ({
      permission: new Set(g.permission ?? []),
      api: patterns(g.api ?? []),
      field: patterns(g.field ?? []),
      string: anyOf((g.string ?? []).map((p) => `(?:${p})`)),
      fact: new Set(g.fact ?? []),
      name: anyOf((g.name ?? []).map((p) => `(?:${p})`)),
    })),
  }));
  return { file: parsed.data, rules };
}

function patterns(items: string[]): Patterns {
  const escape = (p: string) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return {
    exact: new Set(items.filter((p) => !p.includes('*'))),
    wildcard: anyOf(items.filter((p) => p.includes('*')).map((p) => `^${escape(p)}$`), ''),
  };
}

/** Strings and names match case-insensitively; API descriptors are case-sensitive in DEX. */
function anyOf(alternatives: string[], flags = 'i'): RegExp | null {
  return alternatives.length ? new RegExp(alternatives.join('|'), flags) : null;
}

export const DEFAULT_RULES: CompiledRules = compileRules(ruleFile);

export interface Assessment {
  verdict: Exclude<Verdict, 'unparseable'>;
  score: number;
  evidence: Evidence[];
  firedRules: string[];
}

export function assess(features: ApkFeatures, compiled: CompiledRules = DEFAULT_RULES): Assessment {
  const evidence: Evidence[] = [];
  const fired: CompiledRule[] = [];
  for (const rule of compiled.rules) {
    const hits = matchRule(rule, features);
    if (!hits) continue;
    fired.push(rule);
    for (const hit of hits) evidence.push({ rule: rule.id, description: rule.description, weight: rule.weight, ...hit });
  }
  const total = fired.reduce((sum, rule) => sum + rule.weight, 0);
  const roles = new Set(fired.map((r) => r.role));
  const { contact_stealer: stealer, suspicious } = compiled.file.verdicts;
  let verdict: Assessment['verdict'] = 'clean';
  if (total >= stealer.minWeight && stealer.requireRoles.every((r) => roles.has(r))) verdict = 'contact_stealer';
  else if (total >= suspicious.minWeight || suspicious.orRoles.every((r) => roles.has(r) || (r === 'data' && roles.has('contacts')))) verdict = 'suspicious';
  return { verdict, score: bandedScore(verdict, total / compiled.file.scoreScale), evidence, firedRules: fired.map((r) => r.id) };
}

/** Keeps the score consistent with the verdict: clean < 0.4 ≤ suspicious < 0.8 ≤ contact_stealer. */
function bandedScore(verdict: Assessment['verdict'], raw: number): number {
  const [low, high] = verdict === 'contact_stealer' ? [0.8, 1] : verdict === 'suspicious' ? [0.4, 0.79] : [0, 0.39];
  return Math.round(Math.min(high, Math.max(low, raw)) * 100) / 100;
}

type Hit = Omit<Evidence, 'rule' | 'description' | 'weight'>;

/** The hits of every group, or null when some group has none. */
function matchRule(rule: CompiledRule, features: ApkFeatures): Hit[] | null {
  const all: Hit[] = [];
  for (const group of rule.groups) {
    const hits = matchGroup(group, features);
    if (hits.length === 0) return null;
    all.push(...hits);
  }
  return all;
}

function matchGroup(group: CompiledGroup, features: ApkFeatures): Hit[] {
  const hits: Hit[] = [];
  const push = (kind: EvidenceKind, value: string, location: string) => {
    if (hits.length < MAX_HITS_PER_GROUP) hits.push({ kind, value, location });
  };
  const lookUp = (kind: EvidenceKind, found: ReadonlyMap<string, string>, names: Iterable<string>) => {
    for (const name of names) {
      const location = found.get(name);
      if (location !== undefined) push(kind, name, location);
    }
  };
  const scan = (kind: EvidenceKind, found: ReadonlyMap<string, string>, pattern: RegExp | null) => {
    if (!pattern) return;
    for (const [value, location] of found) {
      if (hits.length >= MAX_HITS_PER_GROUP) return;
      if (pattern.test(value)) push(kind, value, location);
    }
  };
  lookUp('permission', features.permissions, group.permission);
  lookUp('api', features.methods, group.api.exact);
  scan('api', features.methods, group.api.wildcard);
  lookUp('api', features.fields, group.field.exact);
  scan('api', features.fields, group.field.wildcard);
  scan('string', features.strings, group.string);
  for (const fact of features.facts) if (group.fact.has(fact.fact)) push(fact.kind, fact.value, fact.location);
  scan('name', features.names, group.name);
  return hits;
}
