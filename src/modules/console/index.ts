// The console's services, built from the database and the other areas' services.
import type { CoreDb } from '../../adapters/store/db.ts';
import { ActionService } from './actions.ts';
import { AuditLog } from './audit.ts';
import { UserService, generateDemoPassword, type UserSeed } from './auth.ts';
import { buildCaseView } from './case-view.ts';
import { InactiveCases } from './inactive-cases.ts';
import { resolveHelpConfig, type HelpConfig, type HelpSettings } from './help-config.ts';
import type { BankPort, EnforcementNotifier, LinkerPort, IdentifierReader, RingReader } from './ports.ts';
import { CaseQueue } from './queue.ts';
import { RingBanService } from './ring-bans.ts';
import { RuleWorkflow, type RuleDeployer } from './rule-workflow.ts';
import { VictimReportService } from './victim-reports.ts';

export interface ConsoleOptions {
  db: CoreDb;
  rings?: RingReader;
  /** Reads the identifiers a search query names (the text module's reader, when it is listed). */
  readIdentifiers?: IdentifierReader;
  linker?: LinkerPort;
  banks?: BankPort;
  notify?: EnforcementNotifier;
  /** A case closed with verdict `confirmed`: its suspect's ring counts as confirmed bad (RingService.markBad). */
  confirmSuspect?: (tenant: string, account: string, reason: string) => Promise<void>;
  /** The live rule file's text, shown in the rule editor. */
  rulesSource?: () => string | Promise<string>;
  /** The deployment's help-page settings (lines merged over the defaults by key). */
  help?: HelpSettings;
  /** Activates a deployed rule file (RulesHolder.replace); can also be attached later with `ruleWorkflow.useDeployer`. */
  deployRules?: RuleDeployer;
  claimTtlMs?: number;
  now?: () => number;
}

export interface ConsoleServices {
  db: CoreDb;
  users: UserService;
  audit: AuditLog;
  queue: CaseQueue;
  actions: ActionService;
  ringBans: RingBanService;
  /** Closes cases whose attack went quiet (the demo runs it; see inactive-cases.ts). */
  inactive: InactiveCases;
  reports: VictimReportService;
  rings?: RingReader;
  readIdentifiers?: IdentifierReader;
  help: HelpConfig;
  rulesSource?: () => string | Promise<string>;
  ruleWorkflow: RuleWorkflow;
  confirmSuspect?: (tenant: string, account: string, reason: string) => Promise<void>;
}

export function createConsole(options: ConsoleOptions): ConsoleServices {
  const { db, rings } = options;
  const help = resolveHelpConfig(options.help);
  const audit = new AuditLog(db, { now: options.now });
  const queue = new CaseQueue(db, { now: options.now, claimTtlMs: options.claimTtlMs });
  const ringBans = new RingBanService({ db, audit, rings, notify: options.notify, now: options.now });
  const actions = new ActionService({
    db,
    audit,
    queue,
    rings,
    ringBans,
    notify: options.notify,
    now: options.now,
    caseContent: async (caseRow) => ({ ...(await buildCaseView({ db, rings }, caseRow)), audit: await audit.list({ caseId: caseRow.id, limit: 1000 }) }),
  });
  return {
    db,
    users: new UserService(db, { now: options.now }),
    audit,
    queue,
    actions,
    ringBans,
    inactive: new InactiveCases({ db, audit, now: options.now }),
    reports: new VictimReportService({ db, tenant: help.tenant, linker: options.linker, rings, banks: options.banks, now: options.now }),
    rings,
    readIdentifiers: options.readIdentifiers,
    help,
    rulesSource: options.rulesSource,
    confirmSuspect: options.confirmSuspect,
    ruleWorkflow: new RuleWorkflow({ db, audit, liveSource: async () => (await options.rulesSource?.()) ?? '', deployer: options.deployRules, now: options.now }),
  };
}

/** Demo users, one per role, each with a fresh random password; the caller prints them at start. */
export function demoUsers(): UserSeed[] {
  return (['admin', 'moderator', 'investigator'] as const).map((role) => ({ username: role, password: generateDemoPassword(), role }));
}

export type { UserSeed } from './auth.ts';
export { bannedRingOf } from './ring-bans.ts';
export type { RingReader, RingGraph, LinkerPort, BankPort, EnforcementNotifier } from './ports.ts';
