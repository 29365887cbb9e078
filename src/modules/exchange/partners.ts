// Private identifier sharing with partner platforms: builds signed indicator packages from crew identifiers,
// receives partners' packages (verified, replay-checked and stored in one transaction), matches what a partner
// sent against this platform's own identifiers, and exchanges confirm / dispute feedback that moves each
// indicator's weight. Raw values never leave: only keyed hashes do (see keyed-hash.ts and docs/exchange.md).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CoreDb } from '../../adapters/store/db.ts';
import type { Stage } from '../../core/signals.ts';
import { isShareableType, KeyedHasher, type ShareableType } from './keyed-hash.ts';
import type { ExchangeTables } from './migration.ts';
import { PackageError, signPackage, verifyPackage, type Envelope, type Feedback, type Payload, type SigningKeys } from './package.ts';
import { indicatorWeight } from './weights.ts';

export interface PartnerConfig {
  id: string;
  /** The partner's Ed25519 public key, base64url (raw 32 bytes). */
  publicKey: string;
  /** The HMAC key both sides hold for this partnership, base64url (32+ random bytes). */
  sharedKey: string;
  /** Names the shared key in packages, so a rotation is visible (default `k1`). */
  keyId?: string;
}

export interface PartnerExchangeOptions {
  db: CoreDb;
  /** This platform's party id, as partners know it. */
  self: string;
  signingKeys: SigningKeys;
  partners: PartnerConfig[];
  now?: () => number;
  maxAgeMs?: number;
  maxSkewMs?: number;
}

/** One crew identifier as this platform knows it (value already normalised, as in the ring graph). */
export interface LocalIndicator {
  type: ShareableType;
  value: string;
  firstSeen: number;
  lastSeen: number;
  stages: Stage[];
  confidence: number;
  crew?: string;
}

export interface ReceiveResult {
  packageId: string;
  from: string;
  kind: Payload['kind'];
  stored: number;
  /** Feedback items about indicators this platform never sent to that partner. */
  ignored: number;
}

export interface LocalIdentifier {
  tenant: string;
  account: string;
  type: string;
  value: string;
}

export interface IndicatorMatch {
  partner: string;
  tenant: string;
  account: string;
  type: ShareableType;
  value: string;
  hash: string;
  stages: Stage[];
  confidence: number;
  weight: number;
  confirms: number;
  disputes: number;
  crew: string | null;
  firstSeen: number;
  lastSeen: number;
  packageId: string;
}

/** Rows per multi-row insert: under SQLite's 32766 bound parameters at 12 columns. */
const BATCH = 500;

export class PartnerExchange {
  private readonly db: CoreDb;
  private readonly options: PartnerExchangeOptions;
  private readonly now: () => number;
  private readonly partners = new Map<string, PartnerConfig & { hasher: KeyedHasher }>();

  constructor(options: PartnerExchangeOptions) {
    this.db = options.db;
    this.options = options;
    this.now = options.now ?? Date.now;
    for (const p of options.partners) {
      if (p.id === options.self) throw new PackageError('invalid_content', `partner id "${p.id}" is this platform's own id`);
      this.partners.set(p.id, { ...p, hasher: new KeyedHasher(p.sharedKey) });
    }
  }

  partnerIds(): string[] {
    return [...this.partners.keys()].sort();
  }

  /**
   * Hashes the indicators for one partner and signs them. Each confidence is lowered by the feedback the *other*
   * partners gave on the same value (the recipient already counts its own verdicts), so a dispute raised by one
   * partner reaches the others.
   */
  async buildIndicatorPackage(partnerId: string, indicators: LocalIndicator[]): Promise<Envelope> {
    const partner = this.partner(partnerId);
    const hashed = indicators.map((ind) => {
      if (!isShareableType(ind.type)) throw new PackageError('invalid_content', `"${ind.type}" is not a shareable identifier type`);
      return { ind, hash: partner.hasher.hashNormalised(ind.type, ind.value) };
    });
    const feedback = await this.feedbackFromOthers(partnerId, indicators);
    const { envelope, payload } = signPackage(
      {
        kind: 'indicators',
        from: this.options.self,
        to: partnerId,
        key_id: partner.keyId ?? 'k1',
        indicators: hashed.map(({ ind, hash }) => {
          const fb = feedback.get(`${ind.type}:${ind.value}`);
          return {
            type: ind.type,
            hash,
            first_seen: new Date(ind.firstSeen).toISOString(),
            last_seen: new Date(ind.lastSeen).toISOString(),
            stages: [...new Set(ind.stages)],
            confidence: round(fb ? indicatorWeight(ind.confidence, fb.confirms, fb.disputes) : ind.confidence),
            ...(ind.crew ? { crew: ind.crew } : {}),
          };
        }),
      },
      this.options.signingKeys,
      this.now(),
    );
    const sharedAt = this.now();
    await this.db.transaction().execute(async (trx) => {
      const rows = lastPerKey(hashed.map(({ ind, hash }) => ({ type: ind.type, hash }))).map(({ type, hash }) => ({ partner: partnerId, type, hash, package_id: payload.id, shared_at: sharedAt, confirms: 0, disputes: 0 }));
      for (let i = 0; i < rows.length; i += BATCH) {
        await trx
          .insertInto('exchange_indicators_out')
          .values(rows.slice(i, i + BATCH))
          .onConflict((oc) => oc.columns(['partner', 'type', 'hash']).doUpdateSet((eb) => ({ package_id: eb.ref('excluded.package_id'), shared_at: eb.ref('excluded.shared_at') })))
          .execute();
      }
    });
    return envelope;
  }

  /**
   * Verifies a package (signature, schema, recipient, time window), refuses a nonce already accepted from that
   * partner, and stores its content, all or nothing.
   */
  async receive(input: unknown): Promise<ReceiveResult> {
    const now = this.now();
    const payload = verifyPackage(input, {
      self: this.options.self,
      publicKeyOf: (id) => this.partners.get(id)?.publicKey,
      now,
      maxAgeMs: this.options.maxAgeMs,
      maxSkewMs: this.options.maxSkewMs,
    });
    return this.db.transaction().execute(async (trx) => {
      // Insert-or-nothing on (partner, nonce): of two concurrent deliveries of one package exactly one gets the row.
      const claimed = await trx
        .insertInto('exchange_seen_packages')
        .values({ partner: payload.from, nonce: payload.nonce, package_id: payload.id, created_at: Date.parse(payload.created_at), received_at: now })
        .onConflict((oc) => oc.columns(['partner', 'nonce']).doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) {
        throw new PackageError('replayed', `package ${payload.id} from ${payload.from} was already received (its nonce has been seen); a replay is refused`);
      }
      if (payload.kind === 'indicators') {
        const rows = lastPerKey(payload.indicators).map((ind) => ({
          partner: payload.from,
          type: ind.type,
          hash: ind.hash,
          first_seen: Date.parse(ind.first_seen),
          last_seen: Date.parse(ind.last_seen),
          stages: JSON.stringify(ind.stages),
          confidence: ind.confidence,
          crew: ind.crew ?? null,
          package_id: payload.id,
          received_at: now,
          confirms: 0,
          disputes: 0,
        }));
        // A re-sent indicator updates what the partner says about it; the local confirm/dispute counts stay.
        for (let i = 0; i < rows.length; i += BATCH) {
          await trx
            .insertInto('exchange_indicators_in')
            .values(rows.slice(i, i + BATCH))
            .onConflict((oc) =>
              oc.columns(['partner', 'type', 'hash']).doUpdateSet((eb) => ({
                first_seen: eb.ref('excluded.first_seen'),
                last_seen: eb.ref('excluded.last_seen'),
                stages: eb.ref('excluded.stages'),
                confidence: eb.ref('excluded.confidence'),
                crew: eb.ref('excluded.crew'),
                package_id: eb.ref('excluded.package_id'),
                received_at: eb.ref('excluded.received_at'),
              })),
            )
            .execute();
        }
        return { packageId: payload.id, from: payload.from, kind: payload.kind, stored: payload.indicators.length, ignored: 0 };
      }
      let stored = 0;
      for (const fb of payload.feedback) {
        const column = fb.verdict === 'confirm' ? 'confirms' : 'disputes';
        const result = await trx
          .updateTable('exchange_indicators_out')
          .set((eb) => ({ [column]: eb(column, '+', 1) }))
          .where('partner', '=', payload.from)
          .where('type', '=', fb.type)
          .where('hash', '=', fb.hash)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) continue;
        stored++;
        await trx
          .insertInto('exchange_feedback')
          .values({ id: randomUUID(), partner: payload.from, direction: 'in', type: fb.type, hash: fb.hash, verdict: fb.verdict, reason: fb.reason ?? null, package_id: payload.id, time: now })
          .execute();
      }
      return { packageId: payload.id, from: payload.from, kind: payload.kind, stored, ignored: payload.feedback.length - stored };
    });
  }

  /** Partners' indicators that equal one of the given local identifiers, with their current weight. */
  async match(identifiers: readonly LocalIdentifier[], options: { partners?: string[] } = {}): Promise<IndicatorMatch[]> {
    const out: IndicatorMatch[] = [];
    for (const partnerId of options.partners ?? this.partnerIds()) {
      const partner = this.partner(partnerId);
      const byHash = new Map<string, LocalIdentifier[]>();
      for (const id of identifiers) {
        if (!isShareableType(id.type)) continue;
        const hash = partner.hasher.hashNormalised(id.type, id.value);
        const key = `${id.type}:${hash}`;
        byHash.set(key, [...(byHash.get(key) ?? []), id]);
      }
      const hashes = [...new Set([...byHash.keys()].map((k) => k.slice(k.indexOf(':') + 1)))];
      for (let i = 0; i < hashes.length; i += 500) {
        const rows = await this.db.selectFrom('exchange_indicators_in').selectAll().where('partner', '=', partnerId).where('hash', 'in', hashes.slice(i, i + 500)).execute();
        for (const row of rows) {
          for (const local of byHash.get(`${row.type}:${row.hash}`) ?? []) {
            const confirms = Number(row.confirms);
            const disputes = Number(row.disputes);
            out.push({
              partner: partnerId,
              tenant: local.tenant,
              account: local.account,
              type: row.type as ShareableType,
              value: local.value,
              hash: row.hash,
              stages: JSON.parse(row.stages),
              confidence: Number(row.confidence),
              weight: round(indicatorWeight(Number(row.confidence), confirms, disputes)),
              confirms,
              disputes,
              crew: row.crew ?? null,
              firstSeen: Number(row.first_seen),
              lastSeen: Number(row.last_seen),
              packageId: row.package_id,
            });
          }
        }
      }
    }
    return out.sort((a, b) => b.weight - a.weight || a.account.localeCompare(b.account));
  }

  /** Matches against every active link of the ring graph of a tenant (read from the rings tables). */
  async matchRingLinks(tenant: string): Promise<IndicatorMatch[]> {
    const links = await this.db
      .selectFrom('rings_links')
      .select(['tenant', 'account', 'type', 'value'])
      .where('tenant', '=', tenant)
      .where('removed', '=', 0)
      .execute();
    return this.match(links);
  }

  /**
   * Records this platform's verdict on indicators a partner sent (a dispute lowers their weight here at once)
   * and returns the signed feedback package to send back to that partner.
   */
  async giveFeedback(partnerId: string, items: Feedback[]): Promise<Envelope> {
    const partner = this.partner(partnerId);
    const now = this.now();
    const { envelope, payload } = signPackage({ kind: 'feedback', from: this.options.self, to: partnerId, key_id: partner.keyId ?? 'k1', feedback: items }, this.options.signingKeys, now);
    if (payload.kind !== 'feedback') throw new Error('unreachable');
    await this.db.transaction().execute(async (trx) => {
      for (const fb of payload.feedback) {
        const column = fb.verdict === 'confirm' ? 'confirms' : 'disputes';
        const result = await trx
          .updateTable('exchange_indicators_in')
          .set((eb) => ({ [column]: eb(column, '+', 1) }))
          .where('partner', '=', partnerId)
          .where('type', '=', fb.type)
          .where('hash', '=', fb.hash)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) {
          throw new PackageError('invalid_content', `${partnerId} never sent a ${fb.type} indicator ${fb.hash.slice(0, 12)}…; feedback is only for indicators received`);
        }
        await trx
          .insertInto('exchange_feedback')
          .values({ id: randomUUID(), partner: partnerId, direction: 'out', type: fb.type, hash: fb.hash, verdict: fb.verdict, reason: fb.reason ?? null, package_id: payload.id, time: now })
          .execute();
      }
    });
    return envelope;
  }

  /** Indicators shared with a partner and the feedback they drew. */
  async sharedWith(partnerId: string): Promise<{ type: string; hash: string; confirms: number; disputes: number; sharedAt: number }[]> {
    const rows = await this.db.selectFrom('exchange_indicators_out').selectAll().where('partner', '=', partnerId).orderBy('shared_at').execute();
    return rows.map((r) => ({ type: r.type, hash: r.hash, confirms: Number(r.confirms), disputes: Number(r.disputes), sharedAt: Number(r.shared_at) }));
  }

  /** Forgets nonces older than twice the accepted package age: older packages are refused as expired anyway. */
  async pruneSeenPackages(): Promise<number> {
    const cutoff = this.now() - 2 * (this.options.maxAgeMs ?? 24 * 3_600_000);
    const result = await this.db.deleteFrom('exchange_seen_packages').where('created_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Confirms and disputes of every partner but `except` on the given values, keyed `type:value`. */
  private async feedbackFromOthers(except: string, indicators: LocalIndicator[]): Promise<Map<string, { confirms: number; disputes: number }>> {
    const out = new Map<string, { confirms: number; disputes: number }>();
    for (const other of this.partners.values()) {
      if (other.id === except || indicators.length === 0) continue;
      const byHash = new Map(indicators.filter((i) => isShareableType(i.type)).map((i) => [`${i.type}:${other.hasher.hashNormalised(i.type, i.value)}`, `${i.type}:${i.value}`]));
      const hashes = [...new Set([...byHash.keys()].map((k) => k.slice(k.indexOf(':') + 1)))];
      for (let i = 0; i < hashes.length; i += 500) {
        const rows = await this.db.selectFrom('exchange_indicators_out').select(['type', 'hash', 'confirms', 'disputes']).where('partner', '=', other.id).where('hash', 'in', hashes.slice(i, i + 500)).execute();
        for (const row of rows) {
          const key = byHash.get(`${row.type}:${row.hash}`);
          if (!key) continue;
          const sum = out.get(key) ?? { confirms: 0, disputes: 0 };
          sum.confirms += Number(row.confirms);
          sum.disputes += Number(row.disputes);
          out.set(key, sum);
        }
      }
    }
    return out;
  }

  private partner(id: string) {
    const partner = this.partners.get(id);
    if (!partner) throw new PackageError('unknown_signer', `"${id}" is not a configured partner (configured: ${this.partnerIds().join(', ') || 'none'})`);
    return partner;
  }
}

/** One row per (type, hash), the last one winning: PostgreSQL refuses an upsert that touches a row twice. */
function lastPerKey<T extends { type: string; hash: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((i) => [`${i.type}:${i.hash}`, i])).values()];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
