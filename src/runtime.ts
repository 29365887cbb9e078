// Starts the service for `serve` and `demo`: Chainbreak, the HTTP server, a first API key, the
// demo traffic, and an orderly shutdown on SIGINT/SIGTERM (the store is closed after in-flight
// requests finish, so nothing acknowledged is lost).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createChainbreak, type Chainbreak } from './app.ts';
import type { Config } from './config.ts';
import { buildHttpApp } from './adapters/http/server.ts';
import { DEMO_SPEED, DEMO_TENANT, demoConfig, startDemoTraffic } from './demo.ts';
import { demoUsers } from './modules/console/index.ts';

export interface Running {
  cb: Chainbreak;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
  closed: Promise<void>;
}

export async function startService(config: Config, options: { demo: boolean; speed?: number; seed?: number; quiet?: boolean }): Promise<Running> {
  if (options.demo) config = demoConfig(config);
  // One logger for the process: the store's and the rule sync's trouble lands in the same log as the requests.
  const logger = options.quiet ? null : pino({ level: config.logLevel });
  const cb = await createChainbreak(config, logger ? { log: { error: (message) => logger.error(message) } } : {});
  // Rule deploys from the console replace the live rule file (validated, written atomically, hot-applied).
  cb.console.ruleWorkflow.useDeployer((text) => cb.rules.replace(text));
  // Fastify logs every request at info; at the default level those lines would drown the demo's output,
  // so request logs start at debug (warnings and errors are still logged at info).
  const httpLevel = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const app = await buildHttpApp(cb, logger ? { loggerInstance: logger.child({}, { level: httpLevel }) } : { logger: false });
  const say = options.quiet ? () => undefined : (line: string) => console.log(line);
  await announceKey(cb, config, say);
  await announceConsoleUsers(cb, options.demo, say);
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  const demo = options.demo ? await startDemoTraffic(cb, { speed: options.speed ?? DEMO_SPEED, seed: options.seed ?? 7, say }) : null;
  say(`Chainbreak listening on ${url}`);
  say(`  console   ${url}/${options.demo ? `   (tenant ${DEMO_TENANT}; sign in with a user above)` : ''}`);
  say(`  help page ${url}/help`);
  say(`  API docs  ${url}/docs`);

  // Accounts that link to a banned ring are banned after their first event (ringBans.watch, wired in app.ts);
  // the sweep also catches members a ring gains without an event of theirs (a link added by a moderator).
  const banSweep = setInterval(() => void cb.console.ringBans.sweep().catch(() => undefined), 30_000);
  banSweep.unref();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(banSweep);
      demo?.stop();
      await demo?.done.catch(() => undefined);
      await app.close();
      await cb.close();
      resolveClosed();
    })());
  const onSignal = () => void stop().then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { cb, app, url, stop, closed };
}

/** The demo gets one user per role with fresh passwords; a store without users gets an admin. */
async function announceConsoleUsers(cb: Chainbreak, demo: boolean, say: (line: string) => void): Promise<void> {
  const anyUser = await cb.db.selectFrom('console_users').select('id').limit(1).executeTakeFirst();
  if (!demo && anyUser) return;
  const users = demo ? demoUsers() : demoUsers().filter((u) => u.role === 'admin');
  await cb.console.users.seed(users);
  say(`Console sign-in (${demo ? 'demo users, new passwords at every start' : 'first admin; change it'}):`);
  for (const user of users) say(`  ${user.username.padEnd(13)} ${user.password}   (${user.role})`);
}

/** On a store without keys, creates an admin key and prints it once (also saved under the data dir). */
async function announceKey(cb: Chainbreak, config: Config, say: (line: string) => void): Promise<void> {
  if (!config.bootstrapKey || (await cb.keys.list()).length > 0) return;
  const { key } = await cb.keys.create('bootstrap', ['admin']);
  if (config.dataDir !== ':memory:') writeFileSync(join(config.dataDir, 'bootstrap-api-key.txt'), `${key}\n`, { mode: 0o600 });
  say(`Created an admin API key (shown once; also in ${join(config.dataDir, 'bootstrap-api-key.txt')}):\n  ${key}`);
}
