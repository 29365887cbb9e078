// Hashes a picture on the victim's own device with the project's PDQ hasher and MD5: the image is decoded
// into a canvas in the browser, and only the two hex digests ever leave this function.
import { pdqHashFromRgba } from '../../../src/modules/pdq/hasher.ts';
import { md5Hex } from '../../../src/modules/pdq/md5.ts';

export interface LocalImageHash {
  /** The file name stays in the page for the list shown to the user; it is never sent. */
  name: string;
  pdq: string;
  md5: string;
  quality: number;
}

export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export async function hashImageFile(file: File): Promise<LocalImageHash> {
  if (file.size > MAX_IMAGE_BYTES) throw new Error(`${file.name} is larger than 50 MB`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const bitmap = await createImageBitmap(new Blob([bytes], { type: file.type || 'application/octet-stream' }));
  try {
    const rgba = rgbaOf(bitmap);
    const { hash, quality } = pdqHashFromRgba(rgba.data, rgba.width, rgba.height, 4);
    return { name: file.name, pdq: hash, md5: md5Hex(bytes), quality };
  } finally {
    bitmap.close();
  }
}

function rgbaOf(bitmap: ImageBitmap): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot read image pixels');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** Turns the multi-line text boxes of the report form into typed identifier entries. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n|,/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);
}
