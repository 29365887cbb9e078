// Persistence for the rings service. `Linker.observe` is synchronous (it answers inside the engine's hot path), while
// Kysely is asynchronous and may be PostgreSQL, so writes are queued and flushed as one transaction shortly after:
// many links per event and many events per tick cost one transaction, not one per link. A link's latest state is
// coalesced by key, so a link seen a thousand times in a tick is one upsert. `flush()` (and `close()`) wait for the
// queue; a failed flush keeps its rows and retries on the next one, and the error is logged.
import type { Kysely } from 'kysely';
import type { RingsAccountFactsTable, RingsLinksTable, RingsPaymentVictimsTable, RingsSightingsTable, RingsTables } from './migration.ts';

const CHUNK = 200;

export interface StoreLogger {
  error(details: Record<string, unknown>, message: string): void;
}

export class RingStore {
  private readonly db: Kysely<RingsTables>;
  private readonly logger: StoreLogger;
  private readonly delayMs: number;
  private links = new Map<string, RingsLinksTable>();
  private sightings: RingsSightingsTable[] = [];
  private facts: RingsAccountFactsTable[] = [];
  private victims = new Map<string, RingsPaymentVictimsTable>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(db: Kysely<any>, options: { logger?: StoreLogger; flushDelayMs?: number } = {}) {
    this.db = db.withTables<RingsTables>() as unknown as Kysely<RingsTables>;
    this.logger = options.logger ?? { error: (details, message) => console.error(message, details) };
    this.delayMs = options.flushDelayMs ?? 20;
  }

  saveLink(row: RingsLinksTable): void {
    this.links.set(`${row.tenant}\u0000${row.account}\u0000${row.type}\u0000${row.value}`, row);
    this.schedule();
  }

  saveSighting(row: RingsSightingsTable): void {
    this.sightings.push(row);
    this.schedule();
  }

  saveFact(row: RingsAccountFactsTable): void {
    this.facts.push(row);
    this.schedule();
  }

  savePaymentVictim(row: RingsPaymentVictimsTable): void {
    this.victims.set(`${row.tenant}\u0000${row.type}\u0000${row.value}\u0000${row.victim}`, row);
    this.schedule();
  }

  get pending(): number {
    return this.links.size + this.sightings.length + this.facts.length + this.victims.size;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Writes everything queued so far; resolves when it is committed (or has failed and been re-queued). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running = this.running.then(() => this.writeBatch());
    return this.running;
  }

  private async writeBatch(): Promise<void> {
    if (this.pending === 0) return;
    const links = [...this.links.values()];
    const { sightings, facts } = this;
    const victims = [...this.victims.values()];
    this.links = new Map();
    this.sightings = [];
    this.facts = [];
    this.victims = new Map();
    try {
      await this.db.transaction().execute(async (trx) => {
        for (let k = 0; k < links.length; k += CHUNK) await upsertLinks(trx, links.slice(k, k + CHUNK));
        for (let k = 0; k < sightings.length; k += CHUNK) await trx.insertInto('rings_sightings').values(sightings.slice(k, k + CHUNK)).execute();
        for (let k = 0; k < facts.length; k += CHUNK) await trx.insertInto('rings_account_facts').values(facts.slice(k, k + CHUNK)).execute();
        for (let k = 0; k < victims.length; k += CHUNK) {
          await trx
            .insertInto('rings_payment_victims')
            .values(victims.slice(k, k + CHUNK))
            .onConflict((oc) => oc.columns(['tenant', 'type', 'value', 'victim']).doNothing())
            .execute();
        }
      });
    } catch (error) {
      this.logger.error({ err: error, rows: links.length + sightings.length + facts.length + victims.length }, 'rings: saving links failed; will retry');
      for (const row of links) if (!this.links.has(keyOf(row))) this.links.set(keyOf(row), row);
      this.sightings.unshift(...sightings);
      this.facts.unshift(...facts);
      for (const row of victims) this.victims.set(`${row.tenant}\u0000${row.type}\u0000${row.value}\u0000${row.victim}`, row);
      this.schedule();
    }
  }

  async close(): Promise<void> {
    await this.flush();
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

  async loadFacts(): Promise<RingsAccountFactsTable[]> {
    const rows = await this.db.selectFrom('rings_account_facts').selectAll().orderBy('time').execute();
    return rows.map((r) => ({ ...r, time: Number(r.time), amount: r.amount === null ? null : Number(r.amount) }));
  }

  async loadPaymentVictims(): Promise<RingsPaymentVictimsTable[]> {
    return this.db.selectFrom('rings_payment_victims').selectAll().execute();
  }

  /** Every sighting of the given accounts' links (provenance for a case package). */
  async sightingsOf(tenant: string, accounts: readonly string[]): Promise<RingsSightingsTable[]> {
    await this.flush();
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

function keyOf(row: RingsLinksTable): string {
  return `${row.tenant}\u0000${row.account}\u0000${row.type}\u0000${row.value}`;
}

async function upsertLinks(trx: Kysely<RingsTables>, rows: RingsLinksTable[]): Promise<void> {
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
      })),
    )
    .execute();
}
