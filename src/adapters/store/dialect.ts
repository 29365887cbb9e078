// The one place that knows which SQL dialect a Kysely instance speaks (for the few schema details
// the two databases spell differently, such as identity columns).
import { PostgresAdapter, type Kysely } from 'kysely';

export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
