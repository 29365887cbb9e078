// Keyed hashes of crew identifiers, so two platforms can find the phones, handles and wallets they both hold
// without handing over the ones only one of them holds. The value is first normalised with the rings
// normaliser (two spellings of one IBAN must hash alike), then HMAC-SHA256'd under a sub-key derived per
// identifier type from the key the partners share: a phone hash can never be compared with a handle hash, and
// a leaked sub-key exposes one type only.
import { createHmac, hkdfSync } from 'node:crypto';
import type { IdentifierType } from '../../core/signals.ts';
import { isIdentifierType, normaliseIdentifier } from '../../core/identifiers/normalise.ts';

/** Identifier types worth sharing: they name crew infrastructure, not the network path of one request. */
export const SHAREABLE_TYPES = [
  'phone',
  'email',
  'messenger_handle',
  'payment_account',
  'crypto_wallet',
  'apk_signer',
  'domain',
  'remittance_receiver',
  'photo_pdq',
] as const satisfies readonly IdentifierType[];
export type ShareableType = (typeof SHAREABLE_TYPES)[number];

/** Bumped if the derivation ever changes; part of the HKDF info so old and new hashes never collide. */
export const KEYED_HASH_VERSION = 'chainbreak/indicator/v1';
const MIN_KEY_BYTES = 32;

export class KeyedHashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyedHashError';
  }
}

export function isShareableType(type: unknown): type is ShareableType {
  return typeof type === 'string' && (SHAREABLE_TYPES as readonly string[]).includes(type);
}

/** Decodes a shared key given as base64/base64url (at least 32 random bytes). */
export function decodeSharedKey(encoded: string): Buffer {
  const key = Buffer.from(String(encoded).trim(), 'base64url');
  if (key.length < MIN_KEY_BYTES) throw new KeyedHashError(`a shared key must be at least ${MIN_KEY_BYTES} bytes (base64), got ${key.length}`);
  return key;
}

/**
 * One keyed hasher per shared key. Sub-keys are derived once per type and kept; the shared key itself is not
 * kept after construction.
 */
export class KeyedHasher {
  private readonly subKeys = new Map<ShareableType, Buffer>();

  constructor(sharedKey: Buffer | string) {
    const key = typeof sharedKey === 'string' ? decodeSharedKey(sharedKey) : sharedKey;
    if (key.length < MIN_KEY_BYTES) throw new KeyedHashError(`a shared key must be at least ${MIN_KEY_BYTES} bytes`);
    for (const type of SHAREABLE_TYPES) {
      this.subKeys.set(type, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `${KEYED_HASH_VERSION}/${type}`, 32)));
    }
  }

  /** Hash of a value that is already normalised (as stored in the ring graph). */
  hashNormalised(type: ShareableType, value: string): string {
    const subKey = this.subKeys.get(type);
    if (!subKey) throw new KeyedHashError(`"${type}" is not a shareable identifier type; expected one of ${SHAREABLE_TYPES.join(', ')}`);
    return createHmac('sha256', subKey).update(value, 'utf8').digest('hex');
  }

  /** Normalises a raw value with the rings normaliser, then hashes it; a value that does not normalise is an error. */
  hash(type: IdentifierType, raw: string): string {
    if (!isIdentifierType(type) || !isShareableType(type)) {
      throw new KeyedHashError(`"${String(type)}" is not a shareable identifier type; expected one of ${SHAREABLE_TYPES.join(', ')}`);
    }
    const normalised = normaliseIdentifier(type, raw);
    if (!normalised.ok) throw new KeyedHashError(normalised.error);
    return this.hashNormalised(type, normalised.value);
  }
}
