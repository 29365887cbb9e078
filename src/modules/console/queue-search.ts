// The working queue's read side: server-side paging, search, sort and filters over the core `cases`
// table, SLA deadlines, and grouping by suspect or ring. Everything is one indexed query per page, so
// the console stays quick with 100,000 open cases (see bench/web and docs/benchmarks.md).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { CoreTables } from '../../adapters/store/schema.ts';
import { IDENTIFIER_TYPES, STAGES, type IdentifierType } from '../../core/signals.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { isLinkWithPath, phoneCandidates } from '../../core/identifiers/typed-query.ts';
import type { IdentifierReader, RingReader } from './ports.ts';
import { normaliseCase, type CaseRow } from './queue.ts';

export const CASE_SORTS = ['priority', 'risk', 'age', 'stage', 'sla'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const CASE_STATUSES = ['open', 'claimed', 'closed', 'active'] as const;
export type CaseStatusFilter = (typeof CASE_STATUSES)[number];

export interface CaseSearch {
  tenant?: string | null;
  /** Free text: case, account or conversation id, a handle, phone number, payment id, or words of the chat. */
  q?: string;
  queue?: string;
  stage?: string;
  status?: CaseStatusFilter;
  /** A username, or `none` for unclaimed cases. */
  assignee?: string;
  /** Language of the conversation as the text detector saw it (`en`, `ja`, …). */
  language?: string;
  ring?: string;
  sort?: CaseSort;
  /** Ascending when true; the default direction puts the most urgent first for every sort. */
  reverse?: boolean;
  limit?: number;
  offset?: number;
}

export interface QueueCase extends CaseRow {
  suspect_risk: number | null;
  /** When the case should have been handled (created_at + the SLA of its priority). */
  sla_due_at: number;
}

/**
 * Time to first action by priority (0 is the most urgent, as in the rules): a threat or payment demand
 * in progress must be seen within the hour; early warnings within a day.
 */
export const SLA_MS_BY_PRIORITY: readonly number[] = [1, 4, 8, 24, 24, 48, 48, 72, 72, 72].map((h) => h * 3_600_000);
export const MAX_PAGE = 500;

export function slaMs(priority: number): number {
  return SLA_MS_BY_PRIORITY[Math.max(0, Math.min(SLA_MS_BY_PRIORITY.length - 1, Math.trunc(priority)))];
}

export class SearchError extends Error {}

/** The filters read only `cases` (and subqueries of their own), so they fit both the count and the joined page. */
type Eb = ExpressionBuilder<CoreTables, 'cases'>;

export async function searchCases(db: CoreDb, filter: CaseSearch, rings?: RingReader, readIdentifiers?: IdentifierReader): Promise<{ total: number; cases: QueueCase[] }> {
  const where = await conditions(db, filter, rings, readIdentifiers);
  if (where === null) return { total: 0, cases: [] };
  // The filters only read `cases`, so the count skips the join (and can use the queue index).
  const total = await db
    .selectFrom('cases')
    .where((eb) => eb.and(where(eb)))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const base = db
    .selectFrom('cases')
    .leftJoin('accounts', (join) => join.onRef('accounts.tenant', '=', 'cases.tenant').onRef('accounts.id', '=', 'cases.suspect_account'))
    .where((eb) => eb.and(where(eb)));
  const limit = Math.max(1, Math.min(filter.limit ?? 100, MAX_PAGE));
  let query = base.selectAll('cases').select('accounts.risk as suspect_risk');
  for (const [expression, direction] of orderOf(filter.sort ?? 'priority', filter.reverse ?? false)) query = query.orderBy(expression, direction);
  const rows = await query.orderBy('cases.id', 'asc').limit(limit).offset(filter.offset ?? 0).execute();
  return { total: Number(total.n), cases: rows.map(toQueueCase) };
}

export interface CaseGroup {
  key: string;
  /** `suspect` groups by the suspect account; `ring` by the suspect's ring (accounts outside a ring stand alone). */
  by: 'suspect' | 'ring';
  cases: number;
  suspects: string[];
  topPriority: number;
  oldestAt: number;
  furthestStage: string | null;
}

/** Active cases grouped by suspect or ring, biggest group first; one line per crew instead of one per chat. */
export async function groupCases(db: CoreDb, filter: CaseSearch & { by: 'suspect' | 'ring' }, rings?: RingReader, readIdentifiers?: IdentifierReader): Promise<{ total: number; groups: CaseGroup[] }> {
  const where = await conditions(db, filter, rings, readIdentifiers);
  if (where === null) return { total: 0, groups: [] };
  const rows = await db
    .selectFrom('cases')
    .leftJoin('accounts', (join) => join.onRef('accounts.tenant', '=', 'cases.tenant').onRef('accounts.id', '=', 'cases.suspect_account'))
    .where((eb) => eb.and(where(eb)))
    .select(['cases.tenant', 'cases.suspect_account', 'cases.stage_max'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('cases.priority').as('top'), eb.fn.min('cases.created_at').as('oldest')])
    .groupBy(['cases.tenant', 'cases.suspect_account', 'cases.stage_max'])
    .execute();
  const groups = new Map<string, CaseGroup>();
  for (const row of rows) {
    const suspect = row.suspect_account ?? '(none)';
    const ring = filter.by === 'ring' && row.suspect_account ? await rings?.ringIdForAccount(row.tenant, row.suspect_account) : undefined;
    const key = ring ?? suspect;
    const group: CaseGroup = groups.get(key) ?? { key, by: ring ? 'ring' : 'suspect', cases: 0, suspects: [], topPriority: 9, oldestAt: Number.MAX_SAFE_INTEGER, furthestStage: null };
    group.cases += Number(row.n);
    if (!group.suspects.includes(suspect)) group.suspects.push(suspect);
    group.topPriority = Math.min(group.topPriority, Number(row.top));
    group.oldestAt = Math.min(group.oldestAt, Number(row.oldest));
    if (stageRank(row.stage_max) > stageRank(group.furthestStage)) group.furthestStage = row.stage_max;
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) => b.cases - a.cases || a.topPriority - b.topPriority || a.oldestAt - b.oldestAt || a.key.localeCompare(b.key));
  for (const g of sorted) g.suspects.sort();
  const offset = filter.offset ?? 0;
  return { total: sorted.length, groups: sorted.slice(offset, offset + Math.max(1, Math.min(filter.limit ?? 100, MAX_PAGE))) };
}

function stageRank(stage: string | null | undefined): number {
  return stage ? (STAGES as readonly string[]).indexOf(stage) : -1;
}

/** Builds the WHERE clause; null when a filter can match nothing (an unknown ring). */
async function conditions(db: CoreDb, filter: CaseSearch, rings?: RingReader, readIdentifiers?: IdentifierReader): Promise<((eb: Eb) => Expression<SqlBool>[]) | null> {
  let ringAccounts: string[] | undefined;
  if (filter.ring) {
    const tenant = filter.tenant ?? undefined;
    if (!tenant) throw new SearchError('filtering by ring needs a tenant');
    const graph = await rings?.graph(tenant, filter.ring);
    if (!graph) return null;
    ringAccounts = graph.nodes.filter((n) => n.kind === 'account').map((n) => n.label);
    if (!ringAccounts.length) return null;
  }
  const q = filter.q?.trim();
  const identifierValues = q ? identifierCandidates(q, readIdentifiers) : [];
  return (eb) => {
    const list: Expression<SqlBool>[] = [];
    if (filter.tenant) list.push(eb('cases.tenant', '=', filter.tenant));
    if (filter.queue) list.push(eb('cases.queue', '=', filter.queue));
    if (filter.stage) list.push(eb('cases.stage_max', '=', filter.stage));
    const status = filter.status ?? 'active';
    list.push(status === 'active' ? eb('cases.status', 'in', ['open', 'claimed']) : eb('cases.status', '=', status));
    if (filter.assignee === 'none') list.push(eb('cases.claimed_by', 'is', null));
    else if (filter.assignee) list.push(eb('cases.claimed_by', '=', filter.assignee));
    if (ringAccounts) list.push(eb('cases.suspect_account', 'in', ringAccounts));
    if (filter.language) {
      // The text detector records the language of each message in its features; one match is enough.
      const pattern = `%"lang":"${filter.language.replace(/[^a-z-]/gi, '')}"%`;
      list.push(
        eb.exists(
          eb.selectFrom('messages').select(sql.lit(1).as('one')).whereRef('messages.tenant', '=', 'cases.tenant').whereRef('messages.conversation_id', '=', 'cases.conversation_id').where('messages.features', 'like', pattern),
        ),
      );
    }
    if (q) list.push(searchCondition(eb, q, identifierValues));
    return list;
  };
}

function searchCondition(eb: Eb, q: string, identifierValues: string[]): Expression<SqlBool> {
  const contains = `%${escapeLike(q)}%`;
  const lower = `%${escapeLike(q.toLowerCase())}%`;
  const like = (ref: string, pattern: string) => sql<SqlBool>`${sql.ref(ref)} like ${pattern} escape '\\'`;
  const linkedAccounts = eb
    .selectFrom('rings_links')
    .select('rings_links.account')
    .whereRef('rings_links.tenant', '=', 'cases.tenant')
    .where('rings_links.removed', '=', 0)
    .where((inner) => inner.or([...(identifierValues.length ? [inner('rings_links.value', 'in', identifierValues)] : []), like('rings_links.value', lower)]));
  return eb.or([
    eb('cases.id', '=', q),
    like('cases.suspect_account', contains),
    like('cases.victim_account', contains),
    eb('cases.conversation_id', '=', q),
    eb('cases.suspect_account', 'in', linkedAccounts),
    eb('cases.victim_account', 'in', linkedAccounts),
    eb.exists(
      eb
        .selectFrom('messages')
        .select(sql.lit(1).as('one'))
        .whereRef('messages.tenant', '=', 'cases.tenant')
        .whereRef('messages.conversation_id', '=', 'cases.conversation_id')
        .where(sql<SqlBool>`lower(${sql.ref('messages.text')}) like ${lower} escape '\\'`),
    ),
  ]);
}

/**
 * The query read as each identifier type (a typed phone number becomes E.164, a handle gets its site prefix), a
 * national phone number as E.164 in every country it is valid in, and whatever `read` finds in it (a messenger
 * link as the handle it names). A link with a path is not also read as its bare host: "t.me/x" must not find
 * every account that shares t.me.
 */
export function identifierCandidates(q: string, read?: IdentifierReader): string[] {
  const values = new Set<string>();
  const withPath = isLinkWithPath(q);
  for (const type of IDENTIFIER_TYPES as readonly IdentifierType[]) {
    if (type === 'ip' || type === 'device' || type === 'photo_pdq' || (type === 'domain' && withPath)) continue;
    const result = normaliseIdentifier(type, q);
    if (result.ok) values.add(result.value);
  }
  for (const phone of phoneCandidates(q)) values.add(phone);
  for (const found of read?.(q) ?? []) if (!(found.type === 'domain' && withPath)) values.add(found.value);
  return [...values];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const STAGE_ORDER = sql<number>`case cases.stage_max ${sql.join(
  STAGES.map((s, i) => sql`when ${s} then ${sql.lit(i)}`),
  sql` `,
)} else -1 end`;

/** SLA deadline: created_at plus the SLA of the case's priority. */
const SLA_DUE = sql<number>`cases.created_at + case ${sql.join(
  SLA_MS_BY_PRIORITY.map((ms, p) => sql`when cases.priority <= ${sql.lit(p)} then ${sql.lit(ms)}`),
  sql` `,
)} else ${sql.lit(SLA_MS_BY_PRIORITY.at(-1)!)} end`;

function orderOf(sort: CaseSort, reverse: boolean): [Expression<unknown> | 'cases.priority' | 'cases.created_at', 'asc' | 'desc'][] {
  const flip = (d: 'asc' | 'desc'): 'asc' | 'desc' => (reverse ? (d === 'asc' ? 'desc' : 'asc') : d);
  switch (sort) {
    case 'risk':
      return [[sql`coalesce(accounts.risk, 0)`, flip('desc')], ['cases.priority', 'asc']];
    case 'age':
      return [['cases.created_at', flip('asc')]];
    case 'stage':
      return [[STAGE_ORDER, flip('desc')], ['cases.priority', 'asc']];
    case 'sla':
      return [[SLA_DUE, flip('asc')]];
    default:
      return [['cases.priority', flip('asc')], ['cases.created_at', 'asc']];
  }
}

function toQueueCase(row: CaseRow & { suspect_risk: number | null }): QueueCase {
  const c = normaliseCase(row);
  return { ...c, suspect_risk: row.suspect_risk == null ? null : Number(row.suspect_risk), sla_due_at: c.created_at + slaMs(c.priority) };
}
