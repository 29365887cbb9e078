import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { DIHEDRAL_NAMES, PdqInputError, pdqDihedralFromRgba, pdqHashFromLuma, pdqHashFromRgba } from '../../src/modules/pdq/hasher.ts';
import { readPnm } from '../../src/modules/pdq/ppm.ts';
import { hammingDistance } from '../../src/modules/pdq/hash256.ts';
import { decodeImage, dihedralHashImageBytes, hashImageBytes, ImageDecodeError } from '../../src/modules/pdq/decode.ts';
import { md5Hex } from '../../src/modules/pdq/md5.ts';
import { fixtureBytes, referenceDihedral, referenceHashes } from './fixtures.ts';

const rows = referenceHashes();

test('PPM inputs give the reference hash exactly and the same quality', () => {
  const ppms = rows.filter((r) => r.path.endsWith('.ppm'));
  assert.ok(ppms.length >= 10);
  for (const row of ppms) {
    const img = readPnm(fixtureBytes(row.path));
    const got = pdqHashFromRgba(img.data, img.width, img.height, img.channels);
    assert.equal(got.hash, row.hash, row.path);
    assert.equal(got.quality, row.quality, row.path);
  }
});

test('PPM dihedral hashes equal the reference eight, in its column order', () => {
  for (const row of referenceDihedral().filter((r) => r.path.endsWith('.ppm'))) {
    const img = readPnm(fixtureBytes(row.path));
    const got = pdqDihedralFromRgba(img.data, img.width, img.height, img.channels);
    assert.deepEqual(DIHEDRAL_NAMES.map((n) => got.hashes[n]), row.hashes, row.path);
    assert.equal(got.quality, row.quality);
  }
});

test('decoded JPEGs of quality >= 80 are within distance 10 of the reference', async () => {
  const jpegs = rows.filter((r) => !r.path.endsWith('.ppm'));
  assert.ok(jpegs.length >= 10);
  for (const row of jpegs) {
    const got = await hashImageBytes(fixtureBytes(row.path));
    if (row.quality >= 80) {
      assert.ok(hammingDistance(got.hash, row.hash) <= 10, `${row.path}: distance ${hammingDistance(got.hash, row.hash)}`);
      assert.ok(got.quality >= 80, row.path);
    }
  }
});

test('a JPEG larger than 512 px goes through the reference pre-shrink and its dihedral hashes match', async () => {
  const row = referenceDihedral().find((r) => r.path === 'images/bridge-mods/aaa-orig.jpg');
  assert.ok(row);
  const meta = await sharp(fixtureBytes(row.path)).metadata();
  assert.ok(meta.width > 512);
  const got = await dihedralHashImageBytes(fixtureBytes(row.path));
  DIHEDRAL_NAMES.forEach((name, i) => assert.ok(hammingDistance(got.hashes[name], row.hashes[i]) <= 10, name));
});

test('lossless PNG, WebP and GIF re-encodings of a PPM hash like the PPM itself', async () => {
  const row = rows.find((r) => r.path === 'ppm/labelme_q0291.ppm');
  assert.ok(row);
  const img = readPnm(fixtureBytes(row.path));
  const raw = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  const png = new Uint8Array(await raw.clone().png().toBuffer());
  const webp = new Uint8Array(await raw.clone().webp({ lossless: true }).toBuffer());
  const gif = new Uint8Array(await raw.clone().gif().toBuffer());
  assert.equal((await hashImageBytes(png)).hash, row.hash);
  assert.equal((await hashImageBytes(webp)).hash, row.hash);
  // GIF is palettised (lossy in colour), so only closeness can be asked of it.
  assert.ok(hammingDistance((await hashImageBytes(gif)).hash, row.hash) <= 31);
});

test('RGBA canvas data and RGB data of the same picture give the same hash (alpha ignored)', () => {
  const img = readPnm(fixtureBytes('ppm/wee.ppm'));
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let p = 0; p < img.width * img.height; p++) {
    rgba.set(img.data.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 128;
  }
  assert.equal(pdqHashFromRgba(rgba, img.width, img.height, 4).hash, pdqHashFromRgba(img.data, img.width, img.height, 3).hash);
});

test('a flat image has quality 0 and images under 5 px give the reference all-zero hash', () => {
  const flat = new Uint8Array(100 * 80 * 3).fill(200);
  assert.equal(pdqHashFromRgba(flat, 100, 80, 3).quality, 0);
  const tiny = pdqHashFromLuma(new Float32Array(16), 4, 4);
  assert.deepEqual(tiny, { hash: '0'.repeat(64), quality: 0 });
});

test('zero-size, short buffers and odd channel counts are clear errors', () => {
  assert.throws(() => pdqHashFromRgba(new Uint8Array(0), 0, 10, 4), /no pixels/);
  assert.throws(() => pdqHashFromRgba(new Uint8Array(10), 10, 10, 4), /needs 400/);
  assert.throws(() => pdqHashFromRgba(new Uint8Array(500), 10, 10, 5), /channel count/);
  assert.throws(() => readPnm(new TextEncoder().encode('P6\n10 10\n255\nabc')), /truncated/);
  assert.throws(() => readPnm(new TextEncoder().encode('P6\n0 10\n255\n')), /no pixels/);
  assert.throws(() => readPnm(new TextEncoder().encode('P6\n99999999 99999999\n255\n')), PdqInputError);
});

test('malformed, truncated, empty and decompression-bomb files are refused with a clear error', async () => {
  const jpeg = fixtureBytes('images/wee.jpg');
  await assert.rejects(decodeImage(new Uint8Array(0)), /empty/);
  await assert.rejects(decodeImage(new TextEncoder().encode('definitely not an image')), /not a supported image format/);
  await assert.rejects(decodeImage(jpeg.subarray(0, jpeg.length >> 1)), ImageDecodeError);
  // A PNG whose header claims 30000 x 30000 pixels: refused from the header, before any allocation.
  const bomb = await pngClaiming(30000, 30000);
  await assert.rejects(decodeImage(bomb), /pixel limit/);
  await assert.rejects(decodeImage(jpeg, { maxBytes: 100 }), /byte limit/);
});

/** A small real PNG whose IHDR is rewritten (with a valid CRC) to claim the given size. */
async function pngClaiming(width: number, height: number): Promise<Uint8Array> {
  const png = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer());
  const view = new DataView(png.buffer, png.byteOffset);
  // Signature (8) + chunk length (4) + "IHDR" (4): width and height follow, then the chunk's CRC at 29.
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

test('md5 is the standard digest', () => {
  assert.equal(md5Hex(new TextEncoder().encode('abc')), '900150983cd24fb0d6963f7d28e17f72');
  assert.equal(md5Hex(new Uint8Array(0)), 'd41d8cd98f00b204e9800998ecf8427e');
});

test('EXIF orientation is ignored by default (as the reference does) and applied with autoOrient', async () => {
  const img = readPnm(fixtureBytes('ppm/labelme_q2821.ppm'));
  const plain = pdqDihedralFromRgba(img.data, img.width, img.height, 3);
  // Orientation 6: the stored pixels must be turned 90 degrees clockwise for display.
  const jpeg = new Uint8Array(
    await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer(),
  );
  const stored = await hashImageBytes(jpeg);
  const oriented = await hashImageBytes(jpeg, { autoOrient: true });
  assert.ok(hammingDistance(stored.hash, plain.hashes.original) <= 10);
  // Compare with the pixels actually turned clockwise (dihedral hashes are only approximately rotation-exact).
  const turned = new Uint8Array(await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).rotate(90).raw().toBuffer());
  const expected = pdqHashFromRgba(turned, img.height, img.width, 3);
  assert.ok(hammingDistance(oriented.hash, expected.hash) <= 10, `oriented hash is ${hammingDistance(oriented.hash, expected.hash)} from the turned picture`);
  assert.ok(hammingDistance(oriented.hash, plain.hashes.original) > 60);
});
