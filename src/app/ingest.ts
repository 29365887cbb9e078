// Event ingestion: validate the whole batch first (a bad batch is rejected whole, naming each bad
// field), drop re-deliveries by event id, run the engine, and store everything in one transaction
// before answering. Ingestion is serialised so that events of one conversation never interleave.
import type { Decision } from '../core/engine/decision.ts';
import type { Engine, Outcome } from '../core/engine/engine.ts';
import { parseEvent, type ChainEvent, type FieldError } from '../core/events.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import type { Metrics } from './metrics.ts';
import { persistBatch, type PersistOptions } from './persist.ts';

export interface IngestResult {
  event_id: string;
  duplicate: boolean;
  decision: Decision;
}

export class InvalidBatchError extends Error {
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super(`invalid events: ${fields.slice(0, 5).map((f) => `${f.path}: ${f.message}`).join('; ')}${fields.length > 5 ? ` (+${fields.length - 5} more)` : ''}`);
    this.fields = fields;
  }
}

export const MAX_BATCH = 5_000;

/** Called after a batch is durably stored, with what was decided (for crew facts and the like). */
export type CommitListener = (processed: readonly { event: ChainEvent; outcome: Outcome }[]) => void;

export class IngestService {
  readonly #db: CoreDb;
  readonly #engine: Engine;
  readonly #options: PersistOptions;
  readonly #metrics?: Metrics;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #listeners: CommitListener[] = [];

  constructor(db: CoreDb, engine: Engine, options: PersistOptions, metrics?: Metrics) {
    this.#db = db;
    this.#engine = engine;
    this.#options = options;
    this.#metrics = metrics;
  }

  onCommit(listener: CommitListener): void {
    this.#listeners.push(listener);
  }

  /** Validates raw events; throws InvalidBatchError naming `events.N.field` for every problem. */
  validate(raw: readonly unknown[], prefix = 'events', single = false): ChainEvent[] {
    if (raw.length > MAX_BATCH) throw new InvalidBatchError([{ path: prefix, message: `at most ${MAX_BATCH} events per batch` }]);
    const events: ChainEvent[] = [];
    const errors: FieldError[] = [];
    raw.forEach((item, index) => {
      const parsed = parseEvent(item);
      if (parsed.ok) events.push(parsed.event);
      else for (const error of parsed.errors) errors.push({ path: single ? `${prefix}.${error.path}` : `${prefix}.${index}.${error.path}`, message: error.message });
    });
    if (errors.length) throw new InvalidBatchError(errors);
    return events;
  }

  async ingest(raw: readonly unknown[]): Promise<IngestResult[]> {
    const events = this.validate(raw);
    return this.ingestValid(events);
  }

  /** Ingests already-validated events, one batch at a time. */
  ingestValid(events: readonly ChainEvent[]): Promise<IngestResult[]> {
    // Detectors that can work ahead start on this batch now, while earlier batches are still decided.
    for (const detector of this.#engine.detectors) detector.prepare?.(events);
    const run = this.#queue.then(() => this.#ingestNow(events));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #ingestNow(events: readonly ChainEvent[]): Promise<IngestResult[]> {
    const started = performance.now();
    const stored = await this.#storedDecisions(events);
    const results: IngestResult[] = [];
    const processed: { event: ChainEvent; outcome: Outcome }[] = [];
    const decidedNow = new Map<string, Decision>();
    try {
      for (const event of events) {
        const key = `${event.tenant}|${event.id}`;
        const earlier = stored.get(key) ?? decidedNow.get(key);
        if (earlier) {
          results.push({ event_id: event.id, duplicate: true, decision: earlier });
          continue;
        }
        const outcome = await this.#engine.process(event);
        decidedNow.set(key, outcome.decision);
        applyStatusActions(outcome);
        processed.push({ event, outcome });
        results.push({ event_id: event.id, duplicate: false, decision: outcome.decision });
      }
      const now = Date.now();
      await this.#db.transaction().execute((trx) => persistBatch(trx, processed, now, this.#options));
    } catch (error) {
      for (let i = processed.length - 1; i >= 0; i--) this.#engine.rollback(processed[i].event);
      throw error;
    }
    for (const { event } of processed) this.#engine.commit(event);
    for (const listener of this.#listeners) {
      try {
        listener(processed);
      } catch {
        // A listener's failure must not turn a stored, acknowledged batch into an error.
      }
    }
    this.#metrics?.recordIngest(processed, results.length - processed.length, (performance.now() - started) / 1000);
    return results;
  }

  async #storedDecisions(events: readonly ChainEvent[]): Promise<Map<string, Decision>> {
    const byTenant = new Map<string, string[]>();
    for (const event of events) byTenant.set(event.tenant, [...(byTenant.get(event.tenant) ?? []), event.id]);
    const found = new Map<string, Decision>();
    for (const [tenant, ids] of byTenant) {
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await this.#db
          .selectFrom('decisions')
          .selectAll()
          .where('tenant', '=', tenant)
          .where('event_id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const row of rows) found.set(`${tenant}|${row.event_id}`, decisionFromRow(row));
      }
    }
    return found;
  }
}

/** Restrictions decided for the suspect are reflected in its stored status. */
function applyStatusActions(outcome: Outcome): void {
  for (const action of outcome.decision.actions) {
    if (action.type !== 'restrict_account') continue;
    const account = outcome.accounts.find((a) => a.id === action.target.id);
    if (account && account.status === 'active') account.status = 'restricted';
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
  };
}
