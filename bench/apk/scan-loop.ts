// Event-loop delay while POST /v1/apk/scan parses large uploads: in a worker (issue 17.8) vs on the
// main thread. Run: node bench/apk/scan-loop.ts [classes]
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerApkRoutes } from '../../src/modules/apk/http.ts';
import { scanApk } from '../../src/modules/apk/scan.ts';
import type { ApiKeys } from '../../src/app/api-keys.ts';
import { buildApk, VOICE_FIX_STEALER } from '../../test/apk/support/apps.ts';

const classes = Number(process.argv[2] ?? 20_000);
const apk = Buffer.from(buildApk({ ...VOICE_FIX_STEALER, dex: { ...VOICE_FIX_STEALER.dex, generated: { classes, methodsPerClass: 8 } } }));
const keys = { verify: async () => ({ id: '1', name: 'b', scopes: ['read'], tenant: '*' }) } as unknown as ApiKeys;
const headers = { authorization: 'Bearer b', 'content-type': 'application/vnd.android.package-archive' };

async function run(label: string, scan: () => Promise<unknown>): Promise<void> {
  // The longest gap between two 1 ms ticks is how long another request would have waited.
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await Promise.all([scan(), scan(), scan(), scan()]);
  const took = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  console.log(`${label}: 4 scans of ${(apk.length / 1e6).toFixed(1)} MB in ${took.toFixed(0)} ms; longest event-loop stall ${longest.toFixed(0)} ms`);
}

const app = createFastify();
await registerApkRoutes(app, { keys });
await app.ready();
await app.inject({ method: 'POST', url: '/v1/apk/scan', headers, payload: apk }); // start the worker
// In-process, as the route did before: the parse runs between two event-loop turns.
await run('main thread', async () => {
  await new Promise((resolve) => setImmediate(resolve));
  scanApk(apk);
});
await run('worker pool', async () => {
  const response = await app.inject({ method: 'POST', url: '/v1/apk/scan', headers, payload: apk });
  if (response.statusCode !== 200) throw new Error(response.body);
});
await app.close();
