// The rows an ingest batch writes (events, messages, decisions, states, outbox, follow-ups), through one small
// interface with two implementations. PostgreSQL keeps Kysely (multi-row statements built per chunk). The embedded
// store runs hand-written multi-row statements, prepared once per table, column set and row count and reused:
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
 * Rows per prepared multi-row statement on the embedded store. A run of n rows is stored as chunks of this size and
 * then one statement per set bit of the rest (32, 16, ..., 1 rows), so a table needs at most seven statements and a
 * batch of 500 rows about a dozen `run` calls instead of 500: each call into better-sqlite3 and each VDBE program
 * start costs about as much as binding a small row (docs/benchmarks.md, "A faster node, third round").
 */
export const SQLITE_ROWS_PER_STATEMENT = 64;

/**
 * Prepared multi-row statements on the embedded store's database. They run inside whatever transaction the
 * connection has open: the caller's Kysely transaction holds the only connection (Kysely's SQLite driver has one,
 * behind a mutex), so these rows commit or roll back with the rest of the batch. Rows are stored in the caller's
 * order, so an upsert that meets the same key twice leaves the later row, as single-row statements would.
 */
export class SqliteRows implements RowWriter {
  readonly #database: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #perStatement: number;

  constructor(database: Database.Database, rowsPerStatement = SQLITE_ROWS_PER_STATEMENT) {
    this.#database = database;
    this.#perStatement = rowsPerStatement;
  }

  async insert(table: string, rows: readonly Row[]): Promise<void> {
    this.#run(table, rows, '');
  }

  async upsert(table: string, rows: readonly Row[], key: readonly string[], update: readonly string[]): Promise<void> {
    const conflict = ` on conflict (${key.map(quote).join(', ')}) do update set ${update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
    this.#run(table, rows, conflict);
  }

  #run(table: string, rows: readonly Row[], conflict: string): void {
    let start = 0;
    while (start < rows.length) {
      // Rows of one call normally share their columns; a row with other columns starts a new run.
      const columns = Object.keys(rows[start]);
      let end = start + 1;
      while (end < rows.length && sameColumns(rows[end], columns)) end++;
      this.#runChunks(table, rows, start, end, columns, conflict);
      start = end;
    }
  }

  #runChunks(table: string, rows: readonly Row[], start: number, end: number, columns: string[], conflict: string): void {
    let at = start;
    while (at < end) {
      const left = end - at;
      // The largest power of two not above what is left, capped at the full chunk.
      const count = left >= this.#perStatement ? this.#perStatement : 2 ** Math.floor(Math.log2(left));
      const values = new Array<string | number | null>(count * columns.length);
      let v = 0;
      for (let r = at; r < at + count; r++) {
        const row = rows[r];
        for (let c = 0; c < columns.length; c++) values[v++] = row[columns[c]] ?? null;
      }
      this.#statement(table, columns, conflict, count).run(values);
      at += count;
    }
  }

  #statement(table: string, columns: string[], conflict: string, count: number): Database.Statement {
    const key = `${table}\u0000${columns.join('\u0000')}\u0000${conflict}\u0000${count}`;
    let statement = this.#statements.get(key);
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const sql = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${Array.from({ length: count }, () => tuple).join(', ')}${conflict}`;
      statement = this.#database.prepare(sql);
      this.#statements.set(key, statement);
    }
    return statement;
  }
}

/** Walks the row's own keys in place: `Object.keys` per row allocated an array for every row of every table. */
function sameColumns(row: Row, columns: readonly string[]): boolean {
  let i = 0;
  for (const key in row) {
    if (!Object.hasOwn(row, key)) continue;
    if (key !== columns[i]) return false;
    i++;
  }
  return i === columns.length;
}
