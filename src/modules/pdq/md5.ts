// MD5 of a file's bytes, for exact-copy matching alongside PDQ (StopNCII and the exchange tools share both).
// Browser-safe: @noble/hashes is pure JavaScript, audited, and already a dependency.
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export function md5Hex(bytes: Uint8Array): string {
  return bytesToHex(md5(bytes));
}
