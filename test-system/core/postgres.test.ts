// The same store code on PostgreSQL: migrations, ingestion, stage tracking, cases and restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { previewRules } from '../../src/app/rule-preview.ts';
import { scamConversation } from '../../test/helpers/fixtures.ts';
import { tempDir } from '../../test/helpers/service.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.ts';

let pg: TempPostgres;
before(() => {
  pg = startTempPostgres();
});
after(() => pg.stop());

test('ingestion, stages, cases and a restart work unchanged on PostgreSQL', async () => {
  const config = loadConfig(undefined, { dataDir: tempDir(), postgresUrl: pg.url, logLevel: 'silent' });
  const first = await createChainbreak(config, { background: false });
  const script = scamConversation('pg-conv');
  await first.ingest.ingest(script.slice(0, 4).map((s) => s.event));
  const [duplicate] = await first.ingest.ingest([script[0].event]);
  assert.equal(duplicate.duplicate, true);
  await first.close();

  const second = await createChainbreak(config, { background: false });
  try {
    const results = await second.ingest.ingest(script.slice(4).map((s) => s.event));
    assert.ok(results.every((r) => !r.duplicate));
    const conversation = await second.queries.conversation('acme', 'pg-conv');
    assert.deepEqual(conversation!.stages.map((s) => s.stage), ['first_contact', 'escalation', 'offplatform', 'app_lure', 'threat', 'payment']);
    assert.equal(typeof conversation!.first_seen, 'number');
    const cases = await second.queries.cases({ limit: 10, offset: 0 });
    assert.equal(cases.length, 1);
    assert.equal(cases[0].stage_max, 'payment');
    const preview = await previewRules(second.db, second.rules.text, { limit: 100 });
    assert.ok(preview.valid);
    assert.equal(preview.events, script.length);
  } finally {
    await second.close();
  }
});
