// Reads binary PPM (P6, RGB) and PGM (P5, grey) images with 8-bit samples. No decoder is involved, so these
// files give the reference hasher's exact pixels: the compatibility tests rely on that.
// Browser-safe: works on a Uint8Array.
import { MAX_HASHABLE_PIXELS, PdqInputError } from './hasher.ts';

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** Reads the next whitespace-separated header token, skipping `#` comments. */
function readToken(bytes: Uint8Array, pos: number): { token: string; next: number } {
  let p = pos;
  for (;;) {
    while (p < bytes.length && isSpace(bytes[p])) p++;
    if (bytes[p] !== 0x23) break;
    while (p < bytes.length && bytes[p] !== 0x0a && bytes[p] !== 0x0d) p++;
  }
  const start = p;
  while (p < bytes.length && !isSpace(bytes[p]) && p - start < 20) p++;
  if (p === start) throw new PdqInputError('PPM header is truncated');
  return { token: String.fromCharCode(...bytes.subarray(start, p)), next: p };
}

function readPositiveInt(bytes: Uint8Array, pos: number, what: string): { value: number; next: number } {
  const { token, next } = readToken(bytes, pos);
  if (!/^\d{1,9}$/.test(token)) throw new PdqInputError(`PPM ${what} is not a number: "${token}"`);
  return { value: Number(token), next };
}

export function looksLikePnm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x36 || bytes[1] === 0x35);
}

export function readPnm(bytes: Uint8Array): RawImage {
  if (!looksLikePnm(bytes)) throw new PdqInputError('not a binary PPM/PGM file (expected a P6 or P5 header)');
  const channels = bytes[1] === 0x36 ? 3 : 1;
  const w = readPositiveInt(bytes, 2, 'width');
  const h = readPositiveInt(bytes, w.next, 'height');
  const m = readPositiveInt(bytes, h.next, 'maximum value');
  const width = w.value;
  const height = h.value;
  if (width === 0 || height === 0) throw new PdqInputError(`PPM image has no pixels (${width}x${height})`);
  if (width * height > MAX_HASHABLE_PIXELS) {
    throw new PdqInputError(`PPM image is ${width}x${height}, above the ${MAX_HASHABLE_PIXELS}-pixel limit`);
  }
  if (m.value < 1 || m.value > 255) throw new PdqInputError(`PPM maximum value ${m.value} is not supported (8-bit only)`);
  // Exactly one whitespace byte separates the header from the samples.
  const start = m.next + 1;
  const needed = width * height * channels;
  if (bytes.length < start + needed) {
    throw new PdqInputError(`PPM pixel data is truncated: ${Math.max(0, bytes.length - start)} of ${needed} bytes`);
  }
  return { data: bytes.subarray(start, start + needed), width, height, channels };
}
