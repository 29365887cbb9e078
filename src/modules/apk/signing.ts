// Signer certificates from both signing schemes. We do not verify signatures (Android does that at
// install time); we fingerprint the certificates, because a crew that rebuilds the same stealer with a
// new upload URL usually signs it with the same key, so the SHA-256 of the certificate links the builds.
//  - v1: META-INF/*.RSA|*.DSA|*.EC hold a PKCS#7 SignedData whose `certificates` field lists DER certs.
//  - v2/v3: the APK Signing Block sits right before the central directory:
//    u64 size | (u64 length, u32 id, value)* | u64 size | "APK Sig Block 42".
import { createHash, X509Certificate } from 'node:crypto';
import { ascii, fail, slice, u32, u64 } from './bytes.ts';
import { extract, type ZipArchive } from './zip.ts';

export type SigningScheme = 'v1' | 'v2' | 'v3';

export interface Signer {
  /** SHA-256 of the DER certificate, lower-case hex. */
  sha256: string;
  schemes: SigningScheme[];
  subject?: string;
}

const SCHEME_IDS: Record<number, SigningScheme> = { 0x7109871a: 'v2', 0xf05368c0: 'v3', 0x1b93ad61: 'v3' };
const MAGIC = 'APK Sig Block 42';
const MAX_PAIRS = 1_000;

export function readSigners(archive: ZipArchive, warnings: string[]): Signer[] {
  const found = new Map<string, Signer>();
  const add = (der: Uint8Array, scheme: SigningScheme) => {
    const sha256 = createHash('sha256').update(der).digest('hex');
    const signer = found.get(sha256) ?? { sha256, schemes: [], subject: certificateSubject(sha256, der) };
    if (!signer.schemes.includes(scheme)) signer.schemes.push(scheme);
    found.set(sha256, signer);
  };
  for (const entry of archive.entries) {
    if (!/^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(entry.name)) continue;
    try {
      for (const der of pkcs7Certificates(extract(archive, entry))) add(der, 'v1');
    } catch (error) {
      warnings.push(`v1 signature ${entry.name} unreadable: ${(error as Error).message}`);
    }
  }
  try {
    for (const { scheme, der } of signingBlockCertificates(archive.bytes, archive.centralDirectoryOffset)) add(der, scheme);
  } catch (error) {
    warnings.push(`APK Signing Block unreadable: ${(error as Error).message}`);
  }
  return [...found.values()];
}

// Decoding a certificate costs more than the rest of a small scan, and crews reuse keys: remember a
// bounded number of subjects by fingerprint.
const subjects = new Map<string, string | undefined>();
const MAX_REMEMBERED_SUBJECTS = 1_000;

function certificateSubject(sha256: string, der: Uint8Array): string | undefined {
  if (subjects.has(sha256)) return subjects.get(sha256);
  let subject: string | undefined;
  try {
    subject = new X509Certificate(der).subject.replace(/\n/g, ', ');
  } catch {
    subject = undefined; // The fingerprint still counts; the subject is only a convenience for readers.
  }
  if (subjects.size >= MAX_REMEMBERED_SUBJECTS) subjects.clear();
  subjects.set(sha256, subject);
  return subject;
}

export function signingBlockCertificates(bytes: Uint8Array, cdOffset: number): { scheme: SigningScheme; der: Uint8Array }[] {
  if (cdOffset < 32 || ascii(bytes, cdOffset - 16, 16) !== MAGIC) return [];
  const size = u64(bytes, cdOffset - 24, 'signing block size');
  const start = cdOffset - size - 8;
  if (start < 0 || u64(bytes, start, 'signing block leading size') !== size) fail('signing block sizes disagree');
  const result: { scheme: SigningScheme; der: Uint8Array }[] = [];
  let p = start + 8;
  for (let pairs = 0; p < cdOffset - 24 && pairs < MAX_PAIRS; pairs++) {
    const length = u64(bytes, p, 'signing block pair length');
    if (length < 4 || p + 8 + length > cdOffset - 24) fail(`signing block pair at ${p} has a bad length ${length}`);
    const scheme = SCHEME_IDS[u32(bytes, p + 8, 'signing block pair id')];
    if (scheme) for (const der of schemeCertificates(slice(bytes, p + 12, length - 4, 'signature scheme block'))) result.push({ scheme, der });
    p += 8 + length;
  }
  return result;
}

/** Splits a sequence of u32-length-prefixed items. */
function lengthPrefixed(bytes: Uint8Array, what: string): Uint8Array[] {
  const items: Uint8Array[] = [];
  for (let p = 0; p < bytes.length; ) {
    const length = u32(bytes, p, what);
    items.push(slice(bytes, p + 4, length, what));
    p += 4 + length;
  }
  return items;
}

/** v2 and v3 share the shape: signers → signer → signed data → (digests, certificates, …). */
function schemeCertificates(block: Uint8Array): Uint8Array[] {
  const [signers] = lengthPrefixed(slice(block, 0, 4 + u32(block, 0, 'signers length'), 'signers'), 'signers');
  const certificates: Uint8Array[] = [];
  for (const signer of lengthPrefixed(signers, 'signer')) {
    const signedData = slice(signer, 4, u32(signer, 0, 'signed data length'), 'signed data');
    const digestsLength = u32(signedData, 0, 'digests length');
    const certsAt = 4 + digestsLength;
    const certs = slice(signedData, certsAt + 4, u32(signedData, certsAt, 'certificates length'), 'certificates');
    certificates.push(...lengthPrefixed(certs, 'certificate'));
  }
  return certificates;
}

interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

function readTlv(bytes: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) fail('DER element runs past its container');
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let p = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || p + octets > limit) fail('DER length is indefinite or too long');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[p++];
  }
  if (p + length > limit) fail('DER element runs past its container');
  return { tag, start: offset, contentStart: p, end: p + length };
}

function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let p = parent.contentStart; p < parent.end && items.length < 10_000; ) {
    const item = readTlv(bytes, p, parent.end);
    items.push(item);
    p = item.end;
  }
  return items;
}

/** ContentInfo { contentType, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates … } }. */
export function pkcs7Certificates(bytes: Uint8Array): Uint8Array[] {
  const contentInfo = readTlv(bytes, 0, bytes.length);
  const [, explicit] = children(bytes, contentInfo);
  if (!explicit || explicit.tag !== 0xa0) fail('PKCS#7 ContentInfo has no [0] content');
  const [signedData] = children(bytes, explicit);
  if (!signedData || signedData.tag !== 0x30) fail('PKCS#7 content is not a SignedData sequence');
  const certificateSet = children(bytes, signedData).find((item) => item.tag === 0xa0);
  if (!certificateSet) return [];
  return children(bytes, certificateSet).filter((c) => c.tag === 0x30).map((c) => bytes.subarray(c.start, c.end));
}
