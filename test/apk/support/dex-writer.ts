// Writes a small but well-formed DEX file (header, id tables, string data, map list, checksum and
// signature) holding only references: the strings, field ids and method ids a test app "uses". It has
// no classes or bytecode, which is all the scanner and androguard's id-table analysis need.
import { createHash } from 'node:crypto';
import { adler32 } from './checksum.ts';

export interface DexSpec {
  /** `Lcom/x/Y;->name` for each method reference; every method gets the proto ()V. */
  methods?: string[];
  /** `Lcom/x/Y;->NAME:Ltype;` for each field reference. */
  fields?: string[];
  strings?: string[];
  /** Synthetic classes whose methods each call one referenced method: bulk for the benchmark. */
  generated?: { classes: number; methodsPerClass: number };
}

function splitMember(ref: string): { cls: string; name: string; type?: string } {
  const [cls, rest] = ref.split('->');
  const [name, type] = rest.split(':');
  return { cls, name, type };
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function writeDex(spec: DexSpec): Uint8Array {
  const gen = spec.generated ?? { classes: 0, methodsPerClass: 0 };
  const genClasses = Array.from({ length: gen.classes }, (_, i) => `Lorg/chainbreak/gen/C${i};`);
  const genMethods = genClasses.flatMap((c) => Array.from({ length: gen.methodsPerClass }, (_, j) => `${c}->m${j}`));
  const called = spec.methods ?? [];
  const methods = [...called, ...genMethods].map(splitMember);
  const fields = (spec.fields ?? []).map(splitMember).map((f) => ({ ...f, type: f.type ?? 'Landroid/net/Uri;' }));
  const typeSet = new Set<string>(['V', ...(genClasses.length ? ['Ljava/lang/Object;'] : []), ...methods.map((m) => m.cls), ...fields.map((f) => f.cls), ...fields.map((f) => f.type)]);
  const stringSet = new Set<string>([...typeSet, ...methods.map((m) => m.name), ...fields.map((f) => f.name), ...(spec.strings ?? [])]);
  const strings = [...stringSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const stringPosition = new Map(strings.map((s, i) => [s, i]));
  const sIndex = (s: string) => stringPosition.get(s) ?? -1;
  const types = [...typeSet].sort((a, b) => sIndex(a) - sIndex(b));
  const typePosition = new Map(types.map((t, i) => [t, i]));
  const tIndex = (t: string) => typePosition.get(t) ?? -1;
  const fieldIds = fields.map((f) => [tIndex(f.cls), tIndex(f.type), sIndex(f.name)]).sort(compareTuples);
  const methodIds = methods.map((m) => [tIndex(m.cls), 0, sIndex(m.name)]).sort(compareTuples);
  const dedupe = (rows: number[][]) => rows.filter((r, i) => i === 0 || compareTuples(r, rows[i - 1]) !== 0);

  const uniqueFields = dedupe(fieldIds);
  const uniqueMethods = dedupe(methodIds);
  const layout = { strings: 0x70, types: 0, protos: 0, fields: 0, methods: 0, classDefs: 0, data: 0 };
  layout.types = layout.strings + strings.length * 4;
  layout.protos = layout.types + types.length * 4;
  layout.fields = layout.protos + 12;
  layout.methods = layout.fields + uniqueFields.length * 8;
  layout.classDefs = layout.methods + uniqueMethods.length * 8;
  layout.data = layout.classDefs + genClasses.length * 32;

  const data: number[] = [];
  const methodPosition = new Map(uniqueMethods.map((r, i) => [`${r[0]},${r[2]}`, i]));
  const methodIndex = (ref: string) => {
    const m = splitMember(ref);
    return methodPosition.get(`${tIndex(m.cls)},${sIndex(m.name)}`) ?? 0;
  };
  const calledIdx = called.map(methodIndex);
  // code_items: invoke-static {} one referenced method, then return-void.
  const codeOffsets = new Map<string, number>();
  genMethods.forEach((ref, k) => {
    codeOffsets.set(ref, layout.data + data.length);
    const target = calledIdx.length ? calledIdx[k % calledIdx.length] : 0;
    const insns = calledIdx.length ? [0x0071, target, 0x0000, 0x000e] : [0x000e];
    const words = [1, 0, 0, 0];
    for (const w of words) data.push(w & 0xff, w >> 8);
    data.push(0, 0, 0, 0, insns.length & 0xff, (insns.length >> 8) & 0xff, 0, 0);
    for (const w of insns) data.push(w & 0xff, w >> 8);
    while (data.length % 4) data.push(0);
  });
  const codeStart = layout.data;
  const codeSize = genMethods.length;
  const classDataOffsets = genClasses.map((c) => {
    const at = layout.data + data.length;
    const own = genMethods.slice(genClasses.indexOf(c) * gen.methodsPerClass, (genClasses.indexOf(c) + 1) * gen.methodsPerClass).map((m) => ({ idx: methodIndex(m), off: codeOffsets.get(m)! })).sort((a, b) => a.idx - b.idx);
    data.push(0, 0, ...uleb(own.length), 0);
    let previous = 0;
    for (const { idx, off } of own) {
      data.push(...uleb(idx - previous), ...uleb(0x9), ...uleb(off));
      previous = idx;
    }
    return at;
  });
  const classDataStart = classDataOffsets[0] ?? 0;
  const stringDataStart = layout.data + data.length;
  const stringOffsets = strings.map((s) => {
    const at = layout.data + data.length;
    data.push(...uleb(s.length), ...new TextEncoder().encode(s), 0);
    return at;
  });
  while (data.length % 4) data.push(0);
  const mapOff = layout.data + data.length;
  const mapItems: [number, number, number][] = [
    [0x0000, 1, 0],
    [0x0001, strings.length, layout.strings],
    [0x0002, types.length, layout.types],
    [0x0003, 1, layout.protos],
    ...(uniqueFields.length ? [[0x0004, uniqueFields.length, layout.fields] as [number, number, number]] : []),
    ...(uniqueMethods.length ? [[0x0005, uniqueMethods.length, layout.methods] as [number, number, number]] : []),
    ...(genClasses.length ? [[0x0006, genClasses.length, layout.classDefs] as [number, number, number]] : []),
    ...(codeSize ? [[0x2001, codeSize, codeStart] as [number, number, number]] : []),
    ...(genClasses.length ? [[0x2000, genClasses.length, classDataStart] as [number, number, number]] : []),
    [0x2002, strings.length, stringDataStart],
    [0x1000, 1, mapOff],
  ];
  const fileSize = mapOff + 4 + mapItems.length * 12;
  const out = new Uint8Array(fileSize);
  const view = new DataView(out.buffer);
  const w32 = (at: number, v: number) => view.setUint32(at, v, true);
  const w16 = (at: number, v: number) => view.setUint16(at, v, true);
  out.set(new TextEncoder().encode('dex\n035\0'), 0);
  w32(0x20, fileSize); w32(0x24, 0x70); w32(0x28, 0x12345678);
  w32(0x34, mapOff);
  w32(0x38, strings.length); w32(0x3c, layout.strings);
  w32(0x40, types.length); w32(0x44, layout.types);
  w32(0x48, 1); w32(0x4c, layout.protos);
  w32(0x50, uniqueFields.length); w32(0x54, uniqueFields.length ? layout.fields : 0);
  w32(0x58, uniqueMethods.length); w32(0x5c, uniqueMethods.length ? layout.methods : 0);
  w32(0x60, genClasses.length); w32(0x64, genClasses.length ? layout.classDefs : 0);
  w32(0x68, fileSize - layout.data); w32(0x6c, layout.data);
  genClasses.forEach((c, i) => {
    const at = layout.classDefs + i * 32;
    w32(at, tIndex(c)); w32(at + 4, 1); w32(at + 8, tIndex('Ljava/lang/Object;')); w32(at + 16, 0xffffffff); w32(at + 24, classDataOffsets[i]);
  });
  stringOffsets.forEach((o, i) => w32(layout.strings + i * 4, o));
  types.forEach((t, i) => w32(layout.types + i * 4, sIndex(t)));
  w32(layout.protos, sIndex('V')); w32(layout.protos + 4, tIndex('V')); w32(layout.protos + 8, 0);
  uniqueFields.forEach(([c, t, n], i) => { w16(layout.fields + i * 8, c); w16(layout.fields + i * 8 + 2, t); w32(layout.fields + i * 8 + 4, n); });
  uniqueMethods.forEach(([c, p, n], i) => { w16(layout.methods + i * 8, c); w16(layout.methods + i * 8 + 2, p); w32(layout.methods + i * 8 + 4, n); });
  out.set(data, layout.data);
  w32(mapOff, mapItems.length);
  mapItems.forEach(([type, size, offset], i) => { w16(mapOff + 4 + i * 12, type); w32(mapOff + 8 + i * 12, size); w32(mapOff + 12 + i * 12, offset); });
  out.set(createHash('sha1').update(out.subarray(32)).digest(), 12);
  w32(8, adler32(out.subarray(12)));
  return out;
}

function compareTuples(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
