// The contract every detector or feature module implements, so that adding one means writing its folder and adding
// one line to the module list (src/modules.ts). A module declares its configuration section, its schema migration
// and its CLI commands up front (cheap: nothing heavy is imported), and builds its services lazily in `create`.
// Modules publish services for later modules and for the composition root by augmenting `ModuleServices`, and
// their configuration type by augmenting `ModuleConfigs` (TypeScript declaration merging, types only).
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { z } from 'zod';
import type { Detector } from '../core/detector.ts';
import type { Linker, RingChange } from '../core/linker.ts';
import type { CoreDb } from '../adapters/store/db.ts';
import type { CoreTables } from '../adapters/store/schema.ts';
import type { RouteDoc } from '../adapters/http/route-docs.ts';
import type { CoreConfig } from '../config.ts';
import type { ApiKeys, Scope } from './api-keys.ts';
import type { Enforcement } from './enforcement.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { RingScope } from './ingest.ts';

/** Services modules publish, by name; each module adds its own entry. */
export interface ModuleServices {}

/** Configuration sections modules own, by key; each module adds its own entry. */
export interface ModuleConfigs {}

/** What the composition root offers a module while it is built. */
export interface ModuleContext {
  db: CoreDb;
  config: CoreConfig & ModuleConfigs;
  /** The queue every writer of decision state shares with ingestion. */
  queue: SerialQueue;
  keys: ApiKeys;
  /** Services of the modules listed before this one. */
  services: Partial<ModuleServices>;
  /** Reports a moderator enforcement to the platform (late-bound: ingestion exists once all modules are built). */
  enforce(enforcement: Enforcement): Promise<void>;
  /** The live rule file's text. */
  rulesText(): string;
}

/** Crew linking as the ingest service needs it (at most one module provides it). */
export interface LinkingProvider {
  linker: Linker;
  /** Before a batch is decided, inside its transaction: lock what it touches and catch up on it (many nodes). */
  begin(trx: Transaction<CoreTables> | CoreDb, scopes?: readonly RingScope[]): Promise<void>;
  /** The batch must be decided again: another node changed what it linked to meanwhile. */
  isConflict(error: unknown): boolean;
  /** Writes linking changes inside the batch's transaction. */
  write(trx: Transaction<CoreTables>, changes: readonly RingChange[]): Promise<void>;
  /** Rebuilds memory from the store after a failed batch. */
  reload(): Promise<void>;
}

export interface BackgroundJob {
  name: string;
  everyMs: number;
  run(): unknown;
}

/** A route plugin. With `scope`, it sits under API keys: reads need `read`, writes need `scope`. */
export interface ModuleRoute {
  scope?: Scope;
  register(app: FastifyInstance): Promise<void>;
  /** OpenAPI summaries and response schemas by "METHOD /path", for routes that do not carry them inline. */
  docs?: Record<string, RouteDoc>;
}

export interface ModuleInstance {
  detectors?: Detector[];
  linking?: LinkingProvider;
  /** Route plugins, registered by the HTTP server. */
  routes?: ModuleRoute[];
  jobs?: BackgroundJob[];
  /** Starts the module's own background work (only when the service runs its background jobs). */
  start?(): void;
  /** Services to publish under their names (must match the module's `ModuleServices` augmentation). */
  services?: Partial<ModuleServices>;
  close?(): Promise<void>;
}

export interface ModuleCli {
  /** Top-level command names the module registers (`chainbreak <name> …`), so only its code is loaded. */
  commands: string[];
  load(): Promise<{ register(program: import('commander').Command): void }>;
}

export interface ChainbreakModule {
  name: string;
  /**
   * The signal kinds its detectors emit (exact, or a family such as `photo.*`), so `chainbreak rules validate` can
   * warn about rules on kinds nothing emits without building the module. Absent: `<name>.*` is assumed.
   */
  signalKinds?: readonly string[];
  /** Its configuration section: the key in the config file and the zod schema (with defaults) of the section. */
  config?: { key: string; schema: z.ZodType };
  /** Schema migrations by name, applied in module-list order after the core's (names never change). */
  migrations?: Record<string, Migration>;
  cli?: ModuleCli;
  create(context: ModuleContext): Promise<ModuleInstance>;
}
