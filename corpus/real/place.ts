// Places staged source files (corpus/real/sources/*.yaml) into dev/ or test/ by the split rule, and lists each
// new family in split.yaml in sorted position. The split comes from splitForFamily(), so nobody chooses it;
// a family already listed keeps its split (families are never moved).
// Run: node corpus/real/place.ts            (then node corpus/real/check.ts)
import { readFileSync, writeFileSync, readdirSync, renameSync, existsSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { splitForFamily, type Split } from './validate.ts';

const root = dirname(fileURLToPath(import.meta.url));
const staging = join(root, 'sources');
if (!existsSync(staging)) {
  console.log('nothing staged (no corpus/real/sources/)');
  process.exit(0);
}
const splitPath = join(root, 'split.yaml');
const splitText = readFileSync(splitPath, 'utf8');
const listed: Record<string, Split> = (parse(splitText) ?? {}).families ?? {};
const added = new Map<string, Split>();

for (const file of readdirSync(staging).filter((f) => f.endsWith('.yaml')).sort()) {
  const path = join(staging, file);
  let family: unknown;
  try {
    family = parse(readFileSync(path, 'utf8'))?.family;
  } catch (e) {
    console.error(`${file}: YAML: ${(e as Error).message}; left in sources/`);
    continue;
  }
  if (typeof family !== 'string' || !family) {
    console.error(`${file}: no family; left in sources/`);
    continue;
  }
  const split = listed[family] ?? added.get(family) ?? splitForFamily(family);
  if (!listed[family]) added.set(family, split);
  const target = join(root, split, file);
  if (existsSync(target)) {
    console.error(`${file}: ${split}/${file} already exists; left in sources/`);
    continue;
  }
  renameSync(path, target);
  console.log(`${split.padEnd(4)} ${file}`);
}

if (added.size) {
  // Keep the comment header and the sorted one-line-per-family layout of split.yaml.
  const lines = splitText.replace(/\n+$/, '').split('\n');
  const start = lines.indexOf('families:') + 1;
  const entries = lines.slice(start).filter((l) => l.trim());
  for (const [fam, s] of added) entries.push(`  ${fam}: ${s}`);
  entries.sort((a, b) => (a.trim() < b.trim() ? -1 : a.trim() > b.trim() ? 1 : 0));
  writeFileSync(splitPath, [...lines.slice(0, start), ...entries].join('\n') + '\n');
}
if (readdirSync(staging).length === 0) rmdirSync(staging);
