// Rebuilds better-sqlite3 against the pinned Node 24 when the installed binary does not load.
// Why: npm runs on the machine's older Node, so dependency install scripts compile native addons
// against that Node's ABI, and the registry's prebuilt binaries cannot be downloaded here.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function sqliteLoads(): boolean {
  try {
    execFileSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
      cwd: root,
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

function nodeGypScript(): string {
  const candidates = [
    process.env.npm_config_node_gyp,
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  return require.resolve('node-gyp/bin/node-gyp.js');
}

// The headers ship in the platform package of the pinned Node (an optional dependency of ours, so that
// npm keeps it; the copy nested under node_modules/node is pruned by later installs).
function pinnedNodeHeaders(): string {
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const candidates = [
    join(root, 'node_modules', platformPackage),
    join(root, 'node_modules', 'node', 'node_modules', platformPackage),
  ];
  const dir = candidates.find((candidate) => existsSync(join(candidate, 'include', 'node', 'node.h')));
  if (!dir) throw new Error(`Node headers not found in ${candidates.join(' or ')}; run npm install again`);
  return dir;
}

// The addon must be compiled with the pinned Node's own headers: a binary built elsewhere may load
// (same ABI number) yet embed a different node::ObjectWrap, which aborts the process on teardown.
const addonDir = dirname(require.resolve('better-sqlite3/package.json'));
const marker = join(addonDir, 'build', 'chainbreak-built-for');
const builtFor = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '';

if (builtFor === process.version && sqliteLoads()) {
  console.log(`better-sqlite3 is built for Node ${process.version}`);
} else {
  console.log(`building better-sqlite3 for Node ${process.version} (about a minute)…`);
  const nodedir = pinnedNodeHeaders();
  // npm exports its own nodedir setting (the machine's Node headers) to scripts; node-gyp prefers it to the flag.
  const env = { ...process.env, npm_config_nodedir: nodedir };
  try {
    execFileSync(process.execPath, [nodeGypScript(), 'rebuild', '--release', `--nodedir=${nodedir}`], {
      cwd: addonDir,
      env,
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr } = error as { stderr?: Buffer };
    process.stderr.write(stderr?.toString().split('\n').filter((l) => !l.startsWith('gyp info')).join('\n') ?? '');
    throw new Error('compiling better-sqlite3 failed (see above); it needs python3, make and g++');
  }
  if (!sqliteLoads()) throw new Error('better-sqlite3 still does not load after the rebuild');
  writeFileSync(marker, `${process.version}\n`);
  console.log('better-sqlite3 built');
}
