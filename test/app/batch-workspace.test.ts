// The batch workspace reads the states a batch touches in one query per table: a state the preload found missing
// (a new account or conversation) is created without asking the store again, one query per state, and a stored
// state is still read from the store, in either mode (one node, or many nodes verifying versions).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { openStore } from '../../src/adapters/store/db.ts';
import { newAccount } from '../../src/core/engine/state.ts';
import { BatchWorkspace } from '../../src/app/batch-workspace.ts';
import { StateCache } from '../../src/app/state-cache.ts';

/** Counts the queries that reach the store. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

for (const verify of [false, true]) {
  test(`new states named by the preload are not looked up again, stored ones are loaded (verify: ${verify})`, async () => {
    const store = await openStore({ dataDir: ':memory:' });
    const known = { ...newAccount('t', 'known', 1_000), conversationsStarted: 7 };
    await store.insertInto('accounts').values({ tenant: 't', id: 'known', first_seen: 1_000, last_seen: 1_000, risk: 0, status: 'active', state: JSON.stringify(known), version: 3 }).execute();
    const counter = new QueryCounter();
    const workspace = new BatchWorkspace(store.withPlugin(counter), new StateCache(), null, { verify });
    await workspace.preload([
      { tenant: 't', accounts: ['known', 'new-1'], conversations: ['c-1'] },
      { tenant: 't', accounts: ['new-2'], conversations: ['c-2'] },
    ]);
    const afterPreload = counter.count;

    const created = await workspace.account('t', 'new-1', 5_000);
    const second = await workspace.account('t', 'new-2', 5_000);
    const conversation = await workspace.conversation('t', 'c-2', 5_000);
    const stored = await workspace.account('t', 'known', 5_000);
    assert.equal(counter.count, afterPreload, 'every state came from the preload');
    assert.equal(created.id, 'new-1');
    assert.equal(created.firstSeen, 5_000);
    assert.equal(second.conversationsStarted, 0);
    assert.equal(conversation.id, 'c-2');
    assert.equal(stored.conversationsStarted, 7);
    assert.equal(workspace.nextVersion('accounts', 't', 'new-1'), 1);
    assert.equal(workspace.nextVersion('accounts', 't', 'known'), 4);

    // A state the preload was not told about is still read from the store.
    await workspace.account('t', 'unannounced', 5_000);
    assert.equal(counter.count, afterPreload + 1);
    await store.destroy();
  });
}
