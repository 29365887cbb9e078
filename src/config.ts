// Service configuration: defaults, an optional YAML/JSON file, then command-line overrides.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { toFieldErrors } from './core/events.ts';
import { AllowAddress } from './adapters/net/address-policy.ts';
import type { ModuleConfigs } from './app/module.ts';
import { MODULES } from './modules.ts';

/** The core's own settings; modules add their sections (see `ModuleConfigs` and src/modules.ts). */
const coreShape = {
  port: z.number().int().min(0).max(65535).default(8080),
  host: z.string().default('127.0.0.1'),
  dataDir: z.string().default('./data'),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  sqliteSync: z.enum(['full', 'normal']).default('full'),
  /** The rule file; by default `<dataDir>/rules.yaml`, created from rules/default.yaml on first start. */
  rulesFile: z.string().optional(),
  retention: z
    .strictObject({
      /** Hours message text of conversations that never became evidence is kept (0: dropped at once). */
      pendingTextHours: z.number().min(0).max(24 * 365).default(0),
      sweepIntervalMs: z.number().int().min(1_000).default(60_000),
      /**
       * PostgreSQL: full months of events, messages and decisions kept behind the current month; older month
       * partitions are dropped by the sweep. Absent (the default): every row is kept, as on the embedded store.
       */
      keepMonths: z.number().int().min(1).max(1_200).optional(),
      /** PostgreSQL: month partitions created ahead of the current one (at start and by every sweep; default 3). */
      partitionsAhead: z.number().int().min(1).max(24).optional(),
    })
    .default({ pendingTextHours: 0, sweepIntervalMs: 60_000 }),
  webhooks: z
    .array(z.strictObject({ url: z.url(), secret: z.string().min(16, 'webhook secrets need at least 16 characters'), tenant: z.string().optional() }))
    .default([]),
  /**
   * This node's name in what it claims on a shared store (`claimed_by` of webhook deliveries, `node` of rule
   * deploys), so an operator can tell which node holds what; by default a random id per process.
   */
  nodeId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'node ids are letters, digits and . _ : - (at most 100)').optional(),
  /**
   * Webhook delivery (issue 14.3). Every node runs a dispatcher; each attempt is claimed for `leaseMs`, which
   * must outlast one attempt (`timeoutMs`) or a slow attempt could be made twice. `maxAttempts` (optional)
   * caps the retries besides the `retryForMs` window; `batchSize` deliveries are claimed per poll.
   */
  webhookDelivery: z
    .strictObject({
      leaseMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
      timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      pollMs: z.number().int().min(10).max(60_000).default(500),
      batchSize: z.number().int().min(1).max(1_000).default(50),
      maxAttempts: z.number().int().min(1).max(10_000).optional(),
      retryForMs: z.number().int().min(1_000).max(30 * 24 * 3_600_000).default(24 * 3_600_000),
      baseDelayMs: z.number().int().min(1).max(3_600_000).default(1_000),
      maxDelayMs: z.number().int().min(1).max(24 * 3_600_000).default(10 * 60_000),
    })
    .refine((d) => d.leaseMs > d.timeoutMs, { message: 'leaseMs must be longer than timeoutMs (a lease lapsing mid-attempt lets a second node repeat it)', path: ['leaseMs'] })
    .refine((d) => d.maxDelayMs >= d.baseDelayMs, { message: 'maxDelayMs must be at least baseDelayMs', path: ['maxDelayMs'] })
    .default({ leaseMs: 60_000, timeoutMs: 30_000, pollMs: 500, batchSize: 50, retryForMs: 24 * 3_600_000, baseDelayMs: 1_000, maxDelayMs: 10 * 60_000 }),
  /**
   * With `postgresUrl`, how often a node checks the store for a rule deploy made on another node, besides
   * being told at once by LISTEN/NOTIFY: the fallback when the listening connection is down.
   */
  ruleDeployPollMs: z.number().int().min(100).max(60_000).default(1_000),
  /**
   * `GET /metrics` needs a key with the `metrics` scope (or `admin`) unless this is on. The counters hold no case
   * data, but they tell anyone who can reach the port every tenant's traffic and how many threats were found;
   * turn it on only where the port is reachable by the scraper alone.
   */
  metricsPublic: z.boolean().default(false),
  /** Platform API key created at start if no key exists yet (printed once); useful for first runs. */
  bootstrapKey: z.boolean().default(true),
  /**
   * Console sessions: `secureCookies` forces `Secure` on the session cookie (it is added anyway when the
   * request came over TLS); `trustProxy` believes X-Forwarded-Proto/-For from a TLS-terminating proxy;
   * `allowedOrigins` lists origins besides the console's own that may send console writes.
   */
  console: z
    .strictObject({
      secureCookies: z.boolean().default(false),
      trustProxy: z.boolean().default(false),
      allowedOrigins: z.array(z.url()).max(50).default([]),
    })
    .default({ secureCookies: false, trustProxy: false, allowedOrigins: [] }),
  /** Worker threads for message analysis (0: analyse on the main thread); default one per spare core. */
  detectorThreads: z.number().int().min(0).max(16).default(Math.min(4, Math.max(0, availableParallelism() - 1))),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Webhook targets are checked at start only when `check` is on (off by default: operators, the demo and the
   * tests point webhooks at internal or loopback receivers). With it on, a target resolving to a private,
   * loopback or metadata address stops the start unless it is in `allowAddresses`.
   */
  webhookPolicy: z.strictObject({ check: z.boolean().default(false), allowAddresses: z.array(AllowAddress).default([]) }).default({ check: false, allowAddresses: [] }),
};

export const CoreConfig = z.strictObject(coreShape);
export type CoreConfig = z.infer<typeof CoreConfig>;

export const Config = z.strictObject({
  ...coreShape,
  ...Object.fromEntries(MODULES.flatMap((m) => (m.config ? [[m.config.key, m.config.schema]] : []))),
}) as unknown as z.ZodType<CoreConfig & ModuleConfigs>;

export type Config = CoreConfig & ModuleConfigs;


export function loadConfig(file: string | undefined, overrides: Partial<Config> = {}): Config {
  let fromFile: unknown = {};
  if (file) {
    const text = readFileSync(file, 'utf8');
    fromFile = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  }
  const merged = { ...(fromFile as object), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const result = Config.safeParse(merged);
  if (!result.success) {
    throw new Error(`invalid configuration: ${toFieldErrors(result.error).map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  const config = result.data;
  // Only PostgreSQL ages rows out (by dropping month partitions); silently keeping every row on the embedded store
  // would mislead an operator who set a retention window.
  if (config.retention.keepMonths !== undefined && !config.postgresUrl) {
    throw new Error('invalid configuration: retention.keepMonths: only the PostgreSQL store drops old rows (month partitions); the embedded store keeps every row');
  }
  return config;
}
