// Why the rings engine interns strings in its own table: inserting N fresh keys into a Map<string, number> against
// StringInterner. Usage: npx node bench/rings/interner.ts [--keys 5000000]
import { parseArgs } from 'node:util';
import { StringInterner } from '../../src/modules/rings/interner.ts';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '5000000' }, map: { type: 'boolean' }, interner: { type: 'boolean' } } });
const n = Number(values.keys);

function timeIt(label: string, insert: (key: string) => number): void {
  const t0 = process.hrtime.bigint();
  let check = 0;
  for (let k = 0; k < n; k++) check += insert(`acc${k}`);
  for (let k = 0; k < n; k += 7) check += insert(`acc${k}`); // some repeats, as in real link streams
  console.log(JSON.stringify({ label, keys: n, seconds: +(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2), check }));
}

if (values.map) {
  const map = new Map<string, number>();
  timeIt('Map<string, number>', (key) => {
    const id = map.get(key);
    if (id !== undefined) return id;
    map.set(key, map.size);
    return map.size - 1;
  });
} else if (values.interner) {
  const interner = new StringInterner();
  timeIt('StringInterner', (key) => interner.intern(key));
} else {
  // Each in a fresh process, so neither pays for the other's garbage.
  const { execFileSync } = await import('node:child_process');
  for (const which of ['--map', '--interner']) {
    process.stdout.write(execFileSync(process.execPath, [import.meta.filename, '--keys', String(n), which], { encoding: 'utf8' }));
  }
}
