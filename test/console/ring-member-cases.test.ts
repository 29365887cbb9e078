// The split ring-member rule over the real engine and the default rules: an account linked to a crew only has
// the social graph hidden from it until its conversation reaches an attack stage; then it gets a case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChainbreak } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createKeywordTextDetector } from '../../src/core/detectors/keyword-text.ts';
import { demoEvents } from './scam-fixture.ts';

test("a crew member's first hello opens no case; the same conversation moving off the platform does", async (t) => {
  const config = loadConfig(undefined, { dataDir: ':memory:', logLevel: 'silent', bootstrapKey: false });
  const cb = await createChainbreak(config, { background: false, detectors: [createKeywordTextDetector()] });
  t.after(() => cb.close());
  // scammer-1 runs a whole chain with +63 917 555 0110; the newcomer shows the same phone on its profile.
  await cb.ingest.ingest(demoEvents({ scams: 1, ordinary: 0, tenant: 'demo' }));
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 22, 9, minutes)).toISOString();
  const message = (id: string, minutes: number, text: string) => ({ id, tenant: 'demo', time: at(minutes), type: 'message.sent', conversation_id: 'conv-new', sender: 'newcomer', recipients: ['member-new'], text });
  await cb.ingest.ingest([
    { id: 'n-1', tenant: 'demo', time: at(0), type: 'account.created', account: { id: 'newcomer', display_name: 'Anna', phone: '+63 917 555 0110' } },
    { id: 'n-2', tenant: 'demo', time: at(1), type: 'account.created', account: { id: 'member-new', display_name: 'Member' } },
    message('n-3', 2, 'hi there, you look nice, where are you from?'),
  ]);
  const hello = await cb.db.selectFrom('decisions').select('actions').where('event_id', '=', 'n-3').executeTakeFirstOrThrow();
  const helloActions = JSON.parse(hello.actions as string) as { type: string; rule: string }[];
  assert.deepEqual(helloActions.map((a) => `${a.rule}:${a.type}`), ['ring-member:hide_social_graph'], 'the crew link hides the graph, nothing more');
  const casesOf = () => cb.db.selectFrom('cases').select(['queue', 'victim_account']).where('suspect_account', '=', 'newcomer').execute();
  assert.deepEqual(await casesOf(), []);

  await cb.ingest.ingest([message('n-4', 5, 'this app is slow, add me on telegram so we can video call')]);
  const cases = await casesOf();
  assert.equal(cases.length, 1, 'one case, about the person written to');
  assert.equal(cases[0].victim_account, 'member-new');
});
