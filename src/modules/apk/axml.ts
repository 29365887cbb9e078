// Android binary XML (AXML) reader for AndroidManifest.xml. It walks chunks the way Android's
// ResXMLTree does and tolerates the malformations malware uses to break analysis tools while the
// platform still accepts the file: a wrong first chunk type, bogus header sizes, a string pool with
// impossible counts or offsets, an attribute stride of 0x18, and string indices out of range. Attributes
// are identified by their resource id (android:name = 0x01010003) before their (forgeable) name.
import { fail, u16, u32 } from './bytes.ts';

export interface XmlAttribute {
  /** Resource id of the attribute name, or 0 when the resource map does not cover it. */
  resourceId: number;
  name: string;
  value: string | number | boolean;
}

export interface XmlElement {
  tag: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
}

export interface AxmlResult {
  root: XmlElement | null;
  /** Malformations tolerated on the way, worded for a reader. */
  warnings: string[];
}

const CHUNK_STRING_POOL = 0x0001;
const CHUNK_XML = 0x0003;
const CHUNK_RESOURCE_MAP = 0x0180;
const CHUNK_START_ELEMENT = 0x0102;
const CHUNK_END_ELEMENT = 0x0103;
const UTF8_FLAG = 0x100;
const MAX_ELEMENTS = 200_000;
const MAX_DEPTH = 256;

const TYPE_REFERENCE = 0x01;
const TYPE_STRING = 0x03;
const TYPE_INT_BOOLEAN = 0x12;
const TYPE_FIRST_INT = 0x10;
const TYPE_LAST_INT = 0x1f;

export function parseAxml(bytes: Uint8Array): AxmlResult {
  const warnings: string[] = [];
  if (bytes.length < 8) fail(`AndroidManifest.xml is ${bytes.length} bytes, too short for binary XML`);
  const firstType = u16(bytes, 0, 'XML chunk type');
  if (firstType !== CHUNK_XML) warnings.push(`first chunk type is 0x${firstType.toString(16)}, not 0x0003 (tolerated, as Android does)`);
  let end = u32(bytes, 4, 'XML chunk size');
  if (end > bytes.length || end < 8) {
    warnings.push(`XML chunk size ${end} does not match the file length ${bytes.length} (using the file length)`);
    end = bytes.length;
  }
  const state: WalkState = { pool: null, resourceIds: [], stack: [], root: null, elements: 0, warnings };
  // Android finds the first child at headerSize; an impossible value falls back to the standard 8.
  const headerSize = u16(bytes, 2, 'XML header size');
  let offset = headerSize >= 8 && headerSize + 8 <= end ? headerSize : 8;
  if (offset !== 8) warnings.push(`XML header size is ${headerSize}, not 8 (followed, as Android does)`);
  while (offset + 8 <= end) {
    const type = u16(bytes, offset, 'chunk type');
    const size = u32(bytes, offset + 4, 'chunk size');
    if (size < 8 || offset + size > end) {
      warnings.push(`chunk 0x${type.toString(16)} at ${offset} has an impossible size ${size}; stopping there`);
      break;
    }
    readChunk(bytes, offset, type, size, state);
    offset += size;
  }
  if (!state.root) fail('AndroidManifest.xml contains no element');
  return { root: state.root, warnings };
}

interface WalkState {
  pool: StringPool | null;
  resourceIds: number[];
  stack: XmlElement[];
  root: XmlElement | null;
  elements: number;
  warnings: string[];
}

function readChunk(bytes: Uint8Array, offset: number, type: number, size: number, state: WalkState): void {
  const headerSize = u16(bytes, offset + 2, 'chunk header size');
  if (type === CHUNK_STRING_POOL && !state.pool) {
    state.pool = new StringPool(bytes, offset, size, headerSize, state.warnings);
  } else if (type === CHUNK_RESOURCE_MAP) {
    const start = offset + (headerSize >= 8 && headerSize < size ? headerSize : 8);
    for (let p = start; p + 4 <= offset + size; p += 4) state.resourceIds.push(u32(bytes, p, 'resource id'));
  } else if (type === CHUNK_START_ELEMENT) {
    startElement(bytes, offset, size, headerSize, state);
  } else if (type === CHUNK_END_ELEMENT) {
    state.stack.pop();
  }
  // Namespace, CDATA and unknown chunks carry nothing the manifest summary needs.
}

function startElement(bytes: Uint8Array, offset: number, size: number, headerSize: number, state: WalkState): void {
  if (++state.elements > MAX_ELEMENTS) fail(`more than ${MAX_ELEMENTS} XML elements`);
  // Android reads the element extension at headerSize; a garbled headerSize falls back to the standard 16.
  const ext = offset + (headerSize >= 16 && headerSize + 20 <= size ? headerSize : 16);
  if (ext + 20 > offset + size) {
    state.warnings.push(`element chunk at ${offset} is too small for its header`);
    return;
  }
  const pool = state.pool;
  const tag = pool?.get(u32(bytes, ext + 4, 'element name')) ?? '';
  const attributeStart = u16(bytes, ext + 8, 'attribute start');
  let attributeSize = u16(bytes, ext + 10, 'attribute size');
  const attributeCount = u16(bytes, ext + 12, 'attribute count');
  if (attributeSize < 20) attributeSize = 20;
  const element: XmlElement = { tag, attributes: [], children: [] };
  for (let i = 0; i < attributeCount; i++) {
    const at = ext + attributeStart + i * attributeSize;
    if (at + 20 > offset + size) {
      state.warnings.push(`element <${tag}> declares ${attributeCount} attributes but the chunk holds ${i}`);
      break;
    }
    element.attributes.push(readAttribute(bytes, at, state));
  }
  attach(element, state);
}

function readAttribute(bytes: Uint8Array, at: number, state: WalkState): XmlAttribute {
  const nameIndex = u32(bytes, at + 4, 'attribute name');
  const rawValue = u32(bytes, at + 8, 'attribute raw value');
  const dataType = bytes[at + 15];
  const data = u32(bytes, at + 16, 'attribute data');
  const resourceId = nameIndex < state.resourceIds.length ? state.resourceIds[nameIndex] : 0;
  const name = state.pool?.get(nameIndex) ?? '';
  return { resourceId, name, value: attributeValue(state.pool, dataType, data, rawValue) };
}

function attributeValue(pool: StringPool | null, dataType: number, data: number, rawValue: number): string | number | boolean {
  if (dataType === TYPE_STRING) return pool?.get(data) ?? pool?.get(rawValue) ?? '';
  if (dataType === TYPE_INT_BOOLEAN) return data !== 0;
  if (dataType >= TYPE_FIRST_INT && dataType <= TYPE_LAST_INT) return data | 0;
  if (dataType === TYPE_REFERENCE) return `@0x${data.toString(16).padStart(8, '0')}`;
  const raw = pool?.get(rawValue);
  return raw ?? data;
}

function attach(element: XmlElement, state: WalkState): void {
  const parent = state.stack[state.stack.length - 1];
  if (parent) parent.children.push(element);
  else if (!state.root) state.root = element;
  else state.root.children.push(element); // A second top-level element: keep it rather than lose it.
  if (state.stack.length < MAX_DEPTH) state.stack.push(element);
}

/** Strings decoded on demand; an index or offset out of range yields null instead of an exception. */
class StringPool {
  readonly count: number;
  private readonly bytes: Uint8Array;
  private readonly offsetsAt: number;
  private readonly stringsAt: number;
  private readonly end: number;
  private readonly utf8: boolean;
  private readonly cache = new Map<number, string | null>();
  private budget: number;

  constructor(bytes: Uint8Array, offset: number, size: number, headerSize: number, warnings: string[]) {
    this.bytes = bytes;
    this.end = offset + size;
    this.budget = size * 2;
    const header = headerSize >= 28 && headerSize < size ? headerSize : 28;
    if (header !== headerSize) warnings.push(`string pool header size ${headerSize} is wrong (using 28)`);
    this.offsetsAt = offset + header;
    const declared = u32(bytes, offset + 8, 'string count');
    const room = Math.max(0, Math.floor((this.end - this.offsetsAt) / 4));
    if (declared > room) warnings.push(`string pool declares ${declared} strings but has room for ${room}`);
    this.count = Math.min(declared, room);
    this.utf8 = (u32(bytes, offset + 16, 'string pool flags') & UTF8_FLAG) !== 0;
    this.stringsAt = offset + u32(bytes, offset + 20, 'strings start');
  }

  get(index: number): string | null {
    if (index < 0 || index >= this.count) return null;
    let value = this.cache.get(index);
    if (value === undefined) {
      value = this.decode(index);
      // Forged offsets can make many indices share one long string; cap the total decoded work.
      this.budget -= (value?.length ?? 0) + 1;
      if (this.budget < 0) fail('string pool entries overlap far beyond any valid layout');
      this.cache.set(index, value);
    }
    return value;
  }

  private decode(index: number): string | null {
    const at = this.stringsAt + u32(this.bytes, this.offsetsAt + index * 4, 'string offset');
    if (at >= this.end || at < 0) return null;
    return this.utf8 ? this.decodeUtf8(at) : this.decodeUtf16(at);
  }

  private decodeUtf8(at: number): string | null {
    const b = this.bytes;
    if (at + 2 > this.end) return null;
    let p = at + ((b[at] & 0x80) ? 2 : 1); // character count, 1 or 2 bytes
    if (p >= this.end) return null;
    let length = b[p];
    if (length & 0x80) {
      if (p + 1 >= this.end) return null;
      length = ((length & 0x7f) << 8) | b[p + 1];
      p += 2;
    } else {
      p += 1;
    }
    if (p + length > this.end) return null;
    return new TextDecoder('utf-8').decode(b.subarray(p, p + length));
  }

  private decodeUtf16(at: number): string | null {
    if (at + 2 > this.end) return null;
    let length = u16(this.bytes, at, 'string length');
    let p = at + 2;
    if (length & 0x8000) {
      if (p + 2 > this.end) return null;
      length = ((length & 0x7fff) << 16) | u16(this.bytes, p, 'string length');
      p += 2;
    }
    if (p + length * 2 > this.end) return null;
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(this.bytes[p + 2 * i] | (this.bytes[p + 2 * i + 1] << 8));
    return text;
  }
}
