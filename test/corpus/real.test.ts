// The real, sourced corpus (corpus/real) must validate cleanly: schema, no duplicate line anywhere (so none
// shared between dev and test), every family registered in split.yaml under its hash rule, files in the
// folder of their split. A second group checks that the validator itself catches each kind of mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { validateCorpus, splitForFamily, normaliseForDuplicates, LABELS } from '../../corpus/real/validate.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'real');
const report = validateCorpus(ROOT);

test('corpus/real validates without errors', () => {
  assert.deepEqual(report.errors, []);
  assert.ok(report.lines.length > 400, `only ${report.lines.length} lines loaded`);
});

test('no line appears in both dev and test', () => {
  const dev = new Set(report.lines.filter((l) => l.split === 'dev').map((l) => normaliseForDuplicates(l.text)));
  const shared = report.lines.filter((l) => l.split === 'test' && dev.has(normaliseForDuplicates(l.text)));
  assert.deepEqual(shared.map((l) => l.text), []);
});

test('every family is in split.yaml, under the sha256 rule, and no family spans both splits', () => {
  const split: Record<string, string> = parse(readFileSync(join(ROOT, 'split.yaml'), 'utf8')).families;
  for (const fam of report.families) {
    assert.ok(split[fam], `family ${fam} missing from split.yaml`);
    assert.equal(split[fam], splitForFamily(fam), `family ${fam} is not where the hash rule puts it`);
  }
  const seen = new Map<string, string>();
  for (const l of report.lines) {
    const prev = seen.get(l.family);
    assert.ok(!prev || prev === l.split, `family ${l.family} has lines in both splits`);
    seen.set(l.family, l.split);
  }
});

test('both splits hold scam lines for every label', () => {
  for (const split of ['dev', 'test'] as const) {
    for (const label of LABELS) {
      const n = report.lines.filter((l) => l.split === split && l.labels.includes(label)).length;
      assert.ok(n > 0, `${split} has no ${label} line`);
    }
  }
});

test('the hash rule is sha256 as a big-endian integer mod 5', () => {
  // Two families already in split.yaml, one on each side, pin the rule down.
  assert.equal(splitForFamily('abc7chicago-2025-sextortion-email'), 'test');
  assert.equal(splitForFamily('afp-2013-brouteur-franck'), 'dev');
});

// ---- the validator catches mistakes ----

function tempCorpus(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-real-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const source = (id: string, family: string, lines: string) =>
  `id: ${id}\nurl: https://example.org/${id}\ntitle: T\npublisher: P\ndate: "2020"\nkind: news\nfamily: ${family}\nlines:\n${lines}`;
const line = (text: string, extra = 'labels: [threat]\n    speaker: scammer\n    verbatim: true') =>
  `  - text: "${text}"\n    lang: en\n    ${extra}\n`;

test('validator reports a line duplicated across splits, an unregistered family, a misplaced file and a page filed twice', () => {
  const devFam = 'afp-2013-brouteur-franck';
  const testFam = 'abc7chicago-2025-sextortion-email';
  const dir = tempCorpus({
    'split.yaml': `families:\n  ${devFam}: dev\n  ${testFam}: test\n`,
    [`dev/${devFam}.yaml`]: source(devFam, devFam, line('I will send it to all your followers')),
    [`test/${testFam}.yaml`]: source(testFam, testFam, line('I  will send it to ALL your followers')),
    'dev/stray.yaml': source('stray', 'not-registered', line('pay me now')),
    [`test/misplaced.yaml`]: source('misplaced', devFam, line('another line')),
    'dev/same-page.yaml': source('same-page', devFam, line('a third line')).replace('example.org/same-page', `example.org/${devFam}`),
  });
  try {
    const r = validateCorpus(dir);
    const joined = r.errors.join('\n');
    assert.match(joined, /duplicate of dev\/afp-2013-brouteur-franck\.yaml#1/);
    assert.match(joined, /family not-registered missing from split\.yaml/);
    assert.match(joined, /family afp-2013-brouteur-franck is dev but file is in test\//);
    assert.match(joined, /same-page\.yaml: same url as dev\/afp-2013-brouteur-franck\.yaml/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validator rejects labels on non-scammer lines, unknown labels and unexplained non-verbatim text', () => {
  const fam = 'afp-2013-brouteur-franck';
  const dir = tempCorpus({
    'split.yaml': `families:\n  ${fam}: dev\n`,
    [`dev/${fam}.yaml`]: source(
      fam,
      fam,
      line('a narrator line', 'labels: [threat]\n    speaker: narrator\n    verbatim: true') +
        line('bad label', 'labels: [blackmail]\n    speaker: scammer\n    verbatim: true') +
        line('second hand', 'labels: [payment]\n    speaker: scammer\n    verbatim: reported') +
        line('made up', 'labels: []\n    speaker: ordinary\n    verbatim: paraphrase'),
    ),
  });
  try {
    const joined = validateCorpus(dir).errors.join('\n');
    assert.match(joined, /#1: only scammer lines may carry stage labels/);
    assert.match(joined, /#2: unknown label blackmail/);
    assert.match(joined, /#3: verbatim reported needs a note/);
    assert.match(joined, /#4: verbatim must be one of/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
