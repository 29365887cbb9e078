// Signed, versioned, replay-safe packages between partner platforms: indicator packages (keyed hashes of crew
// identifiers) and feedback packages (confirm / dispute of indicators received). The signature covers the exact
// payload text, so no JSON canonicalisation has to agree between implementations; the payload names sender,
// recipient, creation time and a random nonce, and the recipient keeps the nonces it has accepted (see
// PartnerExchange), so a captured package cannot be played again nor sent to another partner.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { STAGES } from '../../core/signals.ts';
import { SHAREABLE_TYPES } from './keyed-hash.ts';

export const PACKAGE_FORMAT = 'chainbreak.partner-package';
/** Versions this code reads. A package of a newer version is refused with a message saying so. */
export const SUPPORTED_VERSIONS = [1] as const;
export const MAX_PACKAGE_BYTES = 16 * 1024 * 1024;
export const MAX_ITEMS = 100_000;

const Digest = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (HMAC-SHA256)');
const PartyId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'party ids are 1-100 letters, digits, _ . : -');
const IsoTime = z.iso.datetime({ offset: true });

export const Indicator = z.object({
  type: z.enum(SHAREABLE_TYPES),
  hash: Digest,
  first_seen: IsoTime,
  last_seen: IsoTime,
  stages: z.array(z.enum(STAGES)).max(STAGES.length),
  confidence: z.number().min(0).max(1),
  /** The sender's own name for the crew (opaque), so the recipient can tell which indicators go together. */
  crew: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/).optional(),
});
export type Indicator = z.infer<typeof Indicator>;

export const Feedback = z.object({
  type: z.enum(SHAREABLE_TYPES),
  hash: Digest,
  verdict: z.enum(['confirm', 'dispute']),
  reason: z.string().max(500).optional(),
  /** The package the indicator came in. */
  package_id: z.string().max(64).optional(),
});
export type Feedback = z.infer<typeof Feedback>;

const Common = {
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(1),
  id: z.uuid(),
  from: PartyId,
  to: PartyId,
  created_at: IsoTime,
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'nonce must be 16+ random bytes, base64url'),
  /** Which shared HMAC key the hashes are under (partners rotate keys). */
  key_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
};

export const IndicatorPayload = z.object({ ...Common, kind: z.literal('indicators'), indicators: z.array(Indicator).max(MAX_ITEMS) });
export const FeedbackPayload = z.object({ ...Common, kind: z.literal('feedback'), feedback: z.array(Feedback).max(MAX_ITEMS) });
export const Payload = z.discriminatedUnion('kind', [IndicatorPayload, FeedbackPayload]);
export type Payload = z.infer<typeof Payload>;
export type IndicatorPackagePayload = z.infer<typeof IndicatorPayload>;
export type FeedbackPackagePayload = z.infer<typeof FeedbackPayload>;

/** What travels: the payload as text plus an Ed25519 signature over its UTF-8 bytes. */
export const Envelope = z.object({
  format: z.literal(`${PACKAGE_FORMAT}+signed`),
  alg: z.literal('Ed25519'),
  signer: PartyId,
  payload: z.string().min(2).max(MAX_PACKAGE_BYTES),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'an Ed25519 signature is 64 bytes, base64url'),
});
export type Envelope = z.infer<typeof Envelope>;

export type PackageErrorCode = 'malformed' | 'unsupported_version' | 'unknown_signer' | 'bad_signature' | 'wrong_recipient' | 'expired' | 'from_future' | 'replayed' | 'invalid_content';

export class PackageError extends Error {
  readonly code: PackageErrorCode;
  constructor(code: PackageErrorCode, message: string) {
    super(message);
    this.name = 'PackageError';
    this.code = code;
  }
}

export interface SigningKeys {
  /** Raw Ed25519 public key, base64url (the JWK `x`): what partners configure for this platform. */
  publicKey: string;
  /** Raw Ed25519 private key, base64url (the JWK `d`): stays on this platform. */
  privateKey: string;
}

export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { publicKey: publicKey.export({ format: 'jwk' }).x!, privateKey: jwk.d! };
}

export function publicKeyObject(x: string): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch (error) {
    throw new PackageError('malformed', `not an Ed25519 public key (32 bytes, base64url): ${(error as Error).message}`);
  }
}

function privateKeyObject(keys: SigningKeys): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys.publicKey, d: keys.privateKey }, format: 'jwk' });
}

export type UnsignedPayload =
  | Omit<IndicatorPackagePayload, 'format' | 'version' | 'id' | 'nonce' | 'created_at'>
  | Omit<FeedbackPackagePayload, 'format' | 'version' | 'id' | 'nonce' | 'created_at'>;

/** Fills in format, version, id, nonce and time, validates the payload, and signs it. */
export function signPackage(content: UnsignedPayload, keys: SigningKeys, now = Date.now()): { envelope: Envelope; payload: Payload } {
  const draft = { format: PACKAGE_FORMAT, version: 1, id: randomUUID(), created_at: new Date(now).toISOString(), nonce: randomBytes(18).toString('base64url'), ...content };
  const parsed = Payload.safeParse(draft);
  if (!parsed.success) throw new PackageError('invalid_content', `package content is invalid: ${describeIssues(parsed.error)}`);
  const text = JSON.stringify(parsed.data);
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKeyObject(keys)).toString('base64url');
  return { envelope: { format: `${PACKAGE_FORMAT}+signed`, alg: 'Ed25519', signer: parsed.data.from, payload: text, signature }, payload: parsed.data };
}

export interface VerifyOptions {
  /** This platform's party id: a package addressed to anyone else is refused. */
  self: string;
  /** Public key (base64url) of a known partner, or undefined. */
  publicKeyOf: (partner: string) => string | undefined;
  now: number;
  /** How old a package may be (default 24 h). */
  maxAgeMs?: number;
  /** Clock skew tolerated for packages dated in the future (default 5 min). */
  maxSkewMs?: number;
}

export const DEFAULT_MAX_AGE_MS = 24 * 3_600_000;
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

/**
 * Checks everything that needs no database: envelope shape, signer known, signature, payload schema and version,
 * recipient, and the time window. The replay check (nonce not seen before) is the caller's, in the same
 * transaction that stores the package.
 */
export function verifyPackage(input: unknown, options: VerifyOptions): Payload {
  let raw = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    if (text.length > MAX_PACKAGE_BYTES) throw new PackageError('malformed', `package is larger than ${MAX_PACKAGE_BYTES} bytes`);
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new PackageError('malformed', `package is not JSON: ${(error as Error).message}`);
    }
  }
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) throw new PackageError('malformed', `not a signed partner package: ${describeIssues(envelope.error)}`);
  const { signer, payload: text, signature } = envelope.data;
  const publicKey = options.publicKeyOf(signer);
  if (!publicKey) throw new PackageError('unknown_signer', `package is signed by "${signer}", which is not a configured partner`);
  const valid = verify(null, Buffer.from(text, 'utf8'), publicKeyObject(publicKey), Buffer.from(signature, 'base64url'));
  if (!valid) throw new PackageError('bad_signature', `the signature does not match the package content or ${signer}'s key: the package was altered or not signed by ${signer}`);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new PackageError('malformed', `signed payload is not JSON: ${(error as Error).message}`);
  }
  const version = (body as { version?: unknown })?.version;
  if (typeof version === 'number' && !(SUPPORTED_VERSIONS as readonly number[]).includes(version)) {
    throw new PackageError('unsupported_version', `package schema version ${version} is not supported (this build reads ${SUPPORTED_VERSIONS.join(', ')})`);
  }
  const payload = Payload.safeParse(body);
  if (!payload.success) throw new PackageError('invalid_content', `package content is invalid: ${describeIssues(payload.error)}`);
  const p = payload.data;
  if (p.from !== signer) throw new PackageError('bad_signature', `package says it is from "${p.from}" but is signed by "${signer}"`);
  if (p.to !== options.self) throw new PackageError('wrong_recipient', `package is addressed to "${p.to}", not to this platform ("${options.self}")`);
  const created = Date.parse(p.created_at);
  const maxAge = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (options.now - created > maxAge) throw new PackageError('expired', `package was created at ${p.created_at}, more than ${Math.round(maxAge / 60_000)} minutes ago`);
  if (created - options.now > (options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) throw new PackageError('from_future', `package is dated ${p.created_at}, in the future`);
  return p;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
