// The rows an ingest batch writes (events, messages, decisions, states, outbox, follow-ups), through one small
// interface with two implementations. PostgreSQL keeps Kysely (multi-row statements built per chunk). The embedded
// store runs hand-written single-row statements, prepared once per table and column set and reused for every row:
// profiled at 500 events per batch, building those statements with Kysely and preparing them took more time than
// SQLite spent running them (docs/benchmarks.md, "a faster node"). Both write the same rows with the same
// conflict rules; test/store/hot-writes.test.ts compares the tables they leave.
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { CoreDb } from './db.ts';

/** One row: column name to value (text, number or NULL; `undefined` is stored as NULL, as Kysely does). */
export type Row = Readonly<Record<string, string | number | null | undefined>>;

export interface RowWriter {
  insert(table: string, rows: readonly Row[]): Promise<void>;
  /** Insert, or on a conflict on `key` set the `update` columns to the new row's values. */
  upsert(table: string, rows: readonly Row[], key: readonly string[], update: readonly string[]): Promise<void>;
}

/** Rows per multi-row statement: SQLite allows 32,766 parameters and PostgreSQL 65,535; rows have under 20 columns. */
const CHUNK = 400;

/** The writer names tables at run time, so it sees the schema as plain rows (the callers' rows are typed). */
type RowTables = Record<string, Record<string, Row[string]>>;

/** Kysely, in the caller's transaction: the portable path. */
export function kyselyRows(transaction: CoreDb): RowWriter {
  const trx = transaction as unknown as Kysely<RowTables>;
  return {
    async insert(table, rows) {
      for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto(table).values(rows.slice(i, i + CHUNK)).execute();
    },
    async upsert(table, rows, key, update) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + CHUNK))
          .onConflict((oc) => oc.columns(key as string[]).doUpdateSet((eb) => Object.fromEntries(update.map((column) => [column, eb.ref(`excluded.${column}`)]))))
          .execute();
      }
    },
  };
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Prepared single-row statements on the embedded store's database. They run inside whatever transaction the
 * connection has open: the caller's Kysely transaction holds the only connection (Kysely's SQLite driver has one,
 * behind a mutex), so these rows commit or roll back with the rest of the batch.
 */
export class SqliteRows implements RowWriter {
  readonly #database: Database.Database;
  readonly #statements = new Map<string, { statement: Database.Statement; columns: string[] }>();

  constructor(database: Database.Database) {
    this.#database = database;
  }

  async insert(table: string, rows: readonly Row[]): Promise<void> {
    this.#run(table, rows, '');
  }

  async upsert(table: string, rows: readonly Row[], key: readonly string[], update: readonly string[]): Promise<void> {
    const conflict = ` on conflict (${key.map(quote).join(', ')}) do update set ${update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
    this.#run(table, rows, conflict);
  }

  #run(table: string, rows: readonly Row[], conflict: string): void {
    for (const row of rows) {
      const { statement, columns } = this.#statement(table, Object.keys(row), conflict);
      const values = new Array<string | number | null>(columns.length);
      for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]] ?? null;
      statement.run(values);
    }
  }

  #statement(table: string, columns: string[], conflict: string) {
    const key = `${table}\u0000${columns.join('\u0000')}\u0000${conflict}`;
    let entry = this.#statements.get(key);
    if (!entry) {
      const sql = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})${conflict}`;
      entry = { statement: this.#database.prepare(sql), columns };
      this.#statements.set(key, entry);
    }
    return entry;
  }
}
