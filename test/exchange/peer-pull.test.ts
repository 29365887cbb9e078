import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PeerPuller } from '../../src/modules/exchange/peer-pull.ts';
import { flipBits, HASH_A, HASH_B, HASH_C } from '../pdq/helpers.ts';
import { instance } from './helpers.ts';

const MD5_A = '0f343b0931126a20f133d67c2b018a3b';
/** What `exchange.peerFetch.allowAddresses` says in a test: the local fake peers are on loopback. */
const LOCAL_PEERS = { allowAddresses: ['127.0.0.1'] };

/** A local fake of the ThreatExchange Graph API's /threat_updates feed (two pages) and of StopNCII's FetchHashes. */
async function fakePeer() {
  const requests: { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }[] = [];
  let records = [
    { id: '101', indicator: HASH_A, type: 'HASH_PDQ', last_updated: 1_700_000_100, should_delete: false, tags: ['sextortion'], status: 'MALICIOUS' },
    { id: '102', indicator: MD5_A, type: 'HASH_VIDEO_MD5', last_updated: 1_700_000_200, should_delete: false, tags: [], status: 'MALICIOUS' },
    { id: '103', indicator: HASH_B, type: 'HASH_PDQ', last_updated: 1_700_000_300, should_delete: false, tags: [], status: 'MALICIOUS' },
  ];
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, base);
    requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/v18.0/1234/threat_updates/') {
      if (url.searchParams.get('access_token') !== 'te-token') return json(401, { error: { message: 'bad token' } });
      const start = Number(url.searchParams.get('start_time'));
      const fresh = records.filter((r) => r.last_updated > start);
      const offset = Number(url.searchParams.get('after') ?? 0);
      const page = fresh.slice(offset, offset + 2);
      const more = offset + 2 < fresh.length;
      const next = new URL(url);
      next.searchParams.set('after', String(offset + 2));
      return json(200, { data: page, paging: more ? { next: next.toString() } : {} });
    }
    if (url.pathname === '/ncii/FetchHashes') {
      if (req.headers['x-functions-key'] !== 'fk' || req.headers['ocp-apim-subscription-key'] !== 'sk') return json(401, {});
      const token = url.searchParams.get('nextPageToken');
      if (!token) return json(200, { count: 1, nextPageToken: 'p2', nextSetTimestamp: 1_700_000_900, hasMoreRecords: true, hashRecords: [{ lastModtimestamp: 1, signalType: 'ImagePDQ', hashValue: HASH_C, hashStatus: 'Active', caseNumbers: { c1: 'Active' } }] });
      return json(200, { count: 1, nextPageToken: null, nextSetTimestamp: 1_700_000_900, hasMoreRecords: false, hashRecords: [{ lastModtimestamp: 2, signalType: 'VideoMD5', hashValue: MD5_A, hashStatus: 'Active', caseNumbers: {} }] });
    }
    json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, server, setRecords: (r: typeof records) => void (records = r) };
}

test('scheduled pull from a ThreatExchange-shaped peer: pages, checkpoint, then only the delta, tombstones disable', async (t) => {
  const peer = await fakePeer();
  t.after(() => peer.server.close());
  const { banks, exchange, clock, db } = await instance();
  await banks.createBank('TE_SEXTORTION');
  // The fake peer is on 127.0.0.1, which the guarded fetcher refuses unless the configuration allows it.
  const puller = new PeerPuller({ db, exchange, now: clock.now, credentials: { te: { token: 'te-token' } }, fetch: LOCAL_PEERS });
  await puller.addPeer({ name: 'te', api: 'threatexchange', url: `${peer.base}/v18.0/1234`, bank: 'TE_SEXTORTION', intervalMs: 3_600_000 });

  const [first] = await puller.runDue();
  assert.equal(first.error, undefined);
  assert.deepEqual([first.pages, first.added, first.checkpoint], [2, 3, '1700000300']);
  assert.equal((await exchange.lookup('pdq', flipBits(HASH_A, [4, 8]))).matches[0].bank, 'TE_SEXTORTION');
  assert.deepEqual((await exchange.lookup('pdq', HASH_A)).matches[0].tags, ['sextortion']);
  assert.equal((await exchange.lookup('video_md5', MD5_A)).matches.length, 1);
  assert.deepEqual(await puller.runDue(), [], 'not due again before its interval');

  // The peer withdraws HASH_B; the next scheduled pull asks from the checkpoint and applies the tombstone.
  peer.setRecords([{ id: '103', indicator: HASH_B, type: 'HASH_PDQ', last_updated: 1_700_000_400, should_delete: true, tags: [], status: 'MALICIOUS' }]);
  clock.advance(3_600_000);
  const [second] = await puller.runDue();
  assert.deepEqual([second.pages, second.disabled, second.checkpoint], [1, 1, '1700000400']);
  assert.equal(peer.requests.at(-1)!.query.get('start_time'), '1700000300');
  assert.equal((await exchange.lookup('pdq', HASH_B)).matches.length, 0);
  const status = (await puller.peer('te'))!;
  assert.equal(status.lastError, null);
  assert.equal(status.nextRunAt, clock.now() + 3_600_000);
});

test('StopNCII-shaped peer with header keys; failures are recorded on the peer and retried, never thrown', async (t) => {
  const peer = await fakePeer();
  t.after(() => peer.server.close());
  const { banks, exchange, clock, db } = await instance();
  await banks.createBank('NCII');
  const puller = new PeerPuller({ db, exchange, now: clock.now, credentials: { ncii: { headers: { 'x-functions-key': 'fk', 'Ocp-Apim-Subscription-Key': 'sk' } } }, fetch: LOCAL_PEERS });
  await puller.addPeer({ name: 'ncii', api: 'stopncii', url: `${peer.base}/ncii`, bank: 'NCII', intervalMs: 600_000 });
  const result = await puller.pull('ncii');
  assert.deepEqual([result.pages, result.added, result.checkpoint, result.error], [2, 2, '1700000900', undefined]);
  assert.deepEqual((await exchange.lookup('pdq', HASH_C)).matches[0].tags, ['stopncii', 'ncii']);

  // Wrong token: an HTTP error recorded, a retry scheduled within 15 minutes, the checkpoint untouched.
  await puller.addPeer({ name: 'te', api: 'threatexchange', url: `${peer.base}/v18.0/1234`, bank: 'NCII', intervalMs: 3_600_000 });
  const failed = await puller.pull('te');
  assert.match(failed.error!, /HTTP 401/);
  assert.doesNotMatch(failed.error!, /te-token/);
  const te = (await puller.peer('te'))!;
  assert.match(te.lastError!, /HTTP 401/);
  assert.equal(te.nextRunAt, clock.now() + 15 * 60_000);
  assert.equal(te.checkpoint, null);

  await assert.rejects(puller.addPeer({ name: 'bad name!', api: 'threatexchange', url: peer.base, bank: 'NCII', intervalMs: 3_600_000 }), /peer name/);
  await assert.rejects(puller.addPeer({ name: 'x', api: 'threatexchange', url: peer.base, bank: 'NOPE', intervalMs: 3_600_000 }), /no bank named "NOPE"/);
  await assert.rejects(puller.addPeer({ name: 'x', api: 'threatexchange', url: 'http://u:p@host/', bank: 'NCII', intervalMs: 3_600_000 }), /not in the URL/);
});

test('a next-page link to another origin is refused, so the token never follows it', async () => {
  const { banks, exchange, clock, db } = await instance();
  await banks.createBank('B');
  const puller = new PeerPuller({
    db,
    exchange,
    now: clock.now,
    fetchPage: async () => ({ status: 200, text: JSON.stringify({ data: [], paging: { next: 'http://attacker.example/steal' } }) }),
  });
  await puller.addPeer({ name: 'p', api: 'threatexchange', url: 'http://peer.example/v1/9', bank: 'B', intervalMs: 3_600_000 });
  const r = await puller.pull('p');
  assert.match(r.error!, /points to http:\/\/attacker\.example/);
});

test('pulls go through the guarded fetcher: loopback refused by default, redirects never followed with credentials', async (t) => {
  // A peer that redirects every request to a second local server, which records what reaches it.
  const reached: IncomingMessage['headers'][] = [];
  const sink = createServer((req, res) => {
    reached.push(req.headers);
    res.end('[]');
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/steal`;
  const redirector = createServer((_req, res) => {
    res.writeHead(302, { location: sinkUrl });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    sink.close();
    redirector.close();
  });
  const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1/exchange/banks/X/export`;
  const { banks, exchange, clock, db } = await instance();
  await banks.createBank('B');

  const guarded = new PeerPuller({ db, exchange, now: clock.now, credentials: { p: { token: 'secret-token' } } });
  await guarded.addPeer({ name: 'p', api: 'chainbreak', url, bank: 'B', intervalMs: 3_600_000 });
  const refused = await guarded.pull('p');
  assert.match(refused.error!, /^blocked_address: .*loopback/);

  const allowed = new PeerPuller({ db, exchange, now: clock.now, credentials: { p: { token: 'secret-token' } }, fetch: LOCAL_PEERS });
  const redirected = await allowed.pull('p');
  assert.match(redirected.error!, /^too_many_redirects: /);
  assert.equal(reached.length, 0, 'the redirect target never sees the request, nor the token');
  assert.doesNotMatch((await allowed.peer('p'))!.lastError!, /secret-token/);
});
