// The `exchange` configuration section, checked strictly when the configuration is loaded: an unknown key, a key
// of the wrong length or a partner listed twice stops the service at start with the path of what is wrong, rather
// than turning partner sharing silently off or failing the first package hours later.
import { z } from 'zod';
import { AllowAddress } from '../../adapters/net/address-policy.ts';
import { REQUEST_ELEMENTS } from './deadlines.ts';

const PARTY_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** base64url of exactly `bytes` bytes (Ed25519 keys are 32 raw bytes, as the JWK `x` and `d`). */
const base64url = (what: string, bytes: number, atLeast = false) =>
  z.string().refine((text) => {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return false;
    const length = Buffer.from(text, 'base64url').length;
    return atLeast ? length >= bytes : length === bytes;
  }, `${what} must be base64url of ${atLeast ? 'at least ' : ''}${bytes} bytes (chainbreak exchange keygen makes one)`);

const SigningKeysSection = z.strictObject({
  publicKey: base64url('signingKeys.publicKey', 32),
  privateKey: base64url('signingKeys.privateKey', 32),
});

const PartnerSection = z.strictObject({
  id: z.string().regex(PARTY_ID, 'a partner id is 1-100 letters, digits, _ . : or -'),
  publicKey: base64url("the partner's publicKey", 32),
  sharedKey: base64url('sharedKey', 32, true),
  keyId: z.string().regex(/^[A-Za-z0-9_.-]{1,50}$/).optional(),
});

const PeerCredentialsSection = z.strictObject({
  token: z.string().min(1).optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'a header name'), z.string()).optional(),
});

const JurisdictionSection = z.strictObject({
  code: z.string().regex(/^[A-Z]{2,20}$/, 'a jurisdiction code is 2-20 capital letters (US, AU, DEFAULT)'),
  law: z.string().min(1).max(500),
  hours: z.number().positive().max(24 * 365),
  requires: z.array(z.enum(REQUEST_ELEMENTS)),
  note: z.string().max(2_000).optional(),
});

/**
 * How scheduled peer pulls fetch: through the guarded fetcher (src/adapters/net), so a peer URL can never reach
 * loopback, private or metadata addresses unless the operator lists them here (a peer on an internal network,
 * or a test's local fake peer).
 */
const PeerFetchSection = z.strictObject({
  allowAddresses: z.array(AllowAddress).default([]),
  allowHosts: z.array(z.string().min(1)).optional(),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
  maxBytes: z.number().int().min(1_024).max(512 * 1024 * 1024).default(64 * 1024 * 1024),
});

export const ExchangeSection = z
  .strictObject({
    /** This platform's party id in partner packages; partner sharing needs it and `signingKeys`. */
    self: z.string().regex(PARTY_ID, 'self is 1-100 letters, digits, _ . : or -').optional(),
    signingKeys: SigningKeysSection.optional(),
    partners: z.array(PartnerSection).default([]),
    /** Peer credentials by peer name (tokens, StopNCII keys): kept out of the database and the peer URLs. */
    peerCredentials: z.record(z.string(), PeerCredentialsSection).default({}),
    peerFetch: PeerFetchSection.default({ allowAddresses: [], timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024 }),
    jurisdictions: z.array(JurisdictionSection).optional(),
    /** The reporter's service name in authority packages. */
    espService: z.string().min(1).max(200).optional(),
  })
  .superRefine((section, ctx) => {
    if (!!section.self !== !!section.signingKeys) {
      ctx.addIssue({ code: 'custom', path: [section.self ? 'signingKeys' : 'self'], message: 'partner sharing needs both self and signingKeys (set both, or neither)' });
    }
    const seen = new Set<string>();
    section.partners.forEach((partner, i) => {
      if (seen.has(partner.id)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'id'], message: `partner "${partner.id}" is listed twice` });
      if (partner.id === section.self) ctx.addIssue({ code: 'custom', path: ['partners', i, 'id'], message: 'a partner cannot have this platform\'s own id (self)' });
      seen.add(partner.id);
    });
    if (section.partners.length && !section.self) ctx.addIssue({ code: 'custom', path: ['partners'], message: 'partners are configured but self and signingKeys are not' });
  })
  .default({ partners: [], peerCredentials: {}, peerFetch: { allowAddresses: [], timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024 } });

export type ExchangeSection = z.infer<typeof ExchangeSection>;
