// PDQ hash values: 256 bits written as 64 lowercase hex digits, as the reference prints them.
// Browser-safe: no Node APIs.

/** PDQ's conventional match threshold (the reference README and python-threatexchange agree). */
export const PDQ_MATCH_THRESHOLD = 31;
/** Hashes below this quality are usually discarded by the industry tools. */
export const PDQ_QUALITY_THRESHOLD = 50;

const HEX_RE = /^[0-9a-fA-F]{64}$/;

export class PdqHashFormatError extends Error {
  constructor(value: string) {
    const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
    super(`not a PDQ hash (expected 64 hex digits): "${shown}"`);
    this.name = 'PdqHashFormatError';
  }
}

export function isPdqHash(value: string): boolean {
  return HEX_RE.test(value);
}

/** Validates and lower-cases a hash; throws PdqHashFormatError naming the bad value. */
export function normalizePdqHash(value: string): string {
  const trimmed = value.trim();
  if (!HEX_RE.test(trimmed)) throw new PdqHashFormatError(value);
  return trimmed.toLowerCase();
}

/**
 * Eight 32-bit words, word 0 holding the first 8 hex digits. The bit order inside is irrelevant to
 * Hamming distance as long as every hash goes through the same function.
 */
export function hashToWords(hex: string, out: Uint32Array = new Uint32Array(8), offset = 0): Uint32Array {
  for (let w = 0; w < 8; w++) {
    out[offset + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16) >>> 0;
  }
  return out;
}

export function wordsToHash(words: Uint32Array, offset = 0): string {
  let hex = '';
  for (let w = 0; w < 8; w++) hex += (words[offset + w] >>> 0).toString(16).padStart(8, '0');
  return hex;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between two word arrays of 8 words each, at the given offsets. */
export function hammingWords(a: Uint32Array, aOff: number, b: Uint32Array, bOff: number): number {
  let d = 0;
  for (let w = 0; w < 8; w++) d += popcount32((a[aOff + w] ^ b[bOff + w]) >>> 0);
  return d;
}

/** Hamming distance between two hex hashes (both validated). */
export function hammingDistance(a: string, b: string): number {
  return hammingWords(hashToWords(normalizePdqHash(a)), 0, hashToWords(normalizePdqHash(b)), 0);
}
