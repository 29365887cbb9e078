// PDQ's image-domain steps: RGB to luminance, the reference hasher's nearest-neighbour pre-shrink of large
// images, the two-pass Jarosz tent filter (box filters applied twice along each axis) and the decimation
// to 64x64. The reference does all arithmetic in 32-bit floats; every sum and product here is rounded
// with Math.fround in the same order, so pixel inputs give the reference hash bit for bit.
// Browser-safe: no Node APIs.

const f32 = Math.fround;

// Rec. 601 luma weights, as 32-bit floats like the reference's constants.
const LUMA_R = f32(0.299);
const LUMA_G = f32(0.587);
const LUMA_B = f32(0.114);

/** f32(weight * v) for every byte value: the same products the reference computes, looked up. */
function productTable(weight: number): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = weight * v;
  return table;
}
const LUMA_R_TABLE = productTable(LUMA_R);
const LUMA_G_TABLE = productTable(LUMA_G);
const LUMA_B_TABLE = productTable(LUMA_B);

/** Luma of `n` consecutive pixels starting at byte `p`, written from `out[o]` on. */
function fillLuma(data: Pixels, channels: number, p: number, out: Float32Array, o: number, n: number): void {
  if (channels < 3) {
    for (let k = 0; k < n; k++, p += channels) out[o + k] = data[p];
    return;
  }
  for (let k = 0; k < n; k++, p += channels) {
    out[o + k] = f32(f32(LUMA_R_TABLE[data[p]] + LUMA_G_TABLE[data[p + 1]]) + LUMA_B_TABLE[data[p + 2]]);
  }
}

/** Output size of `lumaFromPixels` for an input of this size. */
export function lumaSize(width: number, height: number, resizeLikeReference: boolean): { width: number; height: number } {
  const shrink = resizeLikeReference && (width > REFERENCE_RESIZE_DIM || height > REFERENCE_RESIZE_DIM);
  return shrink ? { width: REFERENCE_RESIZE_DIM, height: REFERENCE_RESIZE_DIM } : { width, height };
}

/** The reference command-line hasher shrinks anything wider or taller than this to a square of this size. */
export const REFERENCE_RESIZE_DIM = 512;

export type Pixels = Uint8Array | Uint8ClampedArray;

export interface LumaImage {
  luma: Float32Array;
  width: number;
  height: number;
}

/**
 * Source column (or row) for each output column under nearest-neighbour resizing the way the reference's
 * image library (CImg, interpolation type 1) does it: output x reads input floor(x * in / out).
 */
function nearestIndexMap(inSize: number, outSize: number): Int32Array {
  const map = new Int32Array(outSize);
  for (let x = 0; x < outSize; x++) map[x] = inSize === outSize ? x : Math.floor((x * inSize) / outSize);
  return map;
}

/**
 * Luminance of an interleaved 8-bit image with 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) channels.
 * Alpha is ignored, as the reference's decoders drop it. When `resizeLikeReference` is set and either side
 * exceeds 512, the image is first resized to 512x512 by nearest neighbour, exactly as the reference
 * `pdq-photo-hasher` does before hashing (aspect ratio is not kept there either).
 */
export function lumaFromPixels(
  data: Pixels,
  width: number,
  height: number,
  channels: number,
  resizeLikeReference: boolean,
  target?: Float32Array,
): LumaImage {
  const shrink = resizeLikeReference && (width > REFERENCE_RESIZE_DIM || height > REFERENCE_RESIZE_DIM);
  const outW = shrink ? REFERENCE_RESIZE_DIM : width;
  const outH = shrink ? REFERENCE_RESIZE_DIM : height;
  // Callers hashing many images pass a reusable buffer (at least outW*outH long) to avoid an allocation.
  const luma = target && target.length >= outW * outH ? target.subarray(0, outW * outH) : new Float32Array(outW * outH);
  if (!shrink) {
    fillLuma(data, channels, 0, luma, 0, width * height);
    return { luma, width: outW, height: outH };
  }
  const cols = nearestIndexMap(width, outW);
  const rows = nearestIndexMap(height, outH);
  for (let i = 0; i < outH; i++) {
    const rowBase = rows[i] * width;
    for (let j = 0; j < outW; j++) fillLuma(data, channels, (rowBase + cols[j]) * channels, luma, i * outW + j, 1);
  }
  return { luma, width: outW, height: outH };
}

/** Box-filter half-width per pass so that two passes cover one output cell: ceil(old / (2 * new)). */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/**
 * One-dimensional running-mean box filter over `length` samples spaced `stride` apart. The window is
 * centred (for even sizes one more sample on the right), and it shrinks at both edges instead of padding.
 */
function boxFilter1D(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  const leadIn = half - 1;
  const growing = window - half + 1;
  const full = length - window;
  const tail = half - 1;
  let left = start;
  let right = start;
  let out = start;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < leadIn; k++, right += stride) {
    sum = f32(sum + input[right]);
    count++;
  }
  for (let k = 0; k < growing; k++, right += stride, out += stride) {
    sum = f32(sum + input[right]);
    count++;
    output[out] = sum / count;
  }
  for (let k = 0; k < full; k++, left += stride, right += stride, out += stride) {
    sum = f32(sum + input[right]);
    sum = f32(sum - input[left]);
    output[out] = sum / count;
  }
  for (let k = 0; k < tail; k++, left += stride, out += stride) {
    sum = f32(sum - input[left]);
    count--;
    output[out] = sum / count;
  }
}

/**
 * `boxFilter1D` on four consecutive rows at once. Each row's running sum is a chain of dependent float
 * operations; interleaving four independent chains lets the processor overlap them. Bit-identical.
 */
function boxFilter4Rows(input: Float32Array, output: Float32Array, start: number, width: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  const leadIn = half - 1;
  const growing = window - half + 1;
  const full = width - window;
  const tail = half - 1;
  const r0 = start;
  const r1 = start + width;
  const r2 = start + 2 * width;
  const r3 = start + 3 * width;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  let count = 0;
  for (let k = 0; k < leadIn; k++, right++) {
    s0 = f32(s0 + input[r0 + right]);
    s1 = f32(s1 + input[r1 + right]);
    s2 = f32(s2 + input[r2 + right]);
    s3 = f32(s3 + input[r3 + right]);
    count++;
  }
  for (let k = 0; k < growing; k++, right++, out++) {
    s0 = f32(s0 + input[r0 + right]);
    s1 = f32(s1 + input[r1 + right]);
    s2 = f32(s2 + input[r2 + right]);
    s3 = f32(s3 + input[r3 + right]);
    count++;
    output[r0 + out] = s0 / count;
    output[r1 + out] = s1 / count;
    output[r2 + out] = s2 / count;
    output[r3 + out] = s3 / count;
  }
  for (let k = 0; k < full; k++, left++, right++, out++) {
    s0 = f32(f32(s0 + input[r0 + right]) - input[r0 + left]);
    s1 = f32(f32(s1 + input[r1 + right]) - input[r1 + left]);
    s2 = f32(f32(s2 + input[r2 + right]) - input[r2 + left]);
    s3 = f32(f32(s3 + input[r3 + right]) - input[r3 + left]);
    output[r0 + out] = s0 / count;
    output[r1 + out] = s1 / count;
    output[r2 + out] = s2 / count;
    output[r3 + out] = s3 / count;
  }
  for (let k = 0; k < tail; k++, left++, out++) {
    s0 = f32(s0 - input[r0 + left]);
    s1 = f32(s1 - input[r1 + left]);
    s2 = f32(s2 - input[r2 + left]);
    s3 = f32(s3 - input[r3 + left]);
    count--;
    output[r0 + out] = s0 / count;
    output[r1 + out] = s1 / count;
    output[r2 + out] = s2 / count;
    output[r3 + out] = s3 / count;
  }
}

function boxFilterRows(input: Float32Array, output: Float32Array, width: number, height: number, window: number): void {
  let i = 0;
  for (; i + 4 <= height; i += 4) boxFilter4Rows(input, output, i * width, width, window);
  for (; i < height; i++) boxFilter1D(input, output, i * width, width, 1, window);
}

/**
 * The same running-mean filter down every column at once: one running sum per column, rows visited in
 * order, so memory is read sequentially instead of with a row-sized stride. Each column sees exactly the
 * operations `boxFilter1D` would apply to it, so the result is bit-identical.
 */
function boxFilterColumns(input: Float32Array, output: Float32Array, width: number, height: number, window: number, sums: Float32Array): void {
  const half = Math.floor((window + 2) / 2);
  const leadIn = half - 1;
  const growing = window - half + 1;
  const full = height - window;
  const tail = half - 1;
  sums.fill(0, 0, width);
  let right = 0;
  let left = 0;
  let out = 0;
  let count = 0;
  for (let k = 0; k < leadIn; k++, right += width) {
    for (let j = 0; j < width; j++) sums[j] += input[right + j];
    count++;
  }
  for (let k = 0; k < growing; k++, right += width, out += width) {
    count++;
    for (let j = 0; j < width; j++) {
      const sum = f32(sums[j] + input[right + j]);
      sums[j] = sum;
      output[out + j] = sum / count;
    }
  }
  for (let k = 0; k < full; k++, left += width, right += width, out += width) {
    for (let j = 0; j < width; j++) {
      // Two roundings, as the one-dimensional filter does: add the entering sample, then drop the leaving one.
      const sum = f32(f32(sums[j] + input[right + j]) - input[left + j]);
      sums[j] = sum;
      output[out + j] = sum / count;
    }
  }
  for (let k = 0; k < tail; k++, left += width, out += width) {
    count--;
    for (let j = 0; j < width; j++) {
      const sum = f32(sums[j] - input[left + j]);
      sums[j] = sum;
      output[out + j] = sum / count;
    }
  }
}

/**
 * Two passes of (box along rows, then box along columns): a tent-shaped blur that anti-aliases the
 * decimation. `a` holds the image on entry and the result on exit; `b` is scratch of the same size.
 */
export function jaroszFilter(a: Float32Array, b: Float32Array, width: number, height: number, outSize: number): void {
  const windowAlongRows = jaroszWindowSize(width, outSize);
  const windowAlongCols = jaroszWindowSize(height, outSize);
  const sums = new Float32Array(width);
  for (let pass = 0; pass < 2; pass++) {
    boxFilterRows(a, b, width, height, windowAlongRows);
    boxFilterColumns(b, a, width, height, windowAlongCols, sums);
  }
}

/** Picks the sample at the centre of each output cell (after the blur, so no aliasing). */
export function decimate(input: Float32Array, width: number, height: number, out: Float32Array, outSize: number): void {
  for (let oi = 0; oi < outSize; oi++) {
    const ii = Math.floor(((oi + 0.5) * height) / outSize);
    for (let oj = 0; oj < outSize; oj++) {
      const ij = Math.floor(((oj + 0.5) * width) / outSize);
      out[oi * outSize + oj] = input[ii * width + ij];
    }
  }
}
