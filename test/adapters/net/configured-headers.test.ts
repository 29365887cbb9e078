// Configured request headers (a hash-exchange peer's credentials, issue 15): sent to the configured origin, never
// to another origin a redirect points at, and never able to replace the fetcher's fixed headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardedFetch, USER_AGENT } from '../../../src/adapters/net/guarded-fetch.ts';
import { listen } from './helpers.ts';

test('configured headers reach the configured origin; the fixed headers win; a cross-origin redirect is refused', async (t) => {
  const other = await listen((_req, res) => res.end('elsewhere'));
  const peer = await listen((req, res) => {
    if (req.url === '/away') {
      res.writeHead(302, { location: `${other.base}/collect` });
      res.end();
    } else if (req.url === '/here') {
      res.writeHead(302, { location: '/list' });
      res.end();
    } else res.end('list');
  });
  t.after(async () => {
    await peer.close();
    await other.close();
  });
  const options = { allowAddresses: ['127.0.0.1'], headers: { Authorization: 'Bearer peer-token', 'User-Agent': 'spoofed' } };

  const same = await guardedFetch(`${peer.base}/here`, options);
  assert.equal(same.ok, true);
  assert.deepEqual(peer.seen.map((s) => [s.url, s.headers.authorization, s.headers['user-agent']]), [['/here', 'Bearer peer-token', USER_AGENT], ['/list', 'Bearer peer-token', USER_AGENT]]);

  const away = await guardedFetch(`${peer.base}/away`, options);
  assert.equal(away.ok, false);
  assert.equal(!away.ok && away.code, 'bad_redirect');
  assert.match(!away.ok ? away.reason : '', /never sent to another origin/);
  assert.equal(other.seen.length, 0, 'the other origin sees nothing');

  // Without configured headers, redirects across origins are followed as before (each hop vetted).
  const plain = await guardedFetch(`${peer.base}/away`, { allowAddresses: ['127.0.0.1'] });
  assert.equal(plain.ok, true);
  assert.equal(other.seen[0].headers.authorization, undefined);
});
