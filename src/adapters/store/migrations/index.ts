// Every schema migration, in the order it is applied: the core's, then each module's in module-list order. Each
// uses Kysely's schema builder only, so the same migrations run on SQLite and on PostgreSQL. Names never change
// (the store records which ones it applied).
import type { Migration } from 'kysely/migration';
import { MODULES } from '../../../modules.ts';
import * as core from './001_core.ts';
import * as stateVersions from './005_state_versions.ts';
import * as followUps from './007_follow_ups.ts';
import * as webhooks from '../../webhooks/migration.ts';
import * as webhookClaims from './008_webhook_claims.ts';
import * as clusterJobs from './009_cluster_jobs.ts';
import * as timePartitions from './011_time_partitions.ts';

export const migrations: Record<string, Migration> = {
  '001_core': core,
  '005_state_versions': stateVersions,
  '005_webhook_dead_letters': webhooks,
  '007_follow_ups': followUps,
  '008_webhook_claims': webhookClaims,
  '009_cluster_jobs': clusterJobs,
  '011_time_partitions': timePartitions,
  ...Object.assign({}, ...MODULES.map((m) => m.migrations ?? {})),
};
