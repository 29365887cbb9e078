// A ZIP reader that follows the rules of Android's own libziparchive rather than a desktop unzipper:
// the central directory (found through the end-of-central-directory record) is the only source of
// truth; a local header is used only for its name/extra lengths, to find where the data starts; the
// "encrypted" flag is ignored (Android ignores it, so malware sets it to break analysis tools);
// duplicate names are reported (the "Master Key" trick, CVE-2013-4787); sizes, ratio, entry count and
// total output are capped so a zip bomb costs nothing; every extracted entry is CRC-checked.
import { Inflate, inflateSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { ApkFormatError, fail, slice, u16, u32 } from './bytes.ts';

export interface ZipLimits {
  /** Most entries accepted in one central directory. */
  maxEntries: number;
  /** Largest declared uncompressed size of a single entry we are willing to extract. */
  maxEntryBytes: number;
  /** Largest uncompressed/compressed ratio for entries above 1 MiB (real DEX files deflate ~3:1). */
  maxRatio: number;
  /** Total bytes all extractions from one archive may produce. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 65_535,
  maxEntryBytes: 64 * 1024 * 1024,
  maxRatio: 100,
  maxTotalBytes: 256 * 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** Index in the central directory (duplicates keep their own index). */
  index: number;
}

export interface ZipArchive {
  bytes: Uint8Array;
  entries: ZipEntry[];
  /** First entry of each name, the way libziparchive's hash table would find it. */
  byName: Map<string, ZipEntry>;
  duplicateNames: string[];
  /** Entries whose method is neither stored (0) nor deflate (8). */
  unknownMethodEntries: string[];
  /** Entries with general-purpose bit 0 set: ignored, as Android does, but worth reporting. */
  encryptedFlagEntries: string[];
  centralDirectoryOffset: number;
  limits: ZipLimits;
  /** Bytes produced by extract() so far, checked against limits.maxTotalBytes. */
  extractedBytes: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CD_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipArchive {
  const eocd = findEndOfCentralDirectory(bytes);
  const entryCount = u16(bytes, eocd + 10, 'EOCD total entries');
  const cdSize = u32(bytes, eocd + 12, 'EOCD central directory size');
  const cdOffset = u32(bytes, eocd + 16, 'EOCD central directory offset');
  if (entryCount === 0xffff || cdOffset === 0xffffffff) fail('ZIP64 archives are not valid APKs');
  if (entryCount > limits.maxEntries) fail(`the archive declares ${entryCount} entries, above the cap of ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) {
    fail(`central directory [${cdOffset}, ${cdOffset + cdSize}) overlaps the end record at ${eocd}`);
  }
  const archive: ZipArchive = {
    bytes,
    entries: [],
    byName: new Map(),
    duplicateNames: [],
    unknownMethodEntries: [],
    encryptedFlagEntries: [],
    centralDirectoryOffset: cdOffset,
    limits,
    extractedBytes: 0,
  };
  let offset = cdOffset;
  for (let index = 0; index < entryCount; index++) {
    const entry = readCentralEntry(bytes, offset, cdOffset + cdSize, index);
    offset = entry.next;
    addEntry(archive, entry.entry);
  }
  if (archive.entries.length === 0) fail('the archive has no entries');
  return archive;
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  if (bytes.length < EOCD_SIZE) fail(`file is ${bytes.length} bytes, too short to be a ZIP archive`);
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let offset = bytes.length - EOCD_SIZE; offset >= lowest; offset--) {
    if (bytes[offset] !== 0x50 || bytes[offset + 1] !== 0x4b) continue;
    if (u32(bytes, offset, 'EOCD signature') !== EOCD_SIGNATURE) continue;
    // The comment must run exactly to the end of the file, as libziparchive requires.
    if (offset + EOCD_SIZE + u16(bytes, offset + 20, 'EOCD comment length') === bytes.length) return offset;
  }
  fail('no end-of-central-directory record: not a ZIP/APK file or truncated');
}

function readCentralEntry(bytes: Uint8Array, offset: number, cdEnd: number, index: number): { entry: ZipEntry; next: number } {
  if (offset + 46 > cdEnd) fail(`central directory entry ${index} runs past the directory's declared size`);
  if (u32(bytes, offset, 'central directory entry') !== CD_SIGNATURE) fail(`central directory entry ${index} at ${offset} has a bad signature`);
  const nameLength = u16(bytes, offset + 28, 'name length');
  const extraLength = u16(bytes, offset + 30, 'extra length');
  const commentLength = u16(bytes, offset + 32, 'comment length');
  const next = offset + 46 + nameLength + extraLength + commentLength;
  if (next > cdEnd) fail(`central directory entry ${index} runs past the directory's declared size`);
  const name = new TextDecoder('utf-8').decode(slice(bytes, offset + 46, nameLength, `entry ${index} name`));
  const entry: ZipEntry = {
    name,
    flags: u16(bytes, offset + 8, 'flags'),
    method: u16(bytes, offset + 10, 'method'),
    crc: u32(bytes, offset + 16, 'crc'),
    compressedSize: u32(bytes, offset + 20, 'compressed size'),
    size: u32(bytes, offset + 24, 'size'),
    localHeaderOffset: u32(bytes, offset + 42, 'local header offset'),
    index,
  };
  return { entry, next };
}

function addEntry(archive: ZipArchive, entry: ZipEntry): void {
  archive.entries.push(entry);
  if (archive.byName.has(entry.name)) {
    if (!archive.duplicateNames.includes(entry.name)) archive.duplicateNames.push(entry.name);
  } else {
    archive.byName.set(entry.name, entry);
  }
  if (entry.method !== 0 && entry.method !== 8) archive.unknownMethodEntries.push(entry.name);
  if (entry.flags & 1) archive.encryptedFlagEntries.push(entry.name);
}

/** The uncompressed bytes of one entry, checked against every cap and the CRC; throws ApkFormatError. */
export function extract(archive: ZipArchive, entry: ZipEntry): Uint8Array {
  const { limits } = archive;
  if (entry.size > limits.maxEntryBytes) fail(`${entry.name}: declared size ${entry.size} is above the cap of ${limits.maxEntryBytes}`);
  if (archive.extractedBytes + entry.size > limits.maxTotalBytes) fail(`${entry.name}: total extracted bytes would pass the cap of ${limits.maxTotalBytes}`);
  if (entry.size > 1 << 20 && entry.size > entry.compressedSize * limits.maxRatio) {
    fail(`${entry.name}: compression ratio ${Math.round(entry.size / Math.max(1, entry.compressedSize))}:1 looks like a zip bomb`);
  }
  const data = slice(archive.bytes, dataStart(archive, entry), entry.compressedSize, `${entry.name} data`);
  const output = decompress(entry, data);
  archive.extractedBytes += output.length;
  if (output.length !== entry.size) fail(`${entry.name}: ${output.length} bytes after decompression, ${entry.size} declared`);
  if ((crc32(output) >>> 0) !== entry.crc) fail(`${entry.name}: CRC mismatch`);
  return output;
}

function dataStart(archive: ZipArchive, entry: ZipEntry): number {
  const { bytes } = archive;
  const offset = entry.localHeaderOffset;
  if (offset + 30 > archive.centralDirectoryOffset) fail(`${entry.name}: local header offset ${offset} is not before the central directory`);
  if (u32(bytes, offset, `${entry.name} local header`) !== LOCAL_SIGNATURE) fail(`${entry.name}: bad local header signature at ${offset}`);
  const start = offset + 30 + u16(bytes, offset + 26, 'local name length') + u16(bytes, offset + 28, 'local extra length');
  if (start + entry.compressedSize > archive.centralDirectoryOffset) fail(`${entry.name}: data runs into the central directory`);
  return start;
}

function decompress(entry: ZipEntry, data: Uint8Array): Uint8Array {
  if (entry.method === 8) return inflateCapped(data, entry.size, entry.name);
  // Stored, and (as Android's installer does, per Zimperium's 2024 write-up [uncertain]) any unknown
  // method whose sizes agree is read as stored; the unknown method itself is reported as tampering.
  if (entry.compressedSize !== entry.size) fail(`${entry.name}: method ${entry.method} with compressed size ${entry.compressedSize} ≠ size ${entry.size}`);
  return data;
}

const INFLATE_STEP = 16 * 1024;

/**
 * Inflates in 16 KiB input steps and stops as soon as the output passes the declared size, so a bomb
 * costs at most one step's expansion (about 16 MiB at deflate's 1032:1 maximum). fflate rather than node:zlib: zlib's sync API leaks native
 * memory on every corrupt stream (measured: ~16 KB per call), which a scanner of hostile files hits often.
 */
function inflateCapped(data: Uint8Array, size: number, name: string): Uint8Array {
  // One step's worth of input is inflated in one go: its expansion is bounded the same way.
  if (data.length <= INFLATE_STEP) {
    let out: Uint8Array;
    try {
      out = inflateSync(data);
    } catch (error) {
      fail(`${name}: deflate data is corrupt (${(error as Error).message})`);
    }
    if (out.length > size) fail(`${name}: inflates to more than its declared ${size} bytes`);
    return out;
  }
  const out = new Uint8Array(size);
  let written = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > size) fail(`${name}: inflates to more than its declared ${size} bytes`);
    out.set(chunk, written);
    written += chunk.length;
    finished ||= final;
  });
  try {
    for (let p = 0; p < data.length || p === 0; p += INFLATE_STEP) inflater.push(data.subarray(p, p + INFLATE_STEP), p + INFLATE_STEP >= data.length);
  } catch (error) {
    if (error instanceof ApkFormatError) throw error;
    fail(`${name}: deflate data is corrupt (${(error as Error).message})`);
  }
  if (!finished) fail(`${name}: deflate data ends early`);
  return out.subarray(0, written);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
