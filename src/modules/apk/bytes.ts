// Bounds-checked little-endian reads over a byte array. Every parser in src/modules/apk goes through these, so a
// malformed offset or length becomes an ApkFormatError naming what was wrong instead of a RangeError,
// a silent undefined or an unbounded allocation.

export class ApkFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApkFormatError';
  }
}

export function fail(message: string): never {
  throw new ApkFormatError(message);
}

export function u16(bytes: Uint8Array, offset: number, what: string): number {
  if (offset < 0 || offset + 2 > bytes.length) fail(`${what}: offset ${offset} is outside the ${bytes.length}-byte buffer`);
  return bytes[offset] | (bytes[offset + 1] << 8);
}

export function u32(bytes: Uint8Array, offset: number, what: string): number {
  if (offset < 0 || offset + 4 > bytes.length) fail(`${what}: offset ${offset} is outside the ${bytes.length}-byte buffer`);
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) + bytes[offset + 3] * 0x1000000;
}

/** 64-bit value as a number; values above 2^53 are reported as errors rather than rounded. */
export function u64(bytes: Uint8Array, offset: number, what: string): number {
  const low = u32(bytes, offset, what);
  const high = u32(bytes, offset + 4, what);
  if (high >= 0x200000) fail(`${what}: 64-bit value at ${offset} is too large`);
  return high * 0x100000000 + low;
}

/** A sub-range that must lie inside the buffer; returns a view, never a copy. */
export function slice(bytes: Uint8Array, offset: number, length: number, what: string): Uint8Array {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > bytes.length) {
    fail(`${what}: range [${offset}, ${offset + length}) is outside the ${bytes.length}-byte buffer`);
  }
  return bytes.subarray(offset, offset + length);
}

export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  const end = Math.min(bytes.length, offset + length);
  for (let i = Math.max(0, offset); i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApkFormatError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
