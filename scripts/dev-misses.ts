// Error analysis for the dev proxy: runs `chainbreak text eval --dev --no-act-cues` with SHOW_MISSES=1, then groups
// the missed dev lines by label and language and tags each with the concepts (concepts.ts) that fire on it. Why the
// tags: a miss with no concept of its act's shape is a word gap (a concept or a paraphrase family lacks the words);
// a miss whose shape's concepts all fire is a weight gap (the pair exists but the training lines do not teach it).
// Reads corpus/real/dev only, through the CLI (so it keeps working when the eval code moves).
// Usage: npx node scripts/dev-misses.ts [saved-eval-output.txt]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CONCEPTS } from '../src/modules/text/concepts.ts';
import { normalise } from '../src/modules/text/normalise.ts';

interface Miss {
  label: string;
  lang: string;
  family: string;
  text: string;
}

function evalOutput(): string {
  const saved = process.argv[2];
  if (saved !== undefined) return readFileSync(saved, 'utf8');
  const cli = new URL('../chainbreak', import.meta.url).pathname;
  try {
    return execFileSync(cli, ['text', 'eval', '--dev', '--no-act-cues', '--no-templates'], {
      env: { ...process.env, SHOW_MISSES: '1' },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }).toString();
  } catch (err) {
    // The eval exits 1 whenever a floor is missed, which is the normal state this script exists to analyse; its
    // report is still complete on stdout. Anything else (no stdout) is a real failure and is rethrown.
    const stdout = (err as { stdout?: unknown }).stdout;
    if (typeof stdout === 'string' && stdout.includes('Recall per label')) return stdout;
    throw err;
  }
}

/** The "Missed dev lines" block: `  <label> <lang> [<family>] <text>`. */
function parseMisses(output: string): Miss[] {
  const start = output.indexOf('Missed dev lines:');
  if (start < 0) throw new Error('no "Missed dev lines" block: was SHOW_MISSES honoured and --dev given?');
  const out: Miss[] = [];
  for (const line of output.slice(start).split('\n').slice(1)) {
    if (line.trim() === '') break;
    const m = /^ {2}(\S+) (\S+) \[([^\]]+)\] (.*)$/.exec(line);
    if (m) out.push({ label: m[1], lang: m[2], family: m[3], text: m[4] });
  }
  return out;
}

function conceptsOf(text: string): string[] {
  const latin = normalise(text).latin.text;
  return CONCEPTS.filter((c) => c.pattern.test(latin)).map((c) => c.name);
}

function main(): void {
  const misses = parseMisses(evalOutput());
  const groups = new Map<string, Miss[]>();
  for (const m of misses) {
    const key = `${m.label} ${m.lang}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const keys = [...groups.keys()].sort((a, b) => groups.get(b)!.length - groups.get(a)!.length || a.localeCompare(b));
  console.log(`${misses.length} missed (line, label) pairs on dev, strong cues off`);
  for (const key of keys) {
    const group = groups.get(key)!;
    console.log(`\n== ${key}: ${group.length} missed, ${new Set(group.map((m) => m.family)).size} families`);
    for (const m of group) console.log(`  [${m.family}] {${conceptsOf(m.text).join(' ') || '-'}} ${m.text}`);
  }
}

main();
