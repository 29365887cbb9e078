import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportProblem, runFuzz } from './support/fuzz-run.ts';
import { scanApk } from '../../src/modules/apk/index.ts';

// The short version of the fuzz run; the 100,000-case run is `npx node bench/apk/fuzz.ts --cases 100000`.
test('2,000 mutated APKs each give one well-formed report, quickly, with a bounded heap', () => {
  const outcome = runFuzz({ cases: 2_000, maxCaseMs: 2_000 });
  assert.deepEqual(outcome.failures, []);
  assert.equal(outcome.cases, 2_000);
  for (const mutation of ['bytes', 'central_directory', 'truncate', 'axml', 'dex', 'signing_block', 'bomb']) {
    assert.ok((outcome.mutations[mutation] ?? 0) > 100, `mutation ${mutation} under-exercised`);
  }
  // Both outcomes occur: the mutations are neither all fatal nor all harmless.
  assert.ok(outcome.verdicts.unparseable > 100 && outcome.verdicts.contact_stealer > 20);
  assert.ok(outcome.maxHeapMb < 300, `heap reached ${outcome.maxHeapMb} MB`);
  assert.ok(outcome.maxRssMb < 1024, `RSS reached ${outcome.maxRssMb} MB`);
});

test('the fuzz oracle itself rejects a broken report', () => {
  const good = scanApk(new Uint8Array(3));
  assert.equal(reportProblem(good), null);
  assert.match(reportProblem({ ...good, ok: true }) ?? '', /disagree/);
  assert.match(reportProblem({ ...good, error: 'TypeError: x is undefined' }) ?? '', /unexpected exception/);
  assert.match(reportProblem({ ...good, score: 2 }) ?? '', /score/);
});
