// Writes ZIP archives for the test APKs, with switches for the tricks that break analysis tools but not
// Android: a fake encryption flag, a tampered local-header method, duplicate names, an APK Signing Block.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8;
  /** Set general-purpose bit 0 in both headers (the data is not actually encrypted). */
  fakeEncrypted?: boolean;
  /** Write this method into the local header only (Android reads the central directory's). */
  localMethodOverride?: number;
}

export interface ZipOptions {
  /** Bytes placed between the last entry and the central directory (an APK Signing Block). */
  signingBlock?: Uint8Array;
}

export function writeZip(entries: ZipInput[], options: ZipOptions = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const payload = method === 8 ? new Uint8Array(deflateRawSync(entry.data)) : entry.data;
    const name = new TextEncoder().encode(entry.name);
    const flags = entry.fakeEncrypted ? 1 : 0;
    const crc = crc32(entry.data) >>> 0;
    const local = header(30 + name.length, (v) => {
      v.setUint32(0, 0x04034b50, true); v.setUint16(4, 20, true); v.setUint16(6, flags, true);
      v.setUint16(8, entry.localMethodOverride ?? method, true); v.setUint32(14, crc, true);
      v.setUint32(18, payload.length, true); v.setUint32(22, entry.data.length, true); v.setUint16(26, name.length, true);
    });
    local.set(name, 30);
    const cd = header(46 + name.length, (v) => {
      v.setUint32(0, 0x02014b50, true); v.setUint16(4, 20, true); v.setUint16(6, 20, true); v.setUint16(8, flags, true);
      v.setUint16(10, method, true); v.setUint32(16, crc, true); v.setUint32(20, payload.length, true);
      v.setUint32(24, entry.data.length, true); v.setUint16(28, name.length, true); v.setUint32(42, offset, true);
    });
    cd.set(name, 46);
    chunks.push(local, payload);
    central.push(cd);
    offset += local.length + payload.length;
  }
  if (options.signingBlock) {
    chunks.push(options.signingBlock);
    offset += options.signingBlock.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = header(22, (v) => {
    v.setUint32(0, 0x06054b50, true); v.setUint16(8, entries.length, true); v.setUint16(10, entries.length, true);
    v.setUint32(12, cdSize, true); v.setUint32(16, offset, true);
  });
  return new Uint8Array(Buffer.concat([...chunks, ...central, eocd])); // a copy: Buffer.slice() would alias the pool
}

function header(size: number, fill: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}
