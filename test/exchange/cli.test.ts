import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KeyedHasher } from '../../src/modules/exchange/keyed-hash.ts';
import { generateSigningKeys, signPackage } from '../../src/modules/exchange/package.ts';
import { HASH_A } from '../pdq/helpers.ts';

const CLI = fileURLToPath(new URL('../../chainbreak', import.meta.url));

function run(args: string[], input?: string) {
  const r = spawnSync(CLI, ['exchange', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('exchange keygen, hash-indicator and verify-package work together', () => {
  const keys = JSON.parse(run(['keygen']).stdout);
  assert.match(keys.signingKeys.publicKey, /^[A-Za-z0-9_-]{43}$/);
  const hash = run(['hash-indicator', '--key', keys.sharedKey, '--type', 'phone', '+234 803 123 4567']);
  assert.equal(hash.stdout.trim(), new KeyedHasher(keys.sharedKey).hashNormalised('phone', '+2348031234567'));
  const bad = run(['hash-indicator', '--key', keys.sharedKey, '--type', 'phone', '0803']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /international prefix/);

  const sender = generateSigningKeys();
  const { envelope } = signPackage({ kind: 'indicators', from: 'a', to: 'b', key_id: 'k1', indicators: [] }, sender);
  const ok = run(['verify-package', '--self', 'b', '--partner', `a=${sender.publicKey}`], JSON.stringify(envelope));
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).from, 'a');
  const tampered = run(['verify-package', '--self', 'b', '--partner', `a=${sender.publicKey}`], JSON.stringify({ ...envelope, payload: envelope.payload.replace('"to":"b"', '"to":"b" ') }));
  assert.equal(tampered.code, 1);
  assert.match(tampered.stderr, /bad_signature/);
});

test('exchange convert turns a ThreatExchange CSV into an HMA signal file and refuses bad lists', () => {
  const csv = `signal_type,signal_str,collab,category,tags\npdq,${HASH_A},c,POSITIVE_CLASS,sextortion\nurl,https://x,c,POSITIVE_CLASS,\n`;
  const out = run(['convert', '--from', 'te-csv', '--to', 'signal-file'], csv);
  assert.equal(out.stdout, `pdq ${HASH_A}\n`);
  assert.match(out.stderr, /line 3 skipped/);
  const bad = run(['convert', '--from', 'signal-file', '--to', 'jsonl'], 'pdq 123\n');
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
});
