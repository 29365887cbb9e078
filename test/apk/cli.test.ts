import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from '../../src/modules/apk/cli.ts';
import { buildApk, BENIGN_NOTES, VOICE_FIX_STEALER } from './support/apps.ts';

const cli = fileURLToPath(new URL('../../chainbreak', import.meta.url));

test('apk scan --json prints one line per file, malformed ones included, and exits 1 when some failed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apk-cli-'));
  try {
    writeFileSync(join(dir, 'fix.apk'), buildApk(VOICE_FIX_STEALER));
    writeFileSync(join(dir, 'notes.apk'), buildApk(BENIGN_NOTES));
    writeFileSync(join(dir, 'junk.apk'), 'PK\x03\x04 definitely not an app');
    const files = ['fix.apk', 'notes.apk', 'junk.apk', 'missing.apk'].map((f) => join(dir, f));
    const run = spawnSync(cli, ['apk', 'scan', '--json', ...files], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.file, l.ok, l.verdict]), [
      [files[0], true, 'contact_stealer'],
      [files[1], true, 'clean'],
      [files[2], false, 'unparseable'],
      [files[3], false, 'unparseable'],
    ]);
    assert.equal(lines[0].package, 'com.voicefix.audio.plugin');
    assert.ok(lines[0].permissions.includes('android.permission.READ_CONTACTS'));
    assert.ok(lines[0].evidence.length > 5 && lines[0].signers.length === 1 && lines[0].urls.length === 2);
    assert.match(lines[3].error, /no such file/);
    assert.match(run.stderr, /2 of 4 file\(s\) could not be scanned/);
    assert.match(describe(lines[0]), /contact_stealer \(score 1\.00\)[\s\S]*contacts_access \(\+3\): permission android\.permission\.READ_CONTACTS/);
    assert.match(describe(lines[3]), /missing\.apk: unparseable: no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apk scan without files is a usage error (exit 2)', () => {
  const run = spawnSync(cli, ['apk', 'scan'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /missing required argument/);
});
