// Node adapter: decodes image files (JPEG, PNG, WebP, GIF first frame, TIFF, AVIF via sharp; PPM/PGM without
// any decoder) into pixels for the browser-safe hasher, with limits that turn decompression bombs, truncated
// and malformed files into clear errors.
import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import {
  PdqInputError,
  pdqDihedralFromRgba,
  pdqHashFromRgba,
  type PdqDihedralResult,
  type PdqResult,
} from './hasher.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS } from './limits.ts';
import { looksLikePnm, readPnm } from './ppm.ts';

export interface DecodeOptions {
  /** Largest accepted file, in bytes (default 50 MiB). */
  maxBytes?: number;
  /** Largest accepted decoded picture, in pixels (default 50 million): the decompression-bomb cap. */
  maxPixels?: number;
  /**
   * Apply the EXIF orientation before hashing (default false). The reference hasher and the exchange tools
   * hash the stored pixels and ignore EXIF, so matching partners' hashes needs it off.
   */
  autoOrient?: boolean;
}

export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS };

export class ImageDecodeError extends PdqInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/** Turns libvips' wording into a sentence a caller can act on. */
function explainSharpError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(raw)) return 'image dimensions exceed the pixel limit (possible decompression bomb)';
  if (/unsupported image format/i.test(raw)) return 'not a supported image format (JPEG, PNG, WebP, GIF, TIFF, AVIF, PPM)';
  if (/premature end|truncated|end of (input|file)|unexpected end/i.test(raw)) return `image data is truncated (${raw.trim()})`;
  return `image could not be decoded (${raw.trim().split('\n')[0]})`;
}

export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length === 0) throw new ImageDecodeError('image file is empty (0 bytes)');
  if (bytes.length > maxBytes) throw new ImageDecodeError(`image is ${bytes.length} bytes, above the ${maxBytes}-byte limit`);
  if (looksLikePnm(bytes)) {
    const img = readPnm(bytes);
    if (img.width * img.height > maxPixels) {
      throw new ImageDecodeError(`image is ${img.width}x${img.height}, above the ${maxPixels}-pixel limit`);
    }
    return img;
  }
  try {
    // failOn 'error' rejects corrupt data, but tolerates the benign warnings many camera JPEGs carry.
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 });
    if (options.autoOrient) pipeline = pipeline.rotate();
    const meta = await pipeline.metadata();
    // Keep grey images grey (the reference hashes their single channel); everything else becomes sRGB.
    if (meta.space !== 'b-w' || (meta.channels ?? 0) > 2) pipeline = pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  } catch (error) {
    throw new ImageDecodeError(explainSharpError(error));
  }
}

export async function hashImageBytes(bytes: Uint8Array, options: DecodeOptions = {}): Promise<PdqResult> {
  const img = await decodeImage(bytes, options);
  return pdqHashFromRgba(img.data, img.width, img.height, img.channels);
}

export async function dihedralHashImageBytes(bytes: Uint8Array, options: DecodeOptions = {}): Promise<PdqDihedralResult> {
  const img = await decodeImage(bytes, options);
  return pdqDihedralFromRgba(img.data, img.width, img.height, img.channels);
}

/** Reads a file after checking its size, so a huge file is refused before it is loaded. */
export async function readImageFile(path: string, options: DecodeOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImageDecodeError(`${path} is not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > maxBytes) throw new ImageDecodeError(`${path} is ${size} bytes, above the ${maxBytes}-byte limit`);
  return new Uint8Array(await readFile(path));
}

export async function hashImageFile(path: string, options: DecodeOptions = {}): Promise<PdqResult> {
  return hashImageBytes(await readImageFile(path, options), options);
}

export async function dihedralHashImageFile(path: string, options: DecodeOptions = {}): Promise<PdqDihedralResult> {
  return dihedralHashImageBytes(await readImageFile(path, options), options);
}
