// Service configuration: defaults, an optional YAML/JSON file, then command-line overrides.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Hotline } from './modules/console/help-config.ts';
import { toFieldErrors } from './core/events.ts';
import { parseAllowAddresses } from './adapters/net/address-policy.ts';

/** An allow-list entry for server-side fetches: `10.1.0.0/16`, `203.0.113.7`, `127.0.0.1:8080`, `[::1]:8080`. */
const AllowAddress = z.string().refine((entry) => {
  try {
    return parseAllowAddresses([entry]).length === 1;
  } catch {
    return false;
  }
}, 'must be an address, a CIDR range, or address:port ([address]:port for IPv6)');

export const Config = z.strictObject({
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
    })
    .default({ pendingTextHours: 0, sweepIntervalMs: 60_000 }),
  webhooks: z
    .array(z.strictObject({ url: z.url(), secret: z.string().min(16, 'webhook secrets need at least 16 characters'), tenant: z.string().optional() }))
    .default([]),
  /** Platform API key created at start if no key exists yet (printed once); useful for first runs. */
  bootstrapKey: z.boolean().default(true),
  /** The victims' help page: the tenant its reports are filed under, and local hotlines to show. */
  help: z
    .strictObject({ tenant: z.string().min(1).max(100).optional(), hotlines: z.array(Hotline).max(200).optional() })
    .default({}),
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
  /** APK link fetching (guarded: see docs/security.md); `allowAddresses`/`allowHosts` open an internal file host. */
  apk: z
    .strictObject({
      fetchLinks: z.boolean().default(false),
      maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
      timeoutMs: z.number().int().positive().default(10_000),
      allowAddresses: z.array(AllowAddress).default([]),
      allowHosts: z.array(z.string().min(1)).optional(),
    })
    .default({ fetchLinks: false, maxBytes: 50 * 1024 * 1024, timeoutMs: 10_000, allowAddresses: [] }),
});

export type Config = z.infer<typeof Config>;

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
  return result.data;
}
