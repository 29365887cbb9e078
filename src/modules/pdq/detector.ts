// The pdq detector: profile photos (`account.created|updated`) and media shared in chats (`media.shared`,
// `message.sent` attachments) that carry a PDQ hash are matched against the banks, and profile photos are
// also compared with other accounts' recent profile photos: the same stolen picture on several new profiles
// is the signature of a fake-profile farm. Photos given only by URL are not fetched on the decision path: with
// `hashPhotoUrl` (opt-in, `pdq.photoUrls.fetch`) the decision leaves a follow-up task, and the fetched photo is
// matched when it arrives (docs/architecture.md, "Work off the decision path"). Platforms usually send the hash,
// computed on their side or by `POST /v1/pdq/hash`.
import type { Detector } from '../../core/detector.ts';
import type { ChainEvent } from '../../core/events.ts';
import type { Detection, FollowUpRun, FollowUpTask, Identifier, Reason, Signal } from '../../core/signals.ts';
import type { BankMatch, PdqBankService } from './banks.ts';
import { isPdqHash, PDQ_MATCH_THRESHOLD } from './hash256.ts';
import { PhotoReuseTracker } from './photo-reuse.ts';
import { PDQ_SIGNAL_KINDS } from './signal-kinds.ts';

export interface PdqDetectorOptions {
  /** Hamming distance that counts as the same picture (default 31, PDQ's standard threshold). */
  maxDistance?: number;
  /** Other accounts with the same photo needed before `photo.reused` fires (default 2). */
  reuseMinOtherAccounts?: number;
  /** Profile-photo hashes remembered per tenant for the reuse check (default 200 000; oldest dropped first). */
  reuseCapacityPerTenant?: number;
  /**
   * Hashes a profile photo given only by URL (fetch, size-capped decode, PDQ), run as a follow-up after the
   * decision is stored. Off by default. A failure (e.g. a refused fetch) is never fatal: it becomes a reason of
   * a zero-score `photo.not_fetched` signal.
   */
  hashPhotoUrl?: (url: string) => Promise<string | null>;
}

interface HashedItem {
  hash: string;
  /** Where in the event it was found, e.g. `account.photos[2]` or `attachments[0]`. */
  field: string;
}

/** Banks whose match means the picture is known abuse material or a known scam photo. */
const BANK_SCORES: Record<string, number> = {
  victim_submitted: 0.95,
  partner_exchange: 0.9,
  scam_profile_photos: 0.85,
};
const DEFAULT_BANK_SCORE = 0.8;

export function createPdqDetector(service: PdqBankService, options: PdqDetectorOptions = {}): Detector {
  const maxDistance = options.maxDistance ?? PDQ_MATCH_THRESHOLD;
  const reuse = new PhotoReuseTracker({
    maxDistance,
    capacityPerTenant: options.reuseCapacityPerTenant ?? 200_000,
  });
  const minOthers = options.reuseMinOtherAccounts ?? 2;

  const match = (items: HashedItem[], tenant: string, account: string | null, source: string) =>
    matchPhotos({ service, reuse, maxDistance, minOthers }, items, tenant, account, source);
  const withPhotoTasks = (detection: Detection, event: ChainEvent): Detection => {
    if (options.hashPhotoUrl) detection.followUps = urlPhotoTasks(event);
    return detection;
  };
  return {
    name: 'pdq',
    eventTypes: ['account.created', 'account.updated', 'media.shared', 'message.sent'],
    signalKinds: PDQ_SIGNAL_KINDS,
    detect(event: ChainEvent): Detection | Promise<Detection> {
      const items = hashedItems(event);
      // Most events carry no hashed picture: answered at once, without a promise for the engine to wait on.
      if (items.length === 0) return withPhotoTasks({ signals: [], identifiers: [] }, event);
      const account = event.type === 'account.created' || event.type === 'account.updated' ? event.account.id : null;
      return match(items, event.tenant, account, `${event.type}:${event.id}`).then((detection) => withPhotoTasks(detection, event));
    },
    async followUp(task: FollowUpRun): Promise<Detection> {
      const { url, field, account } = task.input as { url?: unknown; field?: unknown; account?: unknown };
      if (task.task !== PHOTO_TASK || !options.hashPhotoUrl || typeof url !== 'string' || typeof field !== 'string' || typeof account !== 'string') {
        return notFetched(String(field), String(url), `task ${task.task} is not one this detector runs here`, 'not_run');
      }
      let hash: string | null;
      try {
        hash = await options.hashPhotoUrl(url);
      } catch (error) {
        return notFetched(field, url, (error as Error).message, (error as { code?: unknown }).code);
      }
      if (!hash || !isPdqHash(hash)) return notFetched(field, url, 'the picture gave no usable hash', 'no_hash');
      return match([{ hash: hash.toLowerCase(), field }], task.tenant, account, `detector.follow_up:${task.of_event}`);
    },
  };
}

const PHOTO_TASK = 'hash_photo_url';

interface Matcher {
  service: PdqBankService;
  reuse: PhotoReuseTracker;
  maxDistance: number;
  minOthers: number;
}

/** Bank matches for every item, and for profile photos (an account is given) the reuse check. */
async function matchPhotos(m: Matcher, items: HashedItem[], tenant: string, account: string | null, source: string): Promise<Detection> {
  if (items.length === 0) return { signals: [], identifiers: [] };
  const signals: Signal[] = [];
  const identifiers: Identifier[] = items.map((it) => ({ type: 'photo_pdq', value: it.hash, source: `${source} ${it.field}` }));
  const bankReasons: Reason[] = [];
  let bankScore = 0;
  for (const item of items) {
    for (const found of await m.service.lookup(item.hash, m.maxDistance)) {
      bankReasons.push(bankReason(item, found));
      bankScore = Math.max(bankScore, scoreFor(found, m.maxDistance));
    }
  }
  if (bankReasons.length) signals.push({ detector: 'pdq', kind: 'photo.bank_match', score: bankScore, reasons: bankReasons });
  if (account !== null) {
    const reused = reuseSignal(m.reuse, tenant, account, items, m.minOthers);
    if (reused) signals.push(reused);
  }
  return { signals, identifiers };
}

/** Profile photos given only by URL: one follow-up each, so no fetch ever holds up the decision. */
function urlPhotoTasks(event: ChainEvent): FollowUpTask[] {
  if (event.type !== 'account.created' && event.type !== 'account.updated') return [];
  const tasks: FollowUpTask[] = [];
  for (const [i, photo] of event.account.photos.entries()) {
    if (photo.pdq || !photo.url) continue;
    tasks.push({ detector: 'pdq', task: PHOTO_TASK, input: { url: photo.url, field: `account.photos[${i}]`, account: event.account.id } });
  }
  return tasks;
}

function notFetched(field: string, url: string, why: string, code: unknown): Detection {
  const reason: Reason = { code: 'pdq.photo_not_fetched', message: `${field} was not hashed: ${why}`, evidence: { field, url, fetch_code: code } };
  return { signals: [{ detector: 'pdq', kind: 'photo.not_fetched', score: 0, reasons: [reason] }], identifiers: [] };
}

function hashedItems(event: ChainEvent): HashedItem[] {
  const items: HashedItem[] = [];
  const push = (hash: string | undefined, field: string) => {
    if (hash && isPdqHash(hash)) items.push({ hash: hash.toLowerCase(), field });
  };
  if (event.type === 'account.created' || event.type === 'account.updated') {
    event.account.photos.forEach((p, i) => push(p.pdq, `account.photos[${i}]`));
  } else if (event.type === 'media.shared') {
    push(event.media.pdq, 'media');
  } else if (event.type === 'message.sent') {
    event.attachments.forEach((a, i) => push(a.pdq, `attachments[${i}]`));
  }
  return items;
}

/** Closer matches score higher: exact copies keep the bank's score, matches at the threshold lose 0.2. */
function scoreFor(match: BankMatch, maxDistance: number): number {
  const base = BANK_SCORES[match.bank] ?? DEFAULT_BANK_SCORE;
  return Math.round((base - 0.2 * (match.distance / Math.max(1, maxDistance))) * 1000) / 1000;
}

function bankReason(item: HashedItem, match: BankMatch): Reason {
  const how = match.distance === 0 ? 'is identical to' : `is within distance ${match.distance} of`;
  return {
    code: 'pdq.bank_match',
    message: `${item.field} ${how} an entry of bank "${match.bank}" (source: ${match.provenance.source})`,
    evidence: { bank: match.bank, hash: match.hash, query: item.hash, field: item.field, distance: match.distance, provenance: match.provenance },
  };
}

function reuseSignal(tracker: PhotoReuseTracker, tenant: string, account: string, items: HashedItem[], minOthers: number): Signal | null {
  const reasons: Reason[] = [];
  let most = 0;
  for (const item of items) {
    const others = tracker.otherAccounts(tenant, item.hash, account);
    tracker.remember(tenant, item.hash, account);
    if (others.length < minOthers) continue;
    most = Math.max(most, others.length);
    reasons.push({
      code: 'pdq.photo_reused',
      message: `${item.field} is also a profile photo of ${others.length} other account(s); the same picture on many profiles suggests a fake-profile farm`,
      evidence: { hash: item.hash, field: item.field, other_accounts: others.slice(0, 20).map((o) => ({ account: o.account, distance: o.distance })), count: others.length },
    });
  }
  if (reasons.length === 0) return null;
  // Two others is suspicious, ten or more is a farm.
  const score = Math.min(0.95, 0.5 + 0.05 * most);
  return { detector: 'pdq', kind: 'photo.reused', score, reasons };
}
