// Rules a team can ship: drafts are saved, compared with the live file line by line, backtested
// against the stored rule inputs of past decisions (per rule, with examples), and deployed by someone
// holding `rules:deploy`. Every deploy keeps the text it replaced, is audited, and can be rolled back.
import { createHash, randomBytes } from 'node:crypto';
import { structuredPatch } from 'diff';
import type { CoreDb } from '../../adapters/store/db.ts';
import { evaluateRules, parseRuleText, type RuleInput } from '../../core/rules/evaluate.ts';
import type { AuditLog } from './audit.ts';
import type { ConsoleUser, Role } from './auth.ts';

/** Console permissions beyond the role checks on each route; only admins deploy rules by default. */
export const PERMISSIONS: Record<'rules:deploy', readonly Role[]> = { 'rules:deploy': ['admin'] };
export function can(user: Pick<ConsoleUser, 'role'>, permission: keyof typeof PERMISSIONS): boolean {
  return PERMISSIONS[permission].includes(user.role);
}

export type RuleErrors = { path: string; message: string }[];
/** Activates a rule file (RulesHolder.replace): null when it is live, else why it was refused. */
export type RuleDeployer = (source: string) => RuleErrors | null;

export interface RuleDraft {
  id: string;
  name: string;
  source: string;
  author: string;
  createdAt: number;
  updatedAt: number;
}

export interface RuleDeploy {
  id: string;
  actor: string;
  reason: string;
  time: number;
  draftId: string | null;
  rollbackOf: string | null;
  sha256: string;
  previousSha256: string;
}

export interface DiffLine {
  kind: 'add' | 'del' | 'same';
  text: string;
}

export interface RuleBacktest {
  valid: true;
  events: number;
  changed: number;
  rules: { rule: string; live: number; candidate: number; examples: { eventId: string; conversationId: string | null; live: string[]; candidate: string[] }[] }[];
}

export class RuleWorkflowError extends Error {
  readonly code: 'not_found' | 'forbidden' | 'invalid' | 'no_deployer';
  readonly errors?: RuleErrors;
  constructor(code: RuleWorkflowError['code'], message: string, errors?: RuleErrors) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}

export interface RuleWorkflowDeps {
  db: CoreDb;
  audit: AuditLog;
  liveSource: () => string | Promise<string>;
  deployer?: RuleDeployer;
  now?: () => number;
}

export class RuleWorkflow {
  private readonly deps: RuleWorkflowDeps;
  private deployer?: RuleDeployer;
  private readonly now: () => number;

  constructor(deps: RuleWorkflowDeps) {
    this.deps = deps;
    this.deployer = deps.deployer;
    this.now = deps.now ?? Date.now;
  }

  /** Connects deploys to the live rule holder (the composition root does this once). */
  useDeployer(deployer: RuleDeployer): void {
    this.deployer = deployer;
  }

  get canDeploy(): boolean {
    return !!this.deployer;
  }

  /** Saves a draft (a new one without `id`); drafts may be invalid, they are work in progress. */
  async saveDraft(user: ConsoleUser, input: { id?: string; name: string; source: string }): Promise<RuleDraft> {
    const time = this.now();
    if (input.id) {
      const existing = await this.draft(input.id);
      if (!existing) throw new RuleWorkflowError('not_found', `no rule draft ${input.id}`);
      await this.deps.db.updateTable('console_rule_drafts').set({ name: input.name, source: input.source, updated_at: time }).where('id', '=', input.id).execute();
      return (await this.draft(input.id))!;
    }
    const id = randomBytes(9).toString('hex');
    await this.deps.db.insertInto('console_rule_drafts').values({ id, name: input.name, source: input.source, author: user.username, created_at: time, updated_at: time }).execute();
    return (await this.draft(id))!;
  }

  async draft(id: string): Promise<RuleDraft | undefined> {
    const row = await this.deps.db.selectFrom('console_rule_drafts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, name: row.name, source: row.source, author: row.author, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) } : undefined;
  }

  async drafts(): Promise<Omit<RuleDraft, 'source'>[]> {
    const rows = await this.deps.db.selectFrom('console_rule_drafts').select(['id', 'name', 'author', 'created_at', 'updated_at']).orderBy('updated_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, author: r.author, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) }));
  }

  /** The draft against the live file, as changed hunks with a few lines of context. */
  async diff(source: string): Promise<DiffLine[]> {
    return lineDiff(await this.deps.liveSource(), source);
  }

  async deploy(user: ConsoleUser, input: { source: string; reason: string; draftId?: string; rollbackOf?: string }): Promise<RuleDeploy> {
    if (!can(user, 'rules:deploy')) throw new RuleWorkflowError('forbidden', `deploying rules needs the rules:deploy permission (roles: ${PERMISSIONS['rules:deploy'].join(', ')})`);
    if (!this.deployer) throw new RuleWorkflowError('no_deployer', 'this server cannot deploy rules from the console (no rule holder attached)');
    const previous = await this.deps.liveSource();
    const errors = this.deployer(input.source);
    if (errors) throw new RuleWorkflowError('invalid', `the rule file is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    const id = randomBytes(9).toString('hex');
    const time = this.now();
    await this.deps.db
      .insertInto('console_rule_deploys')
      .values({ id, source: input.source, previous_source: previous, draft_id: input.draftId ?? null, rollback_of: input.rollbackOf ?? null, actor: user.username, reason: input.reason, time })
      .execute();
    const sha256 = sha(input.source);
    await this.deps.audit.append({
      actor: user.username,
      role: user.role,
      action: input.rollbackOf ? 'rollback_rules' : 'deploy_rules',
      targetType: 'rules',
      targetId: id,
      reason: input.reason,
      details: { draftId: input.draftId ?? null, rollbackOf: input.rollbackOf ?? null, sha256, previousSha256: sha(previous), changedLines: lineDiff(previous, input.source).filter((l) => l.kind !== 'same').length },
    });
    return { id, actor: user.username, reason: input.reason, time, draftId: input.draftId ?? null, rollbackOf: input.rollbackOf ?? null, sha256, previousSha256: sha(previous) };
  }

  /** Puts back the text a deploy replaced, as a new deploy that names the one it rolls back. */
  async rollback(user: ConsoleUser, deployId: string, reason: string): Promise<RuleDeploy> {
    const row = await this.deps.db.selectFrom('console_rule_deploys').select(['previous_source']).where('id', '=', deployId).executeTakeFirst();
    if (!row) throw new RuleWorkflowError('not_found', `no rule deploy ${deployId}`);
    return this.deploy(user, { source: row.previous_source, reason, rollbackOf: deployId });
  }

  async deploys(limit = 50): Promise<RuleDeploy[]> {
    const rows = await this.deps.db.selectFrom('console_rule_deploys').selectAll().orderBy('time', 'desc').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, actor: r.actor, reason: r.reason, time: Number(r.time), draftId: r.draft_id ?? null, rollbackOf: r.rollback_of ?? null, sha256: sha(r.source), previousSha256: sha(r.previous_source) }));
  }
}

export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const patch = structuredPatch('live', 'draft', before, after, '', '', { context });
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    if (lines.length) lines.push({ kind: 'same', text: '…' });
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue;
      lines.push({ kind: line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : 'same', text: line.slice(1) });
    }
  }
  return lines;
}

/**
 * Replays a candidate rule file over the rule inputs stored with past decisions and compares, rule by
 * rule, how often each fired live and would fire now, with examples of the events where they differ.
 */
export async function backtestRules(db: CoreDb, source: string, options: { tenant?: string | null; limit?: number; examples?: number } = {}): Promise<RuleBacktest | { valid: false; errors: RuleErrors }> {
  const parsed = parseRuleText(source);
  if (!parsed.ok) return { valid: false, errors: parsed.errors };
  let query = db.selectFrom('decisions').select(['event_id', 'conversation_id', 'actions', 'rule_input']).orderBy('seq', 'desc').limit(Math.min(options.limit ?? 5_000, 50_000));
  if (options.tenant) query = query.where('tenant', '=', options.tenant);
  const perRule = new Map<string, RuleBacktest['rules'][number]>();
  const entry = (rule: string) => perRule.get(rule) ?? (perRule.set(rule, { rule, live: 0, candidate: 0, examples: [] }), perRule.get(rule)!);
  for (const rule of (parsed.rules as { rules: { id: string }[] }).rules) entry(rule.id);
  let events = 0;
  let changed = 0;
  for (const row of await query.execute()) {
    let input: RuleInput;
    try {
      input = JSON.parse(row.rule_input);
    } catch {
      continue;
    }
    events++;
    const live = rulesOf(row.actions);
    const candidate = [...new Set(evaluateRules(parsed.rules, input).actions.map((a) => a.rule))].sort();
    if (live.join() !== candidate.join()) changed++;
    for (const rule of new Set([...live, ...candidate])) {
      const e = entry(rule);
      const inLive = live.includes(rule);
      const inCandidate = candidate.includes(rule);
      if (inLive) e.live++;
      if (inCandidate) e.candidate++;
      if (inLive !== inCandidate && e.examples.length < (options.examples ?? 3)) e.examples.push({ eventId: row.event_id, conversationId: row.conversation_id ?? null, live, candidate });
    }
  }
  return { valid: true, events, changed, rules: [...perRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)) };
}

function rulesOf(json: string): string[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? [...new Set(value.map((a: { rule?: unknown }) => a?.rule).filter((r): r is string => typeof r === 'string'))].sort() : [];
  } catch {
    return [];
  }
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
