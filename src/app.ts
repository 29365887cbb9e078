// The composition root: builds the store, detectors, engine, services and their background jobs
// from a configuration. Every adapter (HTTP, CLI, demo, tests) starts Chainbreak through here.
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Detector } from './core/detector.ts';
import { Engine } from './core/engine/engine.ts';
import type { Linker } from './core/linker.ts';
import { areaRoutes, createAreas, type Areas } from './areas.ts';
import type { ConsoleServices } from './modules/console/index.ts';
import { ApiKeys } from './app/api-keys.ts';
import { enforcementNotifier } from './app/enforcement.ts';
import { IngestService } from './app/ingest.ts';
import { Metrics } from './app/metrics.ts';
import { Queries } from './app/queries.ts';
import { sweepText } from './app/retention.ts';
import { RulesHolder } from './app/rules-holder.ts';
import { SerialQueue } from './app/serial-queue.ts';
import { writeRingChanges } from './modules/rings/store.ts';
import { WebhookDispatcher } from './adapters/webhooks/dispatcher.ts';
import { openStore, type CoreDb } from './adapters/store/db.ts';
import { assertWebhookTargets } from './adapters/net/webhook-target.ts';

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
  areas: Areas;
  console: ConsoleServices;
  /** Route plugins of the other areas (PDQ banks, rings, console, help page), registered by the HTTP server. */
  extraRoutes: ((app: FastifyInstance) => Promise<void>)[];
  close(): Promise<void>;
}

export interface StartOptions {
  /** Replaces the detectors (tests); by default text, APK and PDQ. */
  detectors?: Detector[];
  /** Replaces crew linking (tests); by default the rings module. */
  linker?: Linker;
  /** Start the webhook dispatcher, retention sweeper and rule-file watcher (off in unit tests). */
  background?: boolean;
}

export async function createChainbreak(config: Config, options: StartOptions = {}): Promise<Chainbreak> {
  // Opt-in (config.webhookPolicy.check): refuse to start with a webhook aimed at an internal address not allowed.
  if (config.webhookPolicy.check) await assertWebhookTargets(config.webhooks.map((w) => w.url), config.webhookPolicy);
  const db = await openStore({ dataDir: config.dataDir, postgresUrl: config.postgresUrl, sqliteSync: config.sqliteSync });
  const rules = new RulesHolder(prepareRulesFile(config));
  const metrics = new Metrics();
  const queue = new SerialQueue();
  const areas = await createAreas(db, config, queue);
  const detectors = options.detectors ?? areas.detectors;
  const engine = new Engine({ detectors, rules: () => rules.rules });
  const linker = options.linker ?? areas.rings;
  const ingest = new IngestService({
    db,
    engine,
    queue,
    metrics,
    rings: { linker, reload: () => areas.rings.load() },
    options: { pendingTextHours: config.retention.pendingTextHours, webhooks: config.webhooks, writeRingChanges },
  });
  const webhooks = new WebhookDispatcher(db, { targets: config.webhooks, metrics });
  const notify = enforcementNotifier(db, ingest, config.webhooks, (tenant, account, reason) => areas.rings.markBad(tenant, account, reason));
  const consoleServices = areas.buildConsole(notify, () => rules.text);
  const keys = new ApiKeys(db);
  const timers: NodeJS.Timeout[] = [];
  if (options.background !== false) {
    rules.watch();
    webhooks.start();
    const sweep = setInterval(() => void sweepText(db, config.retention.pendingTextHours).catch(() => undefined), config.retention.sweepIntervalMs);
    // Weak links (shared IPs, user agents) stop counting as evidence once they expire.
    const expire = setInterval(() => areas.rings.expireWeakLinks(), 3_600_000);
    for (const timer of [sweep, expire]) timer.unref();
    timers.push(sweep, expire);
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
    areas,
    console: consoleServices,
    extraRoutes: areaRoutes(areas, consoleServices, keys),
    async close() {
      for (const timer of timers) clearInterval(timer);
      rules.close();
      await webhooks.stop();
      await areas.close();
      await db.destroy();
    },
  };
}

/** The rule file lives with the data so edits through the API never touch the repository's default. */
function prepareRulesFile(config: Config): string {
  if (config.rulesFile) return config.rulesFile;
  const dir = config.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'chainbreak-rules-')) : config.dataDir;
  const path = join(dir, 'rules.yaml');
  if (!existsSync(path)) copyFileSync(DEFAULT_RULES, path);
  return path;
}
