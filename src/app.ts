// The composition root: builds the store, detectors, engine, services and their background jobs
// from a configuration. Every adapter (HTTP, CLI, demo, tests) starts Chainbreak through here.
import { chmodSync, copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Detector } from './core/detector.ts';
import { Engine } from './core/engine/engine.ts';
import type { Linker } from './core/linker.ts';
import type { ConsoleServices } from './modules/console/index.ts';
import { ApiKeys } from './app/api-keys.ts';
import { enforcementNotifier } from './app/enforcement.ts';
import { FollowUpRunner } from './app/follow-ups.ts';
import { IngestService } from './app/ingest.ts';
import { Metrics } from './app/metrics.ts';
import { Queries } from './app/queries.ts';
import { maintainPartitions, PARTITIONS_AHEAD, sweepText } from './app/retention.ts';
import { takeJobLease } from './app/job-lease.ts';
import { RulesHolder } from './app/rules-holder.ts';
import { RuleSync } from './app/rule-sync.ts';
import { SerialQueue } from './app/serial-queue.ts';
import { buildModules, moduleRouteDocs, moduleRoutes, type BuiltModules } from './app/modules.ts';
import type { ModuleServices } from './app/module.ts';
import type { Enforcement } from './app/enforcement.ts';
import { WebhookDispatcher } from './adapters/webhooks/dispatcher.ts';
import { openStore, type CoreDb } from './adapters/store/db.ts';
import { assertWebhookTargets } from './adapters/net/webhook-target.ts';
import type { RouteDoc } from './adapters/http/route-docs.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RULES = join(REPO_ROOT, 'rules', 'default.yaml');

export interface Chainbreak {
  config: Config;
  db: CoreDb;
  engine: Engine;
  ingest: IngestService;
  queries: Queries;
  keys: ApiKeys;
  rules: RulesHolder;
  metrics: Metrics;
  webhooks: WebhookDispatcher;
  /** With a shared store: keeps this node on the newest rule deploy of any node (null on the embedded store). */
  ruleSync: RuleSync | null;
  /** Detector work off the decision path (linked APKs fetched and scanned); `idle()` waits for it. */
  followUps: FollowUpRunner;
  /** Services the modules publish (rings, banks, console, …). */
  services: Partial<ModuleServices>;
  console: ConsoleServices;
  /** Route plugins of the modules and the web app, registered by the HTTP server. */
  extraRoutes: ((app: FastifyInstance) => Promise<void>)[];
  /** OpenAPI summaries and response schemas the modules give for routes that do not carry them inline. */
  routeDocs: Record<string, RouteDoc>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Replaces the detectors (tests); by default text, APK and PDQ. */
  detectors?: Detector[];
  /** Replaces crew linking (tests); by default the rings module. */
  linker?: Linker;
  /** Start the webhook dispatcher, retention sweeper and rule-file watcher (off in unit tests). */
  background?: boolean;
  /** False: ingestion writes every row through Kysely, as on PostgreSQL (tests and benchmarks compare the paths). */
  hotWrites?: boolean;
  /** The service's logger (pino): store and rule-sync trouble is logged through it; stderr when absent (tests, CLI). */
  log?: { error(message: string): void };
}

export async function createChainbreak(config: Config, options: StartOptions = {}): Promise<Chainbreak> {
  // Opt-in (config.webhookPolicy.check): refuse to start with a webhook aimed at an internal address not allowed.
  if (config.webhookPolicy.check) await assertWebhookTargets(config.webhooks.map((w) => w.url), config.webhookPolicy);
  const db = await openStore({ dataDir: config.dataDir, postgresUrl: config.postgresUrl, sqliteSync: config.sqliteSync, log: options.log });
  // The months ahead exist before the first event (a row with a time no month covers lands in DEFAULT anyway).
  await maintainPartitions(db, { ahead: config.retention.partitionsAhead ?? PARTITIONS_AHEAD });
  const rules = new RulesHolder(prepareRulesFile(config));
  const metrics = new Metrics();
  const queue = new SerialQueue();
  const keys = new ApiKeys(db);
  let notify: ((enforcement: Enforcement) => Promise<void>) | null = null;
  const modules: BuiltModules = await buildModules({
    db,
    config,
    queue,
    keys,
    services: {},
    enforce: (enforcement) => (notify ? notify(enforcement) : Promise.reject(new Error('enforcement before start-up finished'))),
    rulesText: () => rules.text,
  });
  const engine = new Engine({ detectors: options.detectors ?? modules.detectors, rules: () => rules.rules });
  const linking = modules.linking;
  const ingest = new IngestService({
    db,
    engine,
    queue,
    metrics,
    shared: config.postgresUrl !== undefined,
    hotWrites: options.hotWrites,
    rings: linking ? { linker: options.linker ?? linking.linker, begin: linking.begin, reload: linking.reload, isConflict: linking.isConflict } : null,
    options: { pendingTextHours: config.retention.pendingTextHours, webhooks: config.webhooks, writeRingChanges: linking?.write },
  });
  const webhooks = new WebhookDispatcher(db, { targets: config.webhooks, metrics, ...config.webhookDelivery, ...(config.nodeId ? { node: config.nodeId } : {}) });
  // Nodes sharing a store run one rule file: the newest deploy, whichever node it was made on.
  const ruleSync = config.postgresUrl
    ? new RuleSync({ db, rules, url: config.postgresUrl, pollMs: config.ruleDeployPollMs, node: webhooks.node, onError: (error) => (options.log ?? console).error(`rule sync: ${error.message}`) })
    : null;
  await ruleSync?.start();
  const followUps = new FollowUpRunner({ db, ingest, detectors: engine.detectors });
  ingest.onCommit((processed) => {
    const tasks = processed.flatMap(({ outcome }) => outcome.followUps);
    if (tasks.length) followUps.schedule(tasks);
  });
  const rings = modules.services.rings;
  notify = enforcementNotifier(ingest, config.webhooks, rings ? (tenant, account, reason) => rings.markBad(tenant, account, reason) : undefined);
  const consoleServices = modules.services.console;
  if (!consoleServices) throw new Error('the console module is missing from the module list');
  // An account that joins a banned ring is banned on its first event (after the batch commits, off the decision path).
  ingest.onCommit((processed) =>
    consoleServices.ringBans.watch(processed.flatMap(({ outcome }) => outcome.accounts.filter((a) => a.status !== 'banned').map((a) => ({ tenant: a.tenant, account: a.id })))),
  );
  const timers: NodeJS.Timeout[] = [];
  if (options.background !== false) {
    rules.watch();
    webhooks.start();
    modules.start();
    // One node per interval runs the sweep (its lease a tenth shorter than the interval, so the next tick takes it).
    const sweepOnce = async () => {
      const lease = { name: 'retention.sweepText', node: webhooks.node, now: Date.now(), forMs: Math.floor(config.retention.sweepIntervalMs * 0.9) };
      if (!(await takeJobLease(db, lease))) return;
      await sweepText(db, config.retention.pendingTextHours);
      await maintainPartitions(db, { ahead: config.retention.partitionsAhead ?? PARTITIONS_AHEAD, keepMonths: config.retention.keepMonths });
    };
    const sweep = setInterval(() => void sweepOnce().catch(() => undefined), config.retention.sweepIntervalMs);
    timers.push(sweep);
    // Many nodes: every node catches up with the others' ring changes every second, so its rings are current.
    if (config.postgresUrl) timers.push(setInterval(() => void ingest.catchUp(1_000).catch(() => undefined), 1_000));
    // Tasks a previous run (or a dead node) left unfinished, then any whose lease lapses later.
    void followUps.sweep().catch(() => undefined);
    timers.push(setInterval(() => void followUps.sweep().catch(() => undefined), 30_000));
    for (const job of modules.jobs) timers.push(setInterval(() => void Promise.resolve().then(job.run).catch(() => undefined), job.everyMs));
    for (const timer of timers) timer.unref();
  }
  return {
    config,
    db,
    engine,
    ingest,
    queries: new Queries(db),
    keys,
    rules,
    metrics,
    webhooks,
    ruleSync,
    followUps,
    services: modules.services,
    console: consoleServices,
    extraRoutes: moduleRoutes(modules, keys),
    routeDocs: moduleRouteDocs(modules),
    async close() {
      for (const timer of timers) clearInterval(timer);
      rules.close();
      await ruleSync?.close();
      await followUps.close();
      await webhooks.stop();
      await modules.close();
      await db.destroy();
    },
  };
}

/** The rule file lives with the data so edits through the API never touch the repository's default. */
function prepareRulesFile(config: Config): string {
  if (config.rulesFile) return config.rulesFile;
  const dir = config.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'chainbreak-rules-')) : config.dataDir;
  const path = join(dir, 'rules.yaml');
  if (!existsSync(path)) {
    copyFileSync(DEFAULT_RULES, path);
    chmodSync(path, 0o600);
  }
  return path;
}
