// Benchmark: the APK scanner against Debian's androguard (full AnalyzeAPK) and aapt (manifest reads),
// on the same generated test APKs in one run.
//   npx node bench/apk/compare.ts [--sizes 0,1000,5000] [--reps 5]
// Needs the Debian packages `aapt` and `androguard` (python3 at /usr/bin/python3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readApkManifest, scanApk } from '../../src/modules/apk/index.ts';
import { buildApk, TEST_APPS } from '../../test/apk/support/apps.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '0,1000,5000' }, reps: { type: 'string', default: '5' } } });
const sizes = values.sizes.split(',').map(Number);
const reps = Number(values.reps);
const dir = mkdtempSync(join(tmpdir(), 'apk-bench-'));

/** Generated methods per APK → classes × methods per class. */
function corpus(): { file: string; bytes: Uint8Array; methods: number }[] {
  const files = [];
  for (const [name, app] of Object.entries(TEST_APPS)) {
    for (const methods of sizes) {
      const classes = Math.ceil(methods / 50);
      const bytes = buildApk({ ...app, dex: { ...app.dex, generated: { classes, methodsPerClass: classes ? Math.round(methods / classes) : 0 } } }, { sign: 'v1+v2' });
      const file = join(dir, `${name}-${methods}.apk`);
      writeFileSync(file, bytes);
      files.push({ file, bytes, methods });
    }
  }
  return files;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Mean over files of each file's fastest repetition: the minimum filters out other load on the machine. */
function timeInProcess(files: { bytes: Uint8Array }[], run: (b: Uint8Array) => unknown): number {
  for (const f of files) run(f.bytes); // warm-up: JIT and lazily compiled code
  let sum = 0;
  for (const f of files) {
    let best = Infinity;
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      run(f.bytes);
      best = Math.min(best, performance.now() - t);
    }
    sum += best;
  }
  return sum / files.length;
}

function wallMs(command: string, args: string[]): number {
  const t = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw new Error(`${command}: ${run.error.message}`);
  return performance.now() - t;
}

function perFileSpawn(files: { file: string }[], command: string, args: (f: string) => string[], repetitions = Math.min(reps, 3)): number {
  let sum = 0;
  for (const f of files) {
    let best = Infinity;
    for (let r = 0; r < repetitions; r++) best = Math.min(best, wallMs(command, args(f.file)));
    sum += best;
  }
  return sum / files.length;
}

const ANDROGUARD = `
import sys, time, json, logging
t0 = time.perf_counter()
from androguard.misc import AnalyzeAPK
from androguard.core.bytecodes.apk import APK
logging.disable(logging.CRITICAL)
imported = time.perf_counter() - t0
reps = int(sys.argv[1])
full, manifest = [], []
for f in sys.argv[2:]:
    best_full = best_manifest = float("inf")
    for _ in range(reps):
        t = time.perf_counter(); a, d, dx = AnalyzeAPK(f); n = sum(1 for _ in dx.get_methods()); best_full = min(best_full, time.perf_counter() - t)
        t = time.perf_counter(); APK(f).get_permissions(); best_manifest = min(best_manifest, time.perf_counter() - t)
    full.append(best_full); manifest.append(best_manifest)
print(json.dumps({"import_s": imported, "full_s": full, "manifest_s": manifest}))
`;

const files = corpus();
const script = join(dir, 'androguard_bench.py');
writeFileSync(script, ANDROGUARD);
const oursFull = timeInProcess(files, (b) => scanApk(b));
const oursManifest = timeInProcess(files, (b) => readApkManifest(b));
const bySize = sizes.map((m) => ({ methods: m, ms: timeInProcess(files.filter((f) => f.methods === m), (b) => scanApk(b)) }));

const t = performance.now();
const agReps = Math.min(reps, 3);
const ag = spawnSync('/usr/bin/python3', [script, String(agReps), ...files.map((f) => f.file)], { encoding: 'utf8', maxBuffer: 64 << 20 });
const agWall = performance.now() - t;
if (ag.status !== 0) throw new Error(`androguard failed: ${ag.stderr.slice(-2000)}`);
const agResult = JSON.parse(ag.stdout.trim().split('\n').pop()!) as { import_s: number; full_s: number[]; manifest_s: number[] };
const agFull = (agResult.full_s.reduce((a, b) => a + b, 0) / files.length) * 1000;
const agManifest = (agResult.manifest_s.reduce((a, b) => a + b, 0) / files.length) * 1000;
const agBySize = sizes.map((m) => {
  const idx = files.map((f, i) => (f.methods === m ? i : -1)).filter((i) => i >= 0);
  return idx.reduce((s, i) => s + agResult.full_s[i] * 1000, 0) / idx.length;
});

const aaptStart = perFileSpawn(files, 'aapt', () => ['version']);
const aaptPermissions = perFileSpawn(files, 'aapt', (f) => ['dump', 'permissions', f]);
const aaptBadging = perFileSpawn(files, 'aapt', (f) => ['dump', 'badging', f]);
const cli = new URL('../../chainbreak', import.meta.url).pathname;
const oursCliOneFile = perFileSpawn(files.slice(0, 2), cli, (f) => ['apk', 'scan', '--json', f], 2);
// The scanner alone in a fresh Node process: what a per-file process costs without the whole CLI.
const oneShot = join(dir, 'scan-one.ts');
writeFileSync(oneShot, `import { readFileSync } from 'node:fs';\nimport { scanApk } from ${JSON.stringify(new URL('../../src/modules/apk/index.ts', import.meta.url).href)};\nconsole.log(JSON.stringify(scanApk(readFileSync(process.argv[2]))).length);\n`);
const oursNodeOneFile = perFileSpawn(files, process.execPath, (f) => ['--disable-warning=ExperimentalWarning', oneShot, f]);
const oursCliAll = wallMs(cli, ['apk', 'scan', '--json', ...files.map((f) => f.file)]);

const r = (x: number) => Math.round(x * 100) / 100;
const result = {
  files: files.length,
  sizesInMethods: sizes,
  apkBytes: files.map((f) => f.bytes.length),
  oursFullScanMsPerFile: r(oursFull),
  oursManifestMsPerFile: r(oursManifest),
  oursFullScanMsBySize: bySize.map((s) => ({ methods: s.methods, ms: r(s.ms) })),
  oursCliOneFileMsInclStart: r(oursCliOneFile),
  oursScannerOnlyNodeProcessMsPerFileInclStart: r(oursNodeOneFile),
  oursCliAllFilesWallMs: r(oursCliAll),
  androguardAnalyzeApkMsPerFile: r(agFull),
  androguardAnalyzeApkMsBySize: sizes.map((m, i) => ({ methods: m, ms: r(agBySize[i]) })),
  androguardApkManifestMsPerFile: r(agManifest),
  androguardImportS: r(agResult.import_s),
  androguardWallMsInclInterpreter: r(agWall),
  androguardRepetitionsPerFile: agReps,
  aaptVersionMs: r(aaptStart),
  aaptDumpPermissionsMsPerFileInclStart: r(aaptPermissions),
  aaptDumpBadgingMsPerFileInclStart: r(aaptBadging),
  ratios: {
    androguardFullOverOursFull: r(agFull / oursFull),
    // androguard's wall time covers agReps analyses per file; the CLI scans each file once.
    androguardWallPerAnalysisOverOursCliWall: r(agWall / agReps / oursCliAll),
    aaptPermissionsInclStartOverOursManifest: r(aaptPermissions / oursManifest),
    aaptPermissionsExclStartOverOursManifest: r(Math.max(0.01, aaptPermissions - aaptStart) / oursManifest),
    oursCliOneFileOverAaptPermissions: r(oursCliOneFile / aaptPermissions),
    oursNodeProcessOverAaptPermissions: r(oursNodeOneFile / aaptPermissions),
  },
};
console.log(JSON.stringify(result, null, 2));
rmSync(dir, { recursive: true, force: true });
