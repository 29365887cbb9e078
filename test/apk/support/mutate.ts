// Seeded mutations of the test APKs for the fuzz/property runs: random byte flips, corrupted central
// directory and end record fields, truncation, and targeted damage inside the binary XML (chunk types
// and sizes, string pool counts and offsets), the DEX header (id counts and offsets) and the signing
// block. Deterministic per seed so any failing case can be replayed with `--seed`.
import { createRandom } from '../../../src/core/random.ts';
import { buildApk, emptyResourceTable, manifestTree, TEST_APPS, type AppSpec } from './apps.ts';
import { writeAxml } from './axml-writer.ts';
import { writeDex } from './dex-writer.ts';
import { writeZip } from './zip-writer.ts';

export type Random = () => number;

interface Base {
  app: AppSpec;
  apk: Uint8Array;
  manifest: Uint8Array;
  dex: Uint8Array;
}

let bases: Base[] | null = null;
function corpus(): Base[] {
  bases ??= Object.values(TEST_APPS).map((app) => ({
    app,
    apk: buildApk(app, { sign: 'v1+v2' }),
    manifest: writeAxml(manifestTree(app)),
    dex: writeDex(app.dex),
  }));
  return bases;
}

const INTERESTING = [0, 1, 7, 8, 0x10, 0x14, 0x18, 0x1c, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function value(random: Random): number {
  return random() < 0.7 ? pick(random, INTERESTING) : Math.floor(random() * 0x100000000);
}

function put(bytes: Uint8Array, at: number, width: 2 | 4, v: number): void {
  if (at < 0 || at + width > bytes.length) return;
  for (let i = 0; i < width; i++) bytes[at + i] = (v >>> (8 * i)) & 0xff;
}

function flipBytes(bytes: Uint8Array, random: Random, from = 0, to = bytes.length): void {
  const count = 1 + Math.floor(random() * 8);
  for (let i = 0; i < count && to > from; i++) bytes[from + Math.floor(random() * (to - from))] = Math.floor(random() * 256);
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}

/** Corrupts one field of the end record or of one central-directory entry. */
function damageCentralDirectory(apk: Uint8Array, random: Random): void {
  const eocd = apk.length - 22;
  const cdOffset = readU32(apk, eocd + 16);
  if (random() < 0.3) {
    put(apk, eocd + pick(random, [8, 10, 12, 16, 20] as const), pick(random, [2, 4] as const), value(random));
    return;
  }
  const entries: number[] = [];
  for (let p = cdOffset; p + 46 <= eocd && readU32(apk, p) === 0x02014b50; ) {
    entries.push(p);
    p += 46 + (apk[p + 28] | (apk[p + 29] << 8)) + (apk[p + 30] | (apk[p + 31] << 8)) + (apk[p + 32] | (apk[p + 33] << 8));
  }
  if (!entries.length) return flipBytes(apk, random);
  const entry = pick(random, entries);
  const field = pick(random, [[8, 2], [10, 2], [16, 4], [20, 4], [24, 4], [28, 2], [30, 2], [32, 2], [42, 4]] as const);
  put(apk, entry + field[0], field[1], value(random));
}

/** Walks the AXML chunks and corrupts a type, header size, size, or a string-pool/attribute field. */
function damageAxml(axml: Uint8Array, random: Random): void {
  const chunks: number[] = [0];
  for (let p = 8; p + 8 <= axml.length; ) {
    chunks.push(p);
    const size = readU32(axml, p + 4);
    if (size < 8) break;
    p += size;
  }
  const chunk = pick(random, chunks);
  const field = pick(random, [[0, 2], [2, 2], [4, 4], [8, 4], [12, 4], [16, 4], [20, 4], [24, 4], [28, 4], [30, 2], [32, 2]] as const);
  put(axml, chunk + field[0], field[1], value(random));
  if (random() < 0.3) flipBytes(axml, random);
}

function damageDex(dex: Uint8Array, random: Random): void {
  const field = pick(random, [0x38, 0x3c, 0x40, 0x44, 0x50, 0x54, 0x58, 0x5c, 0x70, 0x74] as const);
  put(dex, field, 4, value(random));
  if (random() < 0.3) flipBytes(dex, random, 0x70);
}

const bombs = new Map<string, Uint8Array>();
/** Deflating megabytes of zeros is the slow part of a case, so each bomb shape is built once. */
function bombFor(base: Base, size: number, name: string): Uint8Array {
  const key = `${base.app.package}|${size}|${name}`;
  let bomb = bombs.get(key);
  if (!bomb) {
    bomb = writeZip([{ name: 'AndroidManifest.xml', data: base.manifest }, { name, data: new Uint8Array(size) }]);
    bombs.set(key, bomb);
  }
  return bomb;
}

function rezip(base: Base, manifest: Uint8Array, dex: Uint8Array, random: Random): Uint8Array {
  return writeZip([
    { name: 'AndroidManifest.xml', data: manifest, method: random() < 0.5 ? 0 : 8 },
    { name: 'classes.dex', data: dex, method: random() < 0.5 ? 0 : 8 },
    { name: 'resources.arsc', data: emptyResourceTable(), method: 0 },
  ]);
}

export const MUTATIONS = ['bytes', 'central_directory', 'truncate', 'axml', 'dex', 'signing_block', 'bomb'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** One mutated APK for the given seed, and which mutation made it. */
export function mutatedApk(seed: number): { bytes: Uint8Array; mutation: Mutation } {
  const random = createRandom(seed).next;
  const base = pick(random, corpus());
  const mutation = pick(random, MUTATIONS);
  const apk = new Uint8Array(base.apk);
  switch (mutation) {
    case 'bytes':
      flipBytes(apk, random);
      return { bytes: apk, mutation };
    case 'central_directory':
      damageCentralDirectory(apk, random);
      return { bytes: apk, mutation };
    case 'truncate':
      return { bytes: apk.subarray(0, Math.floor(random() * apk.length)), mutation };
    case 'axml': {
      const manifest = new Uint8Array(base.manifest);
      damageAxml(manifest, random);
      return { bytes: rezip(base, manifest, base.dex, random), mutation };
    }
    case 'dex': {
      const dex = new Uint8Array(base.dex);
      damageDex(dex, random);
      return { bytes: rezip(base, base.manifest, dex, random), mutation };
    }
    case 'signing_block': {
      const cdOffset = readU32(apk, apk.length - 22 + 16);
      flipBytes(apk, random, Math.max(0, cdOffset - 1200), cdOffset);
      return { bytes: apk, mutation };
    }
    case 'bomb': {
      // A deflated run of zeros that declares (or really has) an enormous size.
      const bytes = new Uint8Array(bombFor(base, pick(random, [1 << 20, 4 << 20]), pick(random, ['classes.dex', 'assets/a.jar'])));
      if (random() < 0.5) damageCentralDirectory(bytes, random);
      return { bytes, mutation };
    }
  }
}
