import { mutatedApk, MUTATIONS } from '../../test/apk/support/mutate.ts';
import { scanApk } from '../../src/apk/index.ts';
const only = process.argv[2];
const mb = (x: number) => Math.round(x / 1048576);
let n = 0;
for (let s = 1; n < 6000; s++) {
  const { bytes, mutation } = mutatedApk(s);
  if (only && mutation !== only) continue;
  if (process.argv[3] !== 'noscan') scanApk(bytes);
  n++;
}
const m = process.memoryUsage();
console.log(only ?? 'all', 'rss', mb(m.rss), 'heap', mb(m.heapUsed), 'ext', mb(m.external), 'ab', mb(m.arrayBuffers));
