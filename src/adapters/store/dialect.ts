// The one place that knows which SQL dialect a Kysely instance speaks (for the few schema details
// the two databases spell differently, such as identity columns).
import { PostgresAdapter, type QueryExecutorProvider } from 'kysely';

/** Takes any handle or transaction, whatever its table types. */
export function isPostgres(db: QueryExecutorProvider): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
