// The exchange area's services, built from the store, the PDQ banks and the console's services. The bank
// settings become the PDQ banks' match policy here, so the PDQ detector honours allow banks, per-bank
// distances and quarantine without knowing this module.
import type { CoreDb } from '../../adapters/store/db.ts';
import type { PdqBankService } from '../pdq/banks.ts';
import type { ConsoleServices } from '../console/index.ts';
import { BankSettingsStore, type QuarantineEvent } from './bank-settings.ts';
import type { Jurisdiction } from './deadlines.ts';
import { HashExchange } from './hash-exchange.ts';
import type { SigningKeys } from './package.ts';
import { PartnerExchange, type PartnerConfig } from './partners.ts';
import { PeerPuller, type PageFetcher, type PeerCredentials, type PeerFetchOptions } from './peer-pull.ts';
import { RemovalClocks } from './removals.ts';
import { ActionScheduler } from './scheduler.ts';

export interface ExchangeConfig {
  /** This platform's party id in partner packages; partner sharing is off without it and `signingKeys`. */
  self?: string;
  signingKeys?: SigningKeys;
  partners?: PartnerConfig[];
  /** Peer credentials by peer name (tokens, StopNCII keys). */
  peerCredentials?: Record<string, PeerCredentials>;
  /** How scheduled pulls reach peers (the guarded fetcher's allow-lists, time and size caps). */
  peerFetch?: PeerFetchOptions;
  jurisdictions?: Jurisdiction[];
  /** Reporter block of authority packages. */
  espService?: string;
}

export interface ExchangeOptions extends ExchangeConfig {
  db: CoreDb;
  banks: PdqBankService;
  console: ConsoleServices;
  now?: () => number;
  fetchPage?: PageFetcher;
  onQuarantine?: (event: QuarantineEvent) => void;
}

export interface ExchangeServices {
  settings: BankSettingsStore;
  hashes: HashExchange;
  peers: PeerPuller;
  partners?: PartnerExchange;
  scheduler: ActionScheduler;
  removals: RemovalClocks;
  console: ConsoleServices;
  espService: string;
  /** Starts the peer pulls and the action scheduler (off in unit tests). */
  start(): void;
  close(): Promise<void>;
}

export async function createExchange(options: ExchangeOptions): Promise<ExchangeServices> {
  const { db, now } = options;
  const audit = options.console.audit;
  const settings = new BankSettingsStore(db, {
    now,
    onQuarantine: (event) => {
      options.onQuarantine?.(event);
      void audit.append({ actor: 'bank-guard', role: 'system', action: 'bank_quarantined', targetType: 'bank', targetId: event.bank, reason: event.reason, details: { matches: event.matches, windowMs: event.windowMs } }).catch(() => undefined);
    },
  });
  await settings.load();
  options.banks.setMatchPolicy(settings);
  const hashes = new HashExchange({ db, banks: options.banks, settings, now });
  const peers = new PeerPuller({ db, exchange: hashes, now, fetchPage: options.fetchPage, credentials: options.peerCredentials, fetch: options.peerFetch });
  const partners = options.self && options.signingKeys ? new PartnerExchange({ db, self: options.self, signingKeys: options.signingKeys, partners: options.partners ?? [], now }) : undefined;
  const scheduler = new ActionScheduler({ db, audit, queue: options.console.queue, actions: options.console.actions, now });
  const removals = new RemovalClocks({ db, audit, now, jurisdictions: options.jurisdictions });
  let prune: NodeJS.Timeout | undefined;
  return {
    settings,
    hashes,
    peers,
    partners,
    scheduler,
    removals,
    console: options.console,
    espService: options.espService ?? 'Chainbreak-protected platform',
    start() {
      peers.start();
      scheduler.start();
      // Seen-package nonces are only needed while a package could still be accepted.
      if (partners && !prune) {
        prune = setInterval(() => void partners.pruneSeenPackages().catch(() => undefined), 6 * 3_600_000);
        prune.unref();
      }
    },
    async close() {
      if (prune) clearInterval(prune);
      await peers.stop();
      await scheduler.stop();
      await settings.flush();
      options.banks.setMatchPolicy(undefined);
    },
  };
}

export { generateSigningKeys } from './package.ts';
export type { PartnerConfig } from './partners.ts';
