import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enforcementNotifier } from '../../src/app/enforcement.ts';
import { scamConversation } from '../helpers/fixtures.ts';
import { startTestService } from '../helpers/service.ts';

test('a moderator ban changes the stored status, reaches the engine and is sent to the platform; only a single-account ban marks the crew', async () => {
  const webhooks = [{ url: 'http://127.0.0.1:9/hook', secret: 'enforcement-secret-123' }];
  const cb = await startTestService({ webhooks });
  try {
    await cb.ingest.ingest(scamConversation('enf').map((s) => s.event));
    const banned: string[] = [];
    const notify = enforcementNotifier(cb.ingest, webhooks, async (tenant, account) => void banned.push(`${tenant}/${account}`));
    await cb.db.deleteFrom('webhook_deliveries').execute();
    await notify({ tenant: 'acme', account: 'scammer', action: 'ban_ring', caseId: 'case-1', ringId: null, reason: 'threat and payment demand', actor: 'moderator' });

    const row = await cb.db.selectFrom('accounts').select(['status']).where('tenant', '=', 'acme').where('id', '=', 'scammer').executeTakeFirstOrThrow();
    assert.equal(row.status, 'banned');
    assert.equal((await cb.ingest.accountState('acme', 'scammer'))?.status, 'banned');
    assert.deepEqual(banned, [], 'a ring ban marks no member as confirmed bad');
    const deliveries = await cb.db.selectFrom('webhook_deliveries').selectAll().execute();
    assert.equal(deliveries.length, 1);
    const body = JSON.parse(deliveries[0].body);
    assert.deepEqual([body.type, body.action, body.actor, body.reason], ['moderator.action', 'ban_ring', 'moderator', 'threat and payment demand']);

    await notify({ tenant: 'acme', account: 'scammer', action: 'ban', caseId: 'case-1', ringId: null, reason: 'confirmed extortion', actor: 'moderator' });
    assert.deepEqual(banned, ['acme/scammer']);

    await notify({ tenant: 'acme', account: 'victim', action: 'warn_recipient', caseId: 'case-1', ringId: null, reason: 'warn', actor: 'moderator' });
    const victim = await cb.db.selectFrom('accounts').select(['status']).where('id', '=', 'victim').executeTakeFirstOrThrow();
    assert.equal(victim.status, 'active', 'a warning changes no status');
  } finally {
    await cb.cleanup();
  }
});
