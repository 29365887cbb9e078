// The pdq detector: profile photos (`account.created|updated`) and media shared in chats (`media.shared`,
// `message.sent` attachments) that carry a PDQ hash are matched against the banks, and profile photos are
// also compared with other accounts' recent profile photos: the same stolen picture on several new profiles
// is the signature of a fake-profile farm. Photos given only by URL are not fetched (no network from
// detectors) unless the deployment passes `hashPhotoUrl`; platforms send the hash, computed on their side or
// by `POST /v1/pdq/hash`.
import type { Detector } from '../../core/detector.ts';
import type { ChainEvent } from '../../core/events.ts';
import type { Detection, Identifier, Reason, Signal } from '../../core/signals.ts';
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
   * Hashes a profile photo given only by URL (fetch, size-capped decode, PDQ). Off by default: detectors do
   * no network I/O unless the deployment opts in. A failure (e.g. a
   * refused fetch) is never fatal: it becomes a reason of a zero-score `photo.not_fetched` signal.
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

  return {
    name: 'pdq',
    eventTypes: ['account.created', 'account.updated', 'media.shared', 'message.sent'],
    signalKinds: PDQ_SIGNAL_KINDS,
    async detect(event: ChainEvent): Promise<Detection> {
      const items = hashedItems(event);
      const notFetched: Reason[] = [];
      if (options.hashPhotoUrl) items.push(...(await hashedUrlPhotos(event, options.hashPhotoUrl, notFetched)));
      // A photo that could not be fetched (or was refused by the fetch guard) scores nothing, but says why.
      const signals: Signal[] = notFetched.length ? [{ detector: 'pdq', kind: 'photo.not_fetched', score: 0, reasons: notFetched }] : [];
      if (items.length === 0) return { signals, identifiers: [] };
      const identifiers: Identifier[] = items.map((it) => ({ type: 'photo_pdq', value: it.hash, source: `${event.type}:${event.id} ${it.field}` }));

      const bankReasons: Reason[] = [];
      let bankScore = 0;
      for (const item of items) {
        for (const match of await service.lookup(item.hash, maxDistance)) {
          bankReasons.push(bankReason(item, match));
          bankScore = Math.max(bankScore, scoreFor(match, maxDistance));
        }
      }
      if (bankReasons.length) signals.push({ detector: 'pdq', kind: 'photo.bank_match', score: bankScore, reasons: bankReasons });

      if (event.type === 'account.created' || event.type === 'account.updated') {
        const reused = reuseSignal(reuse, event.tenant, event.account.id, items, minOthers);
        if (reused) signals.push(reused);
      }
      return { signals, identifiers };
    },
  };
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

// This awaits each photo's fetch inside detect(), i.e. on the decision path (see docs/reliability.md).
async function hashedUrlPhotos(event: ChainEvent, hashPhotoUrl: (url: string) => Promise<string | null>, notFetched: Reason[]): Promise<HashedItem[]> {
  if (event.type !== 'account.created' && event.type !== 'account.updated') return [];
  const items: HashedItem[] = [];
  for (const [i, photo] of event.account.photos.entries()) {
    if (photo.pdq || !photo.url) continue;
    const field = `account.photos[${i}]`;
    const hash = await hashPhotoUrl(photo.url).catch((error: Error & { code?: unknown }) => {
      notFetched.push({ code: 'pdq.photo_not_fetched', message: `${field} was not hashed: ${error.message}`, evidence: { field, url: photo.url, fetch_code: error.code } });
      return null;
    });
    if (hash && isPdqHash(hash)) items.push({ hash: hash.toLowerCase(), field });
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
