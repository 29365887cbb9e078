// Decisions already stored, read back: re-deliveries of an event are answered with the decision stored for it,
// and the API reads decisions the same way (queries.ts).
import type { Kysely } from 'kysely';
import type Database from 'better-sqlite3';
import type { Decision } from '../core/engine/decision.ts';
import type { EngineEvent } from '../core/events.ts';
import type { CoreTables } from '../adapters/store/schema.ts';

type DecisionRow = Parameters<typeof decisionFromRow>[0];

/** The decisions stored for a batch's events, keyed `tenant|event id`. */
export class StoredDecisions {
  readonly #db: Kysely<CoreTables>;
  /** The embedded store's database when one node owns it (null: Kysely, e.g. PostgreSQL or many nodes). */
  readonly #sqlite: Database.Database | null;
  #statement: Database.Statement<[string, string], DecisionRow> | null = null;

  constructor(db: Kysely<CoreTables>, sqlite: Database.Database | null) {
    this.#db = db;
    this.#sqlite = sqlite;
  }

  async find(db: Kysely<CoreTables>, events: readonly EngineEvent[]): Promise<Map<string, Decision>> {
    const byTenant = new Map<string, string[]>();
    for (const event of events) {
      // Appended in place: copying the list for every event made a 2,000-event group quadratic.
      const ids = byTenant.get(event.tenant);
      if (ids) ids.push(event.id);
      else byTenant.set(event.tenant, [event.id]);
    }
    const found = new Map<string, Decision>();
    // Outside a transaction of its own only: inside one (many nodes) the read must go through it.
    const sqlite = db === this.#db ? this.#sqlite : null;
    for (const [tenant, ids] of byTenant) {
      if (sqlite) {
        // One prepared statement for any number of ids: Kysely built and compiled a 500-parameter IN list per
        // batch. Only ingestion writes decisions, on the queue this runs on, so reading beside Kysely's connection
        // lock sees exactly what a Kysely query would.
        this.#statement ??= sqlite.prepare('select * from decisions where tenant = ? and event_id in (select value from json_each(?))');
        for (const row of this.#statement.all(tenant, JSON.stringify(ids))) found.set(`${tenant}|${row.event_id}`, decisionFromRow(row));
        continue;
      }
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom('decisions').selectAll().where('tenant', '=', tenant).where('event_id', 'in', ids.slice(i, i + 500)).execute();
        for (const row of rows) found.set(`${tenant}|${row.event_id}`, decisionFromRow(row));
      }
    }
    return found;
  }
}

export function decisionFromRow(row: {
  tenant: string;
  event_id: string;
  verdict: string;
  actions: string;
  shadow_actions: string;
  signals: string;
  reasons: string;
  rule_input: string;
}): Decision {
  const reasons = JSON.parse(row.reasons);
  const ruleInput = JSON.parse(row.rule_input);
  return {
    event_id: row.event_id,
    tenant: row.tenant,
    event_type: ruleInput.eventType,
    verdict: row.verdict as Decision['verdict'],
    actions: JSON.parse(row.actions),
    shadow_actions: JSON.parse(row.shadow_actions),
    rules_matched: reasons.rules_matched,
    signals: JSON.parse(row.signals),
    stages: reasons.stages,
    risk: reasons.risk,
    rule_input: ruleInput,
    ...(reasons.follow_ups ? { follow_ups: reasons.follow_ups } : {}),
    ...(reasons.follow_up_of ? { follow_up_of: reasons.follow_up_of } : {}),
  };
}
