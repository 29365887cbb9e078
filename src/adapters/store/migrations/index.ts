// Every area's schema, in the order it is applied. Each file uses Kysely's schema builder only,
// so the same migrations run on SQLite and on PostgreSQL.
import type { Migration } from 'kysely/migration';
import * as core from './001_core.ts';
import * as pdq from '../../../modules/pdq/migration.ts';
import * as rings from '../../../modules/rings/migration.ts';
import * as consoleSchema from '../../../modules/console/migration.ts';
import * as consoleWork from '../../../modules/console/migration-work.ts';

export const migrations: Record<string, Migration> = {
  '001_core': core,
  '002_pdq': pdq,
  '003_rings': rings,
  '004_console': consoleSchema,
  '005_console_work': consoleWork,
};
