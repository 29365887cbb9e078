// Anonymous victim reports. Holds the scammer's identifiers and the hashes of screenshots, never the
// reporter's IP address, user agent or any image. The reporter gets a random receipt code (only its
// SHA-256 is stored) to add information later. Identifiers feed crew linking through the Linker.
import { randomBytes, randomInt } from 'node:crypto';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { VictimReportsTable } from './migration.ts';
import { getDomainWithoutSuffix, getHostname } from 'tldts';
import type { Identifier, IdentifierType } from '../../core/signals.ts';
import { normaliseIdentifier } from '../../core/identifiers/normalise.ts';
import { sha256Hex } from './auth.ts';
import type { BankPort, IdentifierNormaliser, LinkerPort, RingReader, VictimImageHash } from './ports.ts';

/** The identifier kinds a victim can type in; `profile_link` is turned into a messenger handle. */
export const REPORTABLE_TYPES = ['profile_link', 'messenger_handle', 'phone', 'email', 'payment_account', 'crypto_wallet', 'domain', 'remittance_receiver'] as const;
export type ReportableType = (typeof REPORTABLE_TYPES)[number];

export interface ReportInput {
  language?: string;
  identifiers: { type: ReportableType; value: string }[];
  screenshots: { pdq: string; md5?: string }[];
  appName?: string;
  note?: string;
}

export interface ReportOutcome {
  receipt: string;
  accepted: { type: string; value: string }[];
  rejected: { type: string; value: string; error: string }[];
  rings: string[];
}

export interface VictimReportDeps {
  db: CoreDb;
  tenant: string;
  linker?: LinkerPort;
  rings?: RingReader;
  banks?: BankPort;
  normalise?: IdentifierNormaliser;
  now?: () => number;
}

/**
 * Report times are kept to the hour: enough to order reports and run deadlines, too coarse to join a report
 * to a line in some other log (a proxy's, a firewall's) by its exact time.
 */
export const REPORT_TIME_GRANULARITY_MS = 60 * 60 * 1000;

export function coarseTime(ms: number): number {
  return Math.floor(ms / REPORT_TIME_GRANULARITY_MS) * REPORT_TIME_GRANULARITY_MS;
}

/** The bank's provenance names who added a hash; a victim is never identified. */
const ANONYMOUS = 'anonymous victim';

// Crockford base32 without I, L, O, U: easy to read aloud and to copy from a phone screen.
const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 20 characters of a 32-letter alphabet: 100 bits, unguessable; grouped for reading. */
export function newReceiptCode(): string {
  let code = '';
  for (let i = 0; i < 20; i++) code += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

export function canonicalReceipt(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

// Short link domains that stand for a messenger, so `t.me/x` and `telegram:x` become one identifier.
const SITE_ALIASES: Record<string, string> = { t: 'telegram', telegram: 'telegram', wa: 'whatsapp', fb: 'facebook', instagr: 'instagram', twitter: 'x' };

/** `https://www.instagram.com/some.user/` → `instagram:some.user`; bare handles pass through. */
export function profileLinkToHandle(link: string): string | undefined {
  const trimmed = link.trim();
  if (!/^[a-z]+:\/\//i.test(trimmed) && !trimmed.includes('/')) return trimmed;
  const url = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const host = getHostname(url);
  const site = host ? getDomainWithoutSuffix(host) : null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segment = path.split('/').find((s) => s && !['u', 'user', 'users', 'profile', 'add', 'in'].includes(s.toLowerCase()));
  if (!site || !segment) return undefined;
  return `${SITE_ALIASES[site] ?? site}:${decodeURIComponent(segment).replace(/^@/, '')}`;
}

export class VictimReportService {
  private readonly deps: VictimReportDeps;
  private readonly now: () => number;
  private readonly normalise: IdentifierNormaliser;

  constructor(deps: VictimReportDeps) {
    this.deps = deps;
    const clock = deps.now ?? Date.now;
    this.now = () => coarseTime(clock());
    this.normalise = deps.normalise ?? normaliseIdentifier;
  }

  async create(input: ReportInput): Promise<ReportOutcome> {
    const receipt = newReceiptCode();
    const id = randomBytes(12).toString('hex');
    const now = this.now();
    await this.deps.db
      .insertInto('victim_reports')
      .values({ id, receipt_hash: sha256Hex(canonicalReceipt(receipt)), tenant: this.deps.tenant, language: input.language ?? null, created_at: now, updated_at: now, ring_ids: '[]' })
      .execute();
    const outcome = await this.addEntry(id, input);
    return { receipt, ...outcome };
  }

  /** Image hashes a victim computed on their own device go straight into the `victim_submitted` bank. */
  async submitHashes(hashes: VictimImageHash[]): Promise<void> {
    if (!this.deps.banks) throw new Error('no PDQ bank is configured for victim submissions');
    await this.deps.banks.add('victim_submitted', hashes, { source: 'victim_help_page', added_by: ANONYMOUS, added_at: this.now() });
  }

  /** Adds information to an earlier report; undefined when the receipt code is unknown. */
  async add(receipt: string, input: ReportInput): Promise<Omit<ReportOutcome, 'receipt'> | undefined> {
    const report = await this.find(receipt);
    if (!report) return undefined;
    return this.addEntry(report.id, input);
  }

  async status(receipt: string): Promise<{ createdAt: number; updatedAt: number; entries: number; identifiers: number; rings: string[] } | undefined> {
    const report = await this.find(receipt);
    if (!report) return undefined;
    const entries = await this.deps.db.selectFrom('victim_report_entries').select('identifiers').where('report_id', '=', report.id).execute();
    const identifiers = entries.reduce((n, e) => n + JSON.parse(e.identifiers).length, 0);
    return { createdAt: Number(report.created_at), updatedAt: Number(report.updated_at), entries: entries.length, identifiers, rings: JSON.parse(report.ring_ids) };
  }

  private find(receipt: string): Promise<VictimReportsTable | undefined> {
    return this.deps.db.selectFrom('victim_reports').selectAll().where('receipt_hash', '=', sha256Hex(canonicalReceipt(receipt))).executeTakeFirst();
  }

  private async addEntry(reportId: string, input: ReportInput): Promise<Omit<ReportOutcome, 'receipt'>> {
    const { accepted, rejected } = this.normaliseAll(input);
    const entryId = randomBytes(12).toString('hex');
    const now = this.now();
    const screenshots = input.screenshots.map((s) => ({ pdq: s.pdq.toLowerCase(), ...(s.md5 ? { md5: s.md5.toLowerCase() } : {}) }));
    await this.deps.db
      .insertInto('victim_report_entries')
      .values({ id: entryId, report_id: reportId, created_at: now, identifiers: JSON.stringify(accepted), screenshot_hashes: JSON.stringify(screenshots), note: [input.appName ? `app: ${input.appName}` : '', input.note ?? ''].filter(Boolean).join('\n') })
      .execute();
    if (screenshots.length) await this.deps.banks?.add('victim_submitted', screenshots, { source: 'victim_report', added_by: ANONYMOUS, added_at: now, note: `report ${reportId}` });
    const rings = await this.link(reportId, entryId, now, [
      ...accepted.map((a): Identifier => ({ type: a.type as IdentifierType, value: a.value, source: `victim_report:${reportId}` })),
      ...screenshots.map((s): Identifier => ({ type: 'photo_pdq', value: s.pdq, source: `victim_report:${reportId} screenshot` })),
    ]);
    const report = await this.deps.db.selectFrom('victim_reports').select('ring_ids').where('id', '=', reportId).executeTakeFirstOrThrow();
    const allRings = [...new Set([...JSON.parse(report.ring_ids), ...rings])].sort();
    await this.deps.db.updateTable('victim_reports').set({ ring_ids: JSON.stringify(allRings), updated_at: now }).where('id', '=', reportId).execute();
    return { accepted, rejected, rings: allRings };
  }

  private normaliseAll(input: ReportInput): { accepted: { type: string; value: string }[]; rejected: { type: string; value: string; error: string }[] } {
    const accepted: { type: string; value: string }[] = [];
    const rejected: { type: string; value: string; error: string }[] = [];
    for (const { type, value } of input.identifiers) {
      let idType: IdentifierType = type === 'profile_link' ? 'messenger_handle' : type;
      let raw: string | undefined = type === 'profile_link' ? profileLinkToHandle(value) : value;
      // People type wallets and bank accounts into the same box: try the wallet reading first.
      if (type === 'payment_account' && this.normalise('crypto_wallet', value).ok) idType = 'crypto_wallet';
      if (raw === undefined) {
        rejected.push({ type, value, error: `profile link "${value}" has no account name in it` });
        continue;
      }
      const result = this.normalise(idType, raw);
      if (result.ok) {
        if (!accepted.some((a) => a.type === idType && a.value === result.value)) accepted.push({ type: idType, value: result.value });
      } else rejected.push({ type, value, error: result.error });
    }
    return { accepted, rejected };
  }

  private async link(reportId: string, entryId: string, time: number, identifiers: Identifier[]): Promise<string[]> {
    if (!identifiers.length || !this.deps.linker) return [];
    // The reported scammer is represented by a pseudo-account per report, so the ring graph can join
    // it to platform accounts that share a phone, a wallet or a photo.
    const account = `victim-report:${reportId}`;
    const signals = await this.deps.linker.observe({ tenant: this.deps.tenant, account, identifiers, eventId: `victim-report:${reportId}:${entryId}`, time });
    const rings = new Set<string>();
    for (const signal of signals) {
      for (const reason of signal.reasons) {
        const ring = (reason.evidence as { ring?: unknown } | undefined)?.ring;
        if (typeof ring === 'string') rings.add(ring);
      }
    }
    const direct = await this.deps.rings?.ringIdForAccount(this.deps.tenant, account);
    if (direct) rings.add(direct);
    return [...rings];
  }
}
