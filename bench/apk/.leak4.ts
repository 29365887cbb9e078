import { inflateRawSync, deflateRawSync } from 'node:zlib';
const mb = (x: number) => Math.round(x / 1048576);
const good = deflateRawSync(Buffer.alloc(100_000, 7));
const corrupt = Buffer.from(good); corrupt[10] ^= 0xff; corrupt[20] ^= 0x55;
const mode = process.argv[2];
for (let i = 1; i <= 20000; i++) {
  try {
    if (mode === 'good') inflateRawSync(good, { maxOutputLength: 100_000 });
    if (mode === 'toolarge') inflateRawSync(good, { maxOutputLength: 1000 });
    if (mode === 'corrupt') inflateRawSync(corrupt, { maxOutputLength: 100_000 });
  } catch {}
  if (i % 5000 === 0) { const m = process.memoryUsage(); console.log(mode, i, 'rss', mb(m.rss), 'ext', mb(m.external), 'ab', mb(m.arrayBuffers)); }
}
