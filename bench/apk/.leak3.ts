import { mutatedApk } from '../../test/apk/support/mutate.ts';
import { scanApk } from '../../src/apk/index.ts';
const mb = (x: number) => Math.round(x / 1048576);
const scan = process.argv[2] !== 'noscan';
for (let s = 1; s <= 20000; s++) {
  const { bytes } = mutatedApk(s);
  if (scan) scanApk(bytes);
  if (s % 5000 === 0) { const m = process.memoryUsage(); console.log(scan ? 'scan' : 'noscan', s, 'rss', mb(m.rss), 'heap', mb(m.heapUsed), 'ext', mb(m.external), 'ab', mb(m.arrayBuffers)); }
}
