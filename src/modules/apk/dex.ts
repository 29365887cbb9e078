// DEX id-table reader: header, string_ids, type_ids, field_ids and method_ids. That is enough to list
// the framework APIs and fields an app references (ContentResolver.query, ContactsContract…CONTENT_URI)
// and its string constants (URLs, IPs, content URIs) without decoding bytecode. Counts are checked
// against the file size before anything is allocated, so a forged count cannot exhaust memory.
import { ascii, fail, u16, u32 } from './bytes.ts';

export interface DexSummary {
  version: string;
  strings: string[];
  /** Type descriptors, e.g. `Landroid/content/ContentResolver;`. */
  types: string[];
  /** `Lclass;->name` for every field id. */
  fields: string[];
  /** `Lclass;->name` for every method id. */
  methods: string[];
}

const HEADER_SIZE = 0x70;
const MAX_STRING_BYTES = 1 << 20;

export function isDex(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && ascii(bytes, 0, 4) === 'dex\n' && bytes[7] === 0;
}

export function parseDex(bytes: Uint8Array): DexSummary {
  if (bytes.length < HEADER_SIZE) fail(`DEX file is ${bytes.length} bytes, shorter than its 112-byte header`);
  if (!isDex(bytes)) fail('DEX magic is missing');
  const table = (countAt: number, offsetAt: number, itemSize: number, what: string) => {
    const count = u32(bytes, countAt, `${what} count`);
    const offset = u32(bytes, offsetAt, `${what} offset`);
    if (count > 0 && (offset < HEADER_SIZE || offset + count * itemSize > bytes.length)) {
      fail(`DEX ${what} table (${count} × ${itemSize} bytes at ${offset}) lies outside the ${bytes.length}-byte file`);
    }
    return { count, offset };
  };
  const stringIds = table(0x38, 0x3c, 4, 'string_ids');
  const typeIds = table(0x40, 0x44, 4, 'type_ids');
  const fieldIds = table(0x50, 0x54, 8, 'field_ids');
  const methodIds = table(0x58, 0x5c, 8, 'method_ids');

  const strings = new Array<string>(stringIds.count);
  // In a valid DEX the string data items never overlap, so scanning more bytes than the file holds
  // means forged ids pointing at the same long run; the budget stops that from costing quadratic time.
  const budget = { bytes: bytes.length * 2 };
  for (let i = 0; i < stringIds.count; i++) strings[i] = readStringData(bytes, u32(bytes, stringIds.offset + i * 4, 'string_id'), budget);
  const stringAt = (index: number) => (index < strings.length ? strings[index] : `<bad string ${index}>`);
  const types = new Array<string>(typeIds.count);
  for (let i = 0; i < typeIds.count; i++) types[i] = stringAt(u32(bytes, typeIds.offset + i * 4, 'type_id'));
  const typeAt = (index: number) => (index < types.length ? types[index] : `<bad type ${index}>`);
  const member = (at: number) => `${typeAt(u16(bytes, at, 'member class'))}->${stringAt(u32(bytes, at + 4, 'member name'))}`;
  const fields = new Array<string>(fieldIds.count);
  for (let i = 0; i < fieldIds.count; i++) fields[i] = member(fieldIds.offset + i * 8);
  const methods = new Array<string>(methodIds.count);
  for (let i = 0; i < methodIds.count; i++) methods[i] = member(methodIds.offset + i * 8);
  return { version: ascii(bytes, 4, 3), strings, types, fields, methods };
}

const decoder = new TextDecoder('utf-8');

/** ULEB128 UTF-16 length, then MUTF-8 bytes up to a NUL. Decoded as UTF-8, which agrees on all ASCII. */
function readStringData(bytes: Uint8Array, offset: number, budget: { bytes: number }): string {
  if (offset >= bytes.length) fail(`DEX string data offset ${offset} lies outside the file`);
  let p = offset;
  for (let shift = 0; shift < 35; shift += 7) {
    if (p >= bytes.length) fail(`DEX string length at ${offset} runs off the end of the file`);
    if ((bytes[p++] & 0x80) === 0) break;
  }
  const limit = Math.min(bytes.length, p + MAX_STRING_BYTES);
  let end = p;
  let plain = true;
  while (end < limit && bytes[end] !== 0) {
    if (bytes[end] & 0x80) plain = false;
    end++;
  }
  budget.bytes -= end - p + 1;
  if (budget.bytes < 0) fail('DEX string data items overlap far beyond any valid layout');
  if (plain && end - p < 256) return String.fromCharCode.apply(null, bytes.subarray(p, end) as unknown as number[]);
  return decoder.decode(bytes.subarray(p, end));
}
