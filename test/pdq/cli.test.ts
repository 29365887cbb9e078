import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hammingDistance } from '../../src/modules/pdq/hash256.ts';
import { FIXTURES, hashList, referenceDihedral, referenceHashes } from './fixtures.ts';

const CLI = fileURLToPath(new URL('../../chainbreak', import.meta.url));

function run(args: string[], input?: string) {
  const r = spawnSync(CLI, args, { cwd: FIXTURES, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('pdq hash prints the reference hasher\'s exact lines for PPM files; bad files go to stderr, exit 1', () => {
  const rows = referenceHashes().filter((r) => r.path.endsWith('.ppm'));
  const out = run(['pdq', 'hash', ...rows.map((r) => r.path), 'missing.jpg', 'README.md']);
  assert.equal(out.stdout, rows.map((r) => `${r.hash},${r.quality},${r.path}\n`).join(''));
  assert.equal(out.code, 1);
  assert.match(out.stderr, /missing\.jpg: cannot read/);
  assert.match(out.stderr, /README\.md: not a supported image format/);
});

test('pdq hash --dihedral prints eight hashes, quality and path on one line', () => {
  const row = referenceDihedral().find((r) => r.path === 'ppm/wee.ppm');
  assert.ok(row);
  const out = run(['pdq', 'hash', '--dihedral', row.path]);
  assert.equal(out.stdout, `${row.hashes.join(',')},${row.quality},${row.path}\n`);
});

test('pdq match writes JSON Lines equal to a brute-force scan of the bank', () => {
  const haystack = hashList('haystack.txt');
  const needles = hashList('needles.txt').slice(0, 25);
  const out = run(['pdq', 'match', '--bank', 'haystack.txt', '--max-distance', '31'], `${needles.join('\n')}\nnot-a-hash\n`);
  assert.equal(out.code, 1, 'a bad query line makes the exit code 1');
  assert.match(out.stderr, /query line 26: not a PDQ hash/);
  const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, needles.length);
  for (const [i, line] of lines.entries()) {
    assert.equal(line.query, needles[i]);
    const expected = haystack
      .map((h) => ({ hash: h, distance: hammingDistance(h, needles[i]) }))
      .filter((m) => m.distance <= 31)
      .sort((a, b) => a.distance - b.distance);
    assert.deepEqual(line.matches.map((m: { distance: number }) => m.distance), expected.map((m) => m.distance));
    assert.deepEqual(new Set(line.matches.map((m: { hash: string }) => m.hash)), new Set(expected.map((m) => m.hash)));
  }
});

test('usage errors exit 2', () => {
  assert.equal(run(['pdq', 'match', '--bank', 'haystack.txt', '--max-distance', 'x']).code, 2);
});
