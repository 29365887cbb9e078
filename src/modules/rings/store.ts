// Persistence for the rings service, as a repository: it writes the changes crew linking reports (links, sightings,
// facts, victims of payment identifiers) inside a transaction its caller owns, so a link is stored together with the
// decision that made it or not at all. It also reads the tables back when the in-memory graph is rebuilt.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { RingChange } from '../../core/linker.ts';
import type { RingsAccountFactsTable, RingsLinksTable, RingsPaymentVictimsTable, RingsSightingsTable } from './migration.ts';

const CHUNK = 200;

/** A database or transaction handle (a Transaction is a Kysely). */
type AnyDb = CoreDb;

/** Writes the changes in the given database handle (a transaction, normally); a link seen many times is one upsert. */
/** `clock`: advance `rings_clock` (one node; many nodes order ring writes by component instead). */
export async function writeRingChanges(db: AnyDb, changes: readonly RingChange[], seq: number, clock = true): Promise<void> {
  if (changes.length === 0) return;
  const trx = db;
  const rows = rowsOf(changes, seq);
  for (let k = 0; k < rows.links.length; k += CHUNK) await upsertLinks(trx, rows.links.slice(k, k + CHUNK));
  for (let k = 0; k < rows.sightings.length; k += CHUNK) await trx.insertInto('rings_sightings').values(rows.sightings.slice(k, k + CHUNK)).execute();
  for (let k = 0; k < rows.facts.length; k += CHUNK) await trx.insertInto('rings_account_facts').values(rows.facts.slice(k, k + CHUNK)).execute();
  for (let k = 0; k < rows.victims.length; k += CHUNK) {
    await trx
      .insertInto('rings_payment_victims')
      .values(rows.victims.slice(k, k + CHUNK))
      .onConflict((oc) => oc.columns(['tenant', 'type', 'value', 'victim']).doNothing())
      .execute();
  }
  if (clock) await trx.updateTable('rings_clock').set({ seq }).where('id', '=', 1).execute();
}

interface Rows {
  links: RingsLinksTable[];
  sightings: RingsSightingsTable[];
  facts: RingsAccountFactsTable[];
  victims: RingsPaymentVictimsTable[];
}

function rowsOf(changes: readonly RingChange[], seq: number): Rows {
  const links = new Map<string, RingsLinksTable>();
  const victims = new Map<string, RingsPaymentVictimsTable>();
  const rows: Rows = { links: [], sightings: [], facts: [], victims: [] };
  for (const c of changes) {
    switch (c.kind) {
      case 'link': {
        // Later states of the same link replace earlier ones; the first sighting time is kept by the upsert.
        links.set(`${c.tenant}\u0000${c.account}\u0000${c.type}\u0000${c.value}`, {
          tenant: c.tenant,
          account: c.account,
          type: c.type,
          value: c.value,
          strength: c.strength,
          source: c.source,
          event_id: c.eventId,
          first_seen: c.firstSeen,
          last_seen: c.lastSeen,
          expires_at: c.expiresAt,
          removed: c.removed ? 1 : 0,
          removed_by: c.removed?.by ?? null,
          removed_reason: c.removed?.reason ?? null,
          removed_at: c.removed?.at ?? null,
          seq,
        });
        break;
      }
      case 'sighting':
        rows.sightings.push({ tenant: c.tenant, account: c.account, type: c.type, value: c.value, strength: c.strength, source: c.source, event_id: c.eventId, time: c.time });
        break;
      case 'fact':
        rows.facts.push({ tenant: c.tenant, account: c.account, kind: c.fact, stage: c.stage, amount: c.amount, currency: c.currency, reason: c.reason, victim: c.victim, time: c.time, seq });
        break;
      case 'payment_victim':
        victims.set(`${c.tenant}\u0000${c.type}\u0000${c.value}\u0000${c.victim}`, { tenant: c.tenant, type: c.type, value: c.value, victim: c.victim, event_id: c.eventId, time: c.time, seq });
        break;
    }
  }
  rows.links = [...links.values()];
  rows.victims = [...victims.values()];
  return rows;
}

async function upsertLinks(trx: CoreDb, rows: RingsLinksTable[]): Promise<void> {
  await trx
    .insertInto('rings_links')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['tenant', 'account', 'type', 'value']).doUpdateSet((eb) => ({
        strength: eb.ref('excluded.strength'),
        last_seen: eb.ref('excluded.last_seen'),
        expires_at: eb.ref('excluded.expires_at'),
        removed: eb.ref('excluded.removed'),
        removed_by: eb.ref('excluded.removed_by'),
        removed_reason: eb.ref('excluded.removed_reason'),
        removed_at: eb.ref('excluded.removed_at'),
        seq: eb.ref('excluded.seq'),
      })),
    )
    .execute();
}

/** Reads the rings tables back (rebuilding the graph, case packages). */
export class RingStore {
  private readonly db: CoreDb;

  constructor(db: AnyDb) {
    this.db = db;
  }

  /** Every stored link, in pages by primary key, so millions of links never sit in memory as row objects at once. */
  async *loadLinks(pageSize = 20_000): AsyncGenerator<RingsLinksTable> {
    let after: [string, string, string, string] | null = null;
    for (;;) {
      let query = this.db.selectFrom('rings_links').selectAll();
      if (after) {
        const key = after;
        query = query.where((eb) => eb(eb.refTuple('tenant', 'account', 'type', 'value'), '>', eb.tuple(...key)));
      }
      const rows = await query.orderBy('tenant').orderBy('account').orderBy('type').orderBy('value').limit(pageSize).execute();
      for (const r of rows) yield { ...r, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen), removed: Number(r.removed) };
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = [last.tenant, last.account, last.type, last.value];
    }
  }

  /** The last batch sequence number stored; with `lock`, the row stays locked until the transaction ends. */
  async clock(db: AnyDb = this.db, options: { lock?: boolean } = {}): Promise<number> {
    let query = db.selectFrom('rings_clock').select('seq').where('id', '=', 1);
    if (options.lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** Rows other writers stored after sequence `seq`, in the order they were written. */
  async newerThan(db: AnyDb, seq: number): Promise<{ links: RingsLinksTable[]; facts: RingsAccountFactsTable[]; victims: RingsPaymentVictimsTable[] }> {
    const t = db;
    const links = await t.selectFrom('rings_links').selectAll().where('seq', '>', seq).orderBy('seq').execute();
    const facts = await t.selectFrom('rings_account_facts').selectAll().where('seq', '>', seq).orderBy('seq').orderBy('time').execute();
    const victims = await t.selectFrom('rings_payment_victims').selectAll().where('seq', '>', seq).orderBy('seq').execute();
    return {
      links: links.map((r) => ({ ...r, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen), removed: Number(r.removed) })),
      facts: facts.map((r) => ({ ...r, time: Number(r.time), amount: r.amount === null ? null : Number(r.amount) })),
      victims,
    };
  }

  async loadFacts(): Promise<RingsAccountFactsTable[]> {
    const rows = await this.db.selectFrom('rings_account_facts').selectAll().orderBy('time').execute();
    return rows.map((r) => ({ ...r, time: Number(r.time), amount: r.amount === null ? null : Number(r.amount) }));
  }

  async loadPaymentVictims(): Promise<RingsPaymentVictimsTable[]> {
    return this.db.selectFrom('rings_payment_victims').selectAll().execute();
  }

  /** Every sighting of the given accounts' links (provenance for a case package). */
  async sightingsOf(tenant: string, accounts: readonly string[]): Promise<RingsSightingsTable[]> {
    const out: RingsSightingsTable[] = [];
    for (let k = 0; k < accounts.length; k += CHUNK) {
      const rows = await this.db
        .selectFrom('rings_sightings')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('account', 'in', accounts.slice(k, k + CHUNK))
        .orderBy('time')
        .execute();
      out.push(...rows.map((r) => ({ ...r, time: Number(r.time) })));
    }
    return out;
  }
}
