// The component tables of shared crew linking (migration-components.ts) as queries: which component an account or
// an identifier belongs to, locking component rows in id order, reading a component's members and rows back, and
// writing a batch's new assignment. Every function runs in the caller's transaction.
import { sql } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { RingsAccountFactsTable, RingsLinksTable, RingsPaymentVictimsTable } from './migration.ts';

const CHUNK = 500;

export interface IdentRef {
  type: string;
  value: string;
}

export const identRefKey = (type: string, value: string): string => `${type}\u0000${value}`;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < items.length; k += CHUNK) out.push(items.slice(k, k + CHUNK));
  return out;
}

/** Components of the given accounts (account → component) and identifiers (identRefKey → component). */
export async function componentsOf(db: CoreDb, tenant: string, accounts: readonly string[], identifiers: readonly IdentRef[]): Promise<{ accounts: Map<string, string>; identifiers: Map<string, string> }> {
  const byAccount = new Map<string, string>();
  const byIdent = new Map<string, string>();
  for (const part of chunks([...new Set(accounts)])) {
    const rows = await db.selectFrom('rings_account_components').select(['account', 'component']).where('tenant', '=', tenant).where('account', 'in', part).execute();
    for (const r of rows) byAccount.set(r.account, r.component);
  }
  const byType = new Map<string, Set<string>>();
  for (const i of identifiers) byType.set(i.type, (byType.get(i.type) ?? new Set()).add(i.value));
  for (const [type, values] of byType) {
    for (const part of chunks([...values])) {
      const rows = await db.selectFrom('rings_identifier_components').select(['value', 'component']).where('tenant', '=', tenant).where('type', '=', type).where('value', 'in', part).execute();
      for (const r of rows) byIdent.set(identRefKey(type, r.value), r.component);
    }
  }
  return { accounts: byAccount, identifiers: byIdent };
}

/**
 * Locks the rows of the given components until the transaction ends, in id order (two batches locking in one
 * statement each can never deadlock), and returns their versions; a component deleted meanwhile is absent.
 */
export async function lockComponents(db: CoreDb, tenant: string, ids: readonly string[]): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  if (ids.length === 0) return versions;
  const sorted = [...new Set(ids)].sort();
  const rows = await sql<{ id: string; version: string | number }>`select id, version from rings_components where tenant = ${tenant} and id = any(${sorted}::text[]) order by id for update`.execute(db);
  for (const r of rows.rows) versions.set(r.id, Number(r.version));
  return versions;
}

/** Every account of the given components, with its component. */
export async function membersOf(db: CoreDb, tenant: string, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('rings_account_components').select(['account', 'component']).where('tenant', '=', tenant).where('component', 'in', part).execute();
    for (const r of rows) out.set(r.account, r.component);
  }
  return out;
}

/** Components changed at or after `since` (epoch ms), for an idle node's catch-up. */
export async function changedSince(db: CoreDb, since: number): Promise<{ tenant: string; id: string; version: number }[]> {
  const rows = await db.selectFrom('rings_components').select(['tenant', 'id', 'version']).where('changed_at', '>=', since).execute();
  return rows.map((r) => ({ tenant: r.tenant, id: r.id, version: Number(r.version) }));
}

/** Links stored but no component yet (a database from before the component tables); waits for a node doing it. */
export async function needsBackfill(trx: CoreDb): Promise<boolean> {
  await sql`select pg_advisory_xact_lock(hashtextextended('chainbreak.rings.components.backfill', 0))`.execute(trx);
  if (await trx.selectFrom('rings_account_components').select('account').limit(1).executeTakeFirst()) return false;
  return (await trx.selectFrom('rings_links').select('account').limit(1).executeTakeFirst()) !== undefined;
}

export async function allVersions(db: CoreDb): Promise<{ tenant: string; id: string; version: number }[]> {
  const rows = await db.selectFrom('rings_components').select(['tenant', 'id', 'version']).execute();
  return rows.map((r) => ({ tenant: r.tenant, id: r.id, version: Number(r.version) }));
}

/** The stored rows of the given accounts: their links, their facts (in time order) and their payment victims. */
export async function rowsOfAccounts(db: CoreDb, tenant: string, accounts: readonly string[]): Promise<{ links: RingsLinksTable[]; facts: RingsAccountFactsTable[]; victims: RingsPaymentVictimsTable[] }> {
  const links: RingsLinksTable[] = [];
  const facts: RingsAccountFactsTable[] = [];
  for (const part of chunks([...new Set(accounts)])) {
    const l = await db.selectFrom('rings_links').selectAll().where('tenant', '=', tenant).where('account', 'in', part).execute();
    links.push(...l.map((r) => ({ ...r, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen), removed: Number(r.removed) })));
    const f = await db.selectFrom('rings_account_facts').selectAll().where('tenant', '=', tenant).where('account', 'in', part).execute();
    facts.push(...f.map((r) => ({ ...r, time: Number(r.time), amount: r.amount === null ? null : Number(r.amount) })));
  }
  facts.sort((x, y) => x.time - y.time);
  const victims: RingsPaymentVictimsTable[] = [];
  const payments = links.filter((l) => l.type === 'payment_account' || l.type === 'crypto_wallet' || l.type === 'remittance_receiver');
  const byType = new Map<string, Set<string>>();
  for (const p of payments) byType.set(p.type, (byType.get(p.type) ?? new Set()).add(p.value));
  for (const [type, values] of byType) {
    for (const part of chunks([...values])) {
      victims.push(...(await db.selectFrom('rings_payment_victims').selectAll().where('tenant', '=', tenant).where('type', '=', type).where('value', 'in', part).execute()));
    }
  }
  return { links, facts, victims };
}

export interface ComponentWrite {
  tenant: string;
  /** Surviving and new components with their new versions. */
  versions: Map<string, number>;
  /** Components absorbed by a union: their rows go. */
  deleted: string[];
  /** Accounts whose component changed or that are new. */
  accounts: Map<string, string>;
  /** Identifiers to map (identRefKey → component); `fresh` ones were unknown to the store when the batch began. */
  identifiers: Map<string, { type: string; value: string; component: string; fresh: boolean }>;
  /** Identifiers that no longer merge (shared, allow-listed, link removed): their mapping goes. */
  unmapped: IdentRef[];
  now: number;
}

/**
 * Writes a batch's component assignment. Returns false when a fresh identifier was created by another batch
 * meanwhile (its insert waited for that batch's commit and then found the row): the caller decided without it.
 */
export async function writeComponents(db: CoreDb, w: ComponentWrite): Promise<boolean> {
  const fresh = [...w.identifiers.values()].filter((i) => i.fresh);
  for (const part of chunks(fresh)) {
    const inserted = await db
      .insertInto('rings_identifier_components')
      .values(part.map((i) => ({ tenant: w.tenant, type: i.type, value: i.value, component: i.component })))
      .onConflict((oc) => oc.columns(['tenant', 'type', 'value']).doNothing())
      .returning('value')
      .execute();
    if (inserted.length !== part.length) return false;
  }
  if (w.deleted.length) await db.deleteFrom('rings_components').where('tenant', '=', w.tenant).where('id', 'in', w.deleted).execute();
  const versions = [...w.versions].map(([id, version]) => ({ tenant: w.tenant, id, version, changed_at: w.now }));
  for (const part of chunks(versions)) {
    await db
      .insertInto('rings_components')
      .values(part)
      .onConflict((oc) => oc.columns(['tenant', 'id']).doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), changed_at: eb.ref('excluded.changed_at') })))
      .execute();
  }
  const accounts = [...w.accounts].map(([account, component]) => ({ tenant: w.tenant, account, component }));
  for (const part of chunks(accounts)) {
    await db
      .insertInto('rings_account_components')
      .values(part)
      .onConflict((oc) => oc.columns(['tenant', 'account']).doUpdateSet((eb) => ({ component: eb.ref('excluded.component') })))
      .execute();
  }
  const known = [...w.identifiers.values()].filter((i) => !i.fresh).map((i) => ({ tenant: w.tenant, type: i.type, value: i.value, component: i.component }));
  for (const part of chunks(known)) {
    await db
      .insertInto('rings_identifier_components')
      .values(part)
      .onConflict((oc) => oc.columns(['tenant', 'type', 'value']).doUpdateSet((eb) => ({ component: eb.ref('excluded.component') })))
      .execute();
  }
  for (const i of w.unmapped) await db.deleteFrom('rings_identifier_components').where('tenant', '=', w.tenant).where('type', '=', i.type).where('value', '=', i.value).execute();
  return true;
}
