// Writes Android binary XML for the test APKs, with switches for the malformations malware uses
// (and Android tolerates). Only ever used to build harmless test files.

export interface XmlAttr {
  name: string;
  /** Framework attribute resource id (android:name = 0x01010003); absent for `package` and friends. */
  resourceId?: number;
  value: string | number | boolean;
  /** A value starting with @0x… is written as a resource reference. */
}

export interface XmlNode {
  tag: string;
  attrs?: XmlAttr[];
  children?: XmlNode[];
}

export interface AxmlTamper {
  /** Write 0x0000 instead of 0x0003 as the first chunk type. */
  firstChunkType?: number;
  /** Unusual headerSize values Android follows: a 16-byte XML header (8 bytes of padding) and 0x14 namespace headers. */
  bogusHeaderSizes?: boolean;
  /** Attribute stride 0x18 with 4 padding bytes per attribute (BRATA). */
  attributeSize24?: boolean;
  /** Declare far more strings than the pool holds (Android's aapt rejects this one). */
  inflatedStringCount?: boolean;
  /** Extra string-pool entries whose offsets point past the pool (read lazily, so Android accepts them). */
  badStringOffsets?: boolean;
  /** Add an attribute whose name and value point past the string pool. */
  invalidStringIndex?: boolean;
  utf8?: boolean;
  /** Replace the names of framework attributes with junk; Android finds them by resource id. */
  garbleAttributeNames?: boolean;
}

const ANDROID_NS = 'http://schemas.android.com/apk/res/android';
const NONE = 0xffffffff;

class Out {
  private parts: number[] = [];
  u8(v: number) { this.parts.push(v & 0xff); }
  u16(v: number) { this.u8(v); this.u8(v >>> 8); }
  u32(v: number) { this.u16(v & 0xffff); this.u16(v >>> 16); }
  bytes(b: Uint8Array | number[]) { for (const x of b) this.parts.push(x); }
  get length() { return this.parts.length; }
  pad4() { while (this.parts.length % 4) this.parts.push(0); }
  result() { return Uint8Array.from(this.parts); }
}

export function writeAxml(root: XmlNode, tamper: AxmlTamper = {}): Uint8Array {
  const tree = tamper.garbleAttributeNames ? garble(root) : root;
  const pool = buildPool(tree);
  const body = new Out();
  const bogus = tamper.bogusHeaderSizes;
  // namespace start
  body.u16(0x0100); body.u16(bogus ? 0x14 : 16); body.u32(bogus ? 28 : 24); body.u32(1); body.u32(NONE);
  if (bogus) body.u32(0xdeadbeef);
  body.u32(pool.index('android')); body.u32(pool.index(ANDROID_NS));
  writeElement(body, tree, pool, tamper);
  body.u16(0x0101); body.u16(16); body.u32(24); body.u32(1); body.u32(NONE); body.u32(pool.index('android')); body.u32(pool.index(ANDROID_NS));
  const strings = writePool(pool.strings, tamper);
  const resmap = new Out();
  resmap.u16(0x0180); resmap.u16(8); resmap.u32(8 + pool.resourceIds.length * 4);
  for (const id of pool.resourceIds) resmap.u32(id);
  const rootHeader = bogus ? 16 : 8;
  const total = rootHeader + strings.length + resmap.length + body.length;
  const out = new Out();
  out.u16(tamper.firstChunkType ?? 0x0003); out.u16(rootHeader); out.u32(total);
  if (bogus) out.bytes([0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef]);
  out.bytes(strings); out.bytes(resmap.result()); out.bytes(body.result());
  return out.result();
}

function garble(node: XmlNode): XmlNode {
  const attrs = node.attrs?.map((a) => (a.resourceId !== undefined ? { ...a, name: `\u200b${a.resourceId.toString(36)}` } : a));
  return { ...node, attrs, children: node.children?.map(garble) };
}

interface Pool {
  strings: string[];
  resourceIds: number[];
  index(s: string): number;
}

/** Attribute names with resource ids come first, in the order of the resource map, as aapt lays them out. */
function buildPool(root: XmlNode): Pool {
  const withIds: { name: string; id: number }[] = [];
  const others: string[] = [];
  const visit = (node: XmlNode) => {
    for (const a of node.attrs ?? []) {
      if (a.resourceId !== undefined) {
        if (!withIds.some((w) => w.id === a.resourceId)) withIds.push({ name: a.name, id: a.resourceId });
      } else others.push(a.name);
      if (typeof a.value === 'string' && !a.value.startsWith('@0x')) others.push(a.value);
    }
    others.push(node.tag);
    for (const c of node.children ?? []) visit(c);
  };
  visit(root);
  withIds.sort((a, b) => a.id - b.id);
  const strings = [...withIds.map((w) => w.name)];
  for (const s of ['android', ANDROID_NS, ...others]) if (!strings.includes(s)) strings.push(s);
  return { strings, resourceIds: withIds.map((w) => w.id), index: (s) => strings.indexOf(s) };
}

function writePool(strings: string[], tamper: AxmlTamper): Uint8Array {
  const data = new Out();
  const offsets: number[] = [];
  for (const s of strings) {
    offsets.push(data.length);
    if (tamper.utf8) {
      const bytes = new TextEncoder().encode(s);
      writeUtf8Length(data, s.length); writeUtf8Length(data, bytes.length); data.bytes(bytes); data.u8(0);
    } else {
      data.u16(s.length);
      for (let i = 0; i < s.length; i++) data.u16(s.charCodeAt(i));
      data.u16(0);
    }
  }
  data.pad4();
  const headerSize = 28;
  if (tamper.badStringOffsets) offsets.push(0x7fffff00, data.length + 0x100000, 0xfffffff0);
  const stringsStart = headerSize + offsets.length * 4;
  const out = new Out();
  out.u16(0x0001); out.u16(headerSize); out.u32(stringsStart + data.length);
  out.u32(tamper.inflatedStringCount ? 0x00ffffff : offsets.length); out.u32(0);
  out.u32(tamper.utf8 ? 0x100 : 0); out.u32(stringsStart); out.u32(0);
  for (const o of offsets) out.u32(o);
  out.bytes(data.result());
  return out.result();
}

function writeUtf8Length(out: Out, n: number): void {
  if (n > 0x7f) { out.u8(0x80 | (n >> 8)); out.u8(n & 0xff); } else out.u8(n);
}

function writeElement(out: Out, node: XmlNode, pool: Pool, tamper: AxmlTamper): void {
  const attrs = [...(node.attrs ?? [])].sort((a, b) => (a.resourceId ?? 0) - (b.resourceId ?? 0));
  const stride = tamper.attributeSize24 ? 24 : 20;
  const extra = tamper.invalidStringIndex && node.tag === 'manifest' ? 1 : 0;
  const size = 16 + 20 + (attrs.length + extra) * stride;
  out.u16(0x0102); out.u16(16); out.u32(size); out.u32(1); out.u32(NONE);
  out.u32(NONE); out.u32(pool.index(node.tag)); out.u16(20); out.u16(stride); out.u16(attrs.length + extra); out.u16(0); out.u16(0); out.u16(0);
  for (const a of attrs) {
    writeAttribute(out, a, pool);
    if (stride === 24) out.u32(0);
  }
  if (extra) {
    // name and value both point far outside the pool; Android skips such an attribute.
    out.u32(NONE); out.u32(0x7ffffff0); out.u32(0x7ffffff1); out.u16(8); out.u8(0); out.u8(0x03); out.u32(0x7ffffff1);
    if (stride === 24) out.u32(0);
  }
  for (const c of node.children ?? []) writeElement(out, c, pool, tamper);
  out.u16(0x0103); out.u16(16); out.u32(24); out.u32(1); out.u32(NONE); out.u32(NONE); out.u32(pool.index(node.tag));
}

function writeAttribute(out: Out, a: XmlAttr, pool: Pool): void {
  out.u32(a.resourceId !== undefined ? pool.index(ANDROID_NS) : NONE);
  out.u32(pool.index(a.name));
  const v = a.value;
  if (typeof v === 'string' && v.startsWith('@0x')) {
    out.u32(NONE); out.u16(8); out.u8(0); out.u8(0x01); out.u32(parseInt(v.slice(3), 16));
  } else if (typeof v === 'string') {
    out.u32(pool.index(v)); out.u16(8); out.u8(0); out.u8(0x03); out.u32(pool.index(v));
  } else if (typeof v === 'boolean') {
    out.u32(NONE); out.u16(8); out.u8(0); out.u8(0x12); out.u32(v ? 0xffffffff : 0);
  } else {
    out.u32(NONE); out.u16(8); out.u8(0); out.u8(0x10); out.u32(v);
  }
}
