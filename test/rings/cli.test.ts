import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../src/adapters/store/db.ts';
import { RingService } from '../../src/modules/rings/service.ts';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', '..', 'chainbreak');

async function chainbreak(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(cli, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = [
  { account: 'p1', type: 'messenger_handle', value: 'Skype:live:crew1' },
  { account: 'p2', type: 'messenger_handle', value: 'skype:live:CREW1' },
  { account: 'p2', type: 'phone', value: '+44 7700 900123' },
  { account: 'p3', type: 'phone', value: '0044 7700 900123' },
  { account: 'q1', type: 'payment_account', value: 'paypal:processor' },
  { account: 'q2', type: 'payment_account', value: 'paypal:processor' },
  { account: 'q3', type: 'payment_account', value: 'paypal:processor' },
  { account: 'q1', type: 'ip', value: '198.51.100.1' },
  { account: 'q2', type: 'ip', value: '198.51.100.1' },
  { type: 'phone', value: '+447700900123' },
  { account: 'p4', type: 'fax', value: '1' },
];
const dir = mkdtempSync(join(tmpdir(), 'rings-cli-'));
const input = join(dir, 'links.jsonl');
writeFileSync(input, `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);

test('rings build reads JSONL, reports bad lines on stderr, keeps going and prints rings and shared infrastructure', async () => {
  const { code, stdout, stderr } = await chainbreak(['rings', 'build', '--input', input, '--shared-cap', '2']);
  assert.equal(code, 1, 'some lines failed');
  const out = JSON.parse(stdout);
  assert.deepEqual(out.rings.map((r: { accounts: string[] }) => r.accounts), [['p1', 'p2', 'p3']]);
  assert.deepEqual(out.rings[0].identifiers, [
    { type: 'messenger_handle', value: 'skype:live:crew1', written_as: ['Skype:live:crew1', 'skype:live:CREW1'] },
    { type: 'phone', value: '+447700900123', written_as: ['+44 7700 900123', '0044 7700 900123'] },
  ]);
  assert.ok(out.rings[0].score > 0 && out.rings[0].score <= 1);
  assert.match(out.rings[0].id, /^ring_[0-9a-f]{16}$/);
  assert.deepEqual(out.shared_infrastructure, [{ type: 'payment_account', value: 'paypal:processor', accounts: ['q1', 'q2', 'q3'] }]);
  assert.match(stderr, /links\.jsonl:10: "account" is missing/);
  assert.match(stderr, /links\.jsonl:11: "type" "fax" is not an identifier type/);
  assert.match(stderr, /links\.jsonl:12: not JSON/);
});

test('rings explain prints the evidence path; usage errors exit 2', async () => {
  const [explained, noInput, missingFile] = await Promise.all([
    chainbreak(['rings', 'explain', 'p1', 'p3', '--input', input]),
    chainbreak(['rings', 'build']),
    chainbreak(['rings', 'build', '--input', join(dir, 'missing.jsonl')]),
  ]);
  assert.equal(explained.code, 1, 'the input has bad lines');
  assert.match(explained.stdout, /p1 --\[messenger_handle skype:live:crew1\]--> p2/);
  assert.match(explained.stdout, /p2 --\[phone \+447700900123\]--> p3/);
  assert.equal(noInput.code, 2);
  assert.match(noInput.stderr, /--input/);
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.stderr, /does not exist/);
});

test('rings explain without --input reads the service store', async () => {
  const dataDir = join(dir, 'store');
  const db = await openStore({ dataDir });
  const service = new RingService(db);
  await service.addLink({ tenant: 't9', account: 'x1', type: 'phone', value: '+447700900555', source: 'report:r1' });
  await service.addLink({ tenant: 't9', account: 'x2', type: 'phone', value: '+44 7700 900555' });
  await service.close();
  await db.destroy();
  const { code, stdout } = await chainbreak(['rings', 'explain', 'x1', 'x2', '--data-dir', dataDir, '--tenant', 't9', '--json']);
  assert.equal(code, 0);
  const e = JSON.parse(stdout);
  assert.equal(e.sameRing, true);
  assert.equal(e.hops[0].links[0].source, 'report:r1');
});
