import { mutatedApk } from '../../test/apk/support/mutate.ts';
import { scanApk } from '../../src/apk/index.ts';
const mb = (x: number) => Math.round(x / 1048576);
const cases = Array.from({ length: 300 }, (_, i) => mutatedApk(i + 1).bytes);
const show = (label: string) => { (globalThis as { gc?: () => void }).gc?.(); const m = process.memoryUsage(); console.log(label, 'rss', mb(m.rss), 'heap', mb(m.heapUsed), 'ext', mb(m.external), 'ab', mb(m.arrayBuffers)); };
show('built');
for (let round = 1; round <= 40; round++) { for (const c of cases) scanApk(c); if (round % 10 === 0) show(`round ${round}`); }
