// The PDQ perceptual hash (Meta's published algorithm, ThreatExchange `pdq/`), written from its description:
// luminance -> two-pass tent-filter downsample to 64x64 -> 16x16 corner of the 2-D DCT -> one bit per
// coefficient above the median -> 256 bits as 64 hex digits; plus the gradient-based quality metric and the
// eight dihedral variants (computed from the one DCT by sign flips and transposes).
// Browser-safe on purpose (no Node APIs, no Buffer): the victim help page hashes photos on the user's
// device with this same file, so only the hash leaves it.
import { decimate, jaroszFilter, lumaFromPixels, lumaSize, type Pixels } from './downscale.ts';

const f32 = Math.fround;
const DOWNSAMPLED = 64;
const DCT_SIZE = 16;
/** The reference refuses to hash smaller images and reports an all-zero hash of quality 0 instead. */
export const MIN_HASHABLE_DIM = 5;
/** Far above any photo; stops a forged header from asking for gigabytes of scratch memory. */
export const MAX_HASHABLE_PIXELS = 100_000_000;

export const DIHEDRAL_NAMES = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipx',
  'flipy',
  'flipplus1',
  'flipminus1',
] as const;
export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

export interface PdqResult {
  hash: string;
  /** 0..100; below 50 the hash says little about the picture (flat or tiny images). */
  quality: number;
}

export interface PdqDihedralResult {
  hashes: Record<DihedralName, string>;
  quality: number;
}

export interface HashOptions {
  /**
   * Shrink images larger than 512 on either side to 512x512 by nearest neighbour first, as the reference
   * `pdq-photo-hasher` does (default true, so our hashes match what partners' reference tools produce).
   */
  resizeLikeReference?: boolean;
}

export class PdqInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdqInputError';
  }
}

/** Rows 1..16 of the 64-point DCT-II basis (row 0, the DC term, carries no structure), scaled by sqrt(2/64). */
const DCT_MATRIX: Float32Array = (() => {
  const m = new Float32Array(DCT_SIZE * DOWNSAMPLED);
  const scale = f32(Math.sqrt(2 / DOWNSAMPLED));
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) {
      m[i * DOWNSAMPLED + j] = scale * Math.cos((Math.PI / 2 / DOWNSAMPLED) * (i + 1) * (2 * j + 1));
    }
  }
  return m;
})();

function validateDimensions(width: number, height: number, channels: number, length: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new PdqInputError(`image has no pixels (width ${width}, height ${height})`);
  }
  if (width * height > MAX_HASHABLE_PIXELS) {
    throw new PdqInputError(`image is ${width}x${height}, above the ${MAX_HASHABLE_PIXELS}-pixel limit`);
  }
  if (![1, 2, 3, 4].includes(channels)) throw new PdqInputError(`unsupported channel count ${channels} (1 to 4)`);
  if (length < width * height * channels) {
    throw new PdqInputError(`pixel buffer holds ${length} bytes; ${width}x${height}x${channels} needs ${width * height * channels}`);
  }
}

/** Gradient-based quality: how much significant structure the 64x64 image has (heuristic from the PDQ paper). */
function qualityMetric(img: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < DOWNSAMPLED - 1; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) {
      const d = f32(f32(img[i * 64 + j] - img[(i + 1) * 64 + j]) * 100) / 255;
      gradientSum += Math.abs(Math.trunc(f32(d)));
    }
  }
  for (let i = 0; i < DOWNSAMPLED; i++) {
    for (let j = 0; j < DOWNSAMPLED - 1; j++) {
      const d = f32(f32(img[i * 64 + j] - img[i * 64 + j + 1]) * 100) / 255;
      gradientSum += Math.abs(Math.trunc(f32(d)));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** B = D A D^T restricted to the 16x16 low-frequency corner (rows/cols 1..16), summed in float32 order. */
function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(DCT_SIZE * DOWNSAMPLED);
  for (let i = 0; i < DCT_SIZE; i++) {
    const d = i * DOWNSAMPLED;
    for (let j = 0; j < DOWNSAMPLED; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLED; k++) sum = f32(sum + f32(DCT_MATRIX[d + k] * a[k * DOWNSAMPLED + j]));
      t[d + j] = sum;
    }
  }
  const b = new Float32Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    const r = i * DOWNSAMPLED;
    for (let j = 0; j < DCT_SIZE; j++) {
      const d = j * DOWNSAMPLED;
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLED; k++) sum = f32(sum + f32(t[r + k] * DCT_MATRIX[d + k]));
      b[i * DCT_SIZE + j] = sum;
    }
  }
  return b;
}

/**
 * One bit per coefficient: set when it exceeds the median (the 128th smallest of 256, which is what the
 * reference's Torben median returns for an even count). Bit i*16+j lives in 16-bit word i; words are
 * printed from 15 down to 0, four hex digits each, as the reference does.
 */
function bitsToHex(dct: Float32Array): string {
  const median = Float32Array.from(dct).sort()[127];
  let hex = '';
  for (let i = DCT_SIZE - 1; i >= 0; i--) {
    let word = 0;
    for (let j = 0; j < DCT_SIZE; j++) if (dct[i * DCT_SIZE + j] > median) word |= 1 << j;
    hex += word.toString(16).padStart(4, '0');
  }
  return hex;
}

// Two image-sized work buffers, kept between calls (hashing is synchronous, so they are never shared).
let workA = new Float32Array(0);
let workB = new Float32Array(0);

function workBuffers(n: number): [Float32Array, Float32Array] {
  if (workA.length < n) {
    workA = new Float32Array(n);
    workB = new Float32Array(n);
  }
  return [workA.subarray(0, n), workB.subarray(0, n)];
}

/**
 * Blur and decimate luma to 64x64; the reference skips the filter only for exact 64x64 inputs (video
 * frames). `luma` is filtered in place when `inPlace` is set, otherwise it is copied first.
 */
function downsampleTo64(luma: Float32Array, width: number, height: number, skipIf64: boolean, inPlace = false): Float32Array {
  const out = new Float32Array(DOWNSAMPLED * DOWNSAMPLED);
  if (skipIf64 && width === DOWNSAMPLED && height === DOWNSAMPLED) {
    out.set(luma.subarray(0, out.length));
    return out;
  }
  const n = width * height;
  const [a, b] = workBuffers(n);
  const work = inPlace && luma.buffer === a.buffer ? luma : a;
  if (work !== luma) work.set(luma.subarray(0, n));
  jaroszFilter(work, b, width, height, DOWNSAMPLED);
  decimate(work, width, height, out, DOWNSAMPLED);
  return out;
}

/** Luma of interleaved pixels, written into the shared work buffer so it can be filtered without a copy. */
function lumaInWorkBuffer(data: Pixels, width: number, height: number, channels: number, options: HashOptions) {
  const resize = options.resizeLikeReference ?? true;
  const size = lumaSize(width, height, resize);
  const [a] = workBuffers(size.width * size.height);
  return lumaFromPixels(data, width, height, channels, resize, a);
}

const ZERO_HASH = '0'.repeat(64);

/** PDQ hash of a luminance image (row-major floats, 0..255); `luma` is not modified. */
export function pdqHashFromLuma(luma: Float32Array, width: number, height: number): PdqResult {
  validateDimensions(width, height, 1, luma.length);
  return hashLuma(luma, width, height, false);
}

function hashLuma(luma: Float32Array, width: number, height: number, inPlace: boolean): PdqResult {
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) return { hash: ZERO_HASH, quality: 0 };
  const img = downsampleTo64(luma, width, height, true, inPlace);
  return { hash: bitsToHex(dct64To16(img)), quality: qualityMetric(img) };
}

/**
 * PDQ hash of interleaved 8-bit pixels: `channels` 4 for a canvas's ImageData (RGBA), 3 for RGB, 1 for
 * grey, 2 for grey+alpha. Alpha is ignored.
 */
export function pdqHashFromRgba(
  data: Pixels,
  width: number,
  height: number,
  channels = 4,
  options: HashOptions = {},
): PdqResult {
  validateDimensions(width, height, channels, data.length);
  const img = lumaInWorkBuffer(data, width, height, channels, options);
  return hashLuma(img.luma, img.width, img.height, true);
}

type Placement = (i: number, j: number) => { index: number; negate: boolean };

/**
 * Where coefficient (i, j) of the original's DCT lands in each variant's DCT, and whether it changes sign:
 * mirroring along an axis negates the odd-frequency basis functions of that axis, and rotations and the
 * diagonal flips transpose the matrix. Coefficient indices here are frequencies 1..16, so "odd frequency"
 * is an even index.
 */
const PLACEMENTS: Record<DihedralName, Placement> = {
  original: (i, j) => ({ index: i * 16 + j, negate: false }),
  rotate90: (i, j) => ({ index: j * 16 + i, negate: (j & 1) === 0 }),
  rotate180: (i, j) => ({ index: i * 16 + j, negate: ((i + j) & 1) === 1 }),
  rotate270: (i, j) => ({ index: j * 16 + i, negate: (i & 1) === 0 }),
  flipx: (i, j) => ({ index: i * 16 + j, negate: (i & 1) === 0 }),
  flipy: (i, j) => ({ index: i * 16 + j, negate: (j & 1) === 0 }),
  flipplus1: (i, j) => ({ index: j * 16 + i, negate: false }),
  flipminus1: (i, j) => ({ index: j * 16 + i, negate: ((i + j) & 1) === 1 }),
};

function transformDct(dct: Float32Array, placement: Placement): Float32Array {
  const out = new Float32Array(dct.length);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      const { index, negate } = placement(i, j);
      const v = dct[i * DCT_SIZE + j];
      out[index] = negate ? -v : v;
    }
  }
  return out;
}

/** The eight dihedral hashes (what the hash of the rotated/flipped picture would be) from one DCT. */
function dihedralLuma(luma: Float32Array, width: number, height: number, inPlace: boolean): PdqDihedralResult {
  const hashes = {} as Record<DihedralName, string>;
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
    for (const name of DIHEDRAL_NAMES) hashes[name] = ZERO_HASH;
    return { hashes, quality: 0 };
  }
  // The reference's dihedral path always filters, even at 64x64; keep that so outputs agree.
  const img = downsampleTo64(luma, width, height, false, inPlace);
  const dct = dct64To16(img);
  for (const name of DIHEDRAL_NAMES) hashes[name] = bitsToHex(transformDct(dct, PLACEMENTS[name]));
  return { hashes, quality: qualityMetric(img) };
}

export function pdqDihedralFromRgba(
  data: Pixels,
  width: number,
  height: number,
  channels = 4,
  options: HashOptions = {},
): PdqDihedralResult {
  validateDimensions(width, height, channels, data.length);
  const img = lumaInWorkBuffer(data, width, height, channels, options);
  return dihedralLuma(img.luma, img.width, img.height, true);
}
