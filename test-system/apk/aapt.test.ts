// Compares the permissions the scanner extracts with what Android's own `aapt dump permissions` prints
// (Debian package `aapt`), on every test APK the suite builds. Run by .ci/run after `apt-get install aapt`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readApkManifest, scanApk } from '../../src/modules/apk/index.ts';
import { buildRejectedByAndroid, buildTestApks } from '../../test/apk/support/apps.ts';

interface AaptPermissions {
  package?: string;
  permissions: { element: string; name: string }[];
}

function aaptPermissions(file: string): { ok: true; value: AaptPermissions } | { ok: false; output: string } {
  const run = spawnSync('aapt', ['dump', 'permissions', file], { encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run aapt (install the Debian package "aapt"): ${run.error.message}`);
  if (run.status !== 0 || /ERROR/.test(run.stderr + run.stdout)) return { ok: false, output: run.stderr + run.stdout };
  const value: AaptPermissions = { permissions: [] };
  for (const line of run.stdout.split('\n')) {
    const pkg = /^package: (\S+)/.exec(line);
    if (pkg) value.package = pkg[1];
    const permission = /^(uses-permission(?:-sdk-23)?): name='([^']+)'/.exec(line);
    if (permission) value.permissions.push({ element: permission[1], name: permission[2] });
  }
  return { ok: true, value };
}

const dir = mkdtempSync(join(tmpdir(), 'apk-aapt-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const [name, bytes] of buildTestApks()) {
  test(`aapt and the scanner agree on the permissions of ${name}`, () => {
    const file = join(dir, `${name}.apk`);
    writeFileSync(file, bytes);
    const aapt = aaptPermissions(file);
    assert.ok(aapt.ok, `aapt refused ${name}: ${aapt.ok ? '' : aapt.output}`);
    const manifest = readApkManifest(bytes);
    assert.equal(manifest.package, aapt.value.package);
    const ours = manifest.permissions.map((p) => ({ element: p.element === 'uses-permission-sdk-m' ? 'uses-permission-sdk-23' : p.element, name: p.name }));
    assert.deepEqual(ours, aapt.value.permissions);
    assert.ok(aapt.value.permissions.length > 0);
  });
}

for (const [name, bytes] of buildRejectedByAndroid()) {
  test(`${name}: aapt refuses it, the scanner still reads it and reports the malformation`, () => {
    const file = join(dir, `${name}.apk`);
    writeFileSync(file, bytes);
    assert.equal(aaptPermissions(file).ok, false);
    const report = scanApk(bytes);
    assert.equal(report.ok, true);
    assert.ok(report.permissions.includes('android.permission.READ_CONTACTS'));
    assert.ok(report.warnings.length > 0 || report.evidence.some((e) => e.rule === 'archive_tampering'));
  });
}
