import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HmaLookupResponse } from './hma-schema.ts';
import { PdqBankService } from '../../src/modules/pdq/banks.ts';
import { BankSettingsStore } from '../../src/modules/exchange/bank-settings.ts';
import { HashExchange } from '../../src/modules/exchange/hash-exchange.ts';
import { parseSignals, parseStopNciiPage, parseThreatUpdatesPage } from '../../src/modules/exchange/signal-formats.ts';
import { flipBits, HASH_A, HASH_B, HASH_C } from '../pdq/helpers.ts';
import { instance, manualClock, migratedDb } from './helpers.ts';

const MD5_A = '0f343b0931126a20f133d67c2b018a3b';
const MD5_B = 'd41d8cd98f00b204e9800998ecf8427e';

const PROV = { source: 'threatexchange:test', added_by: 'test' };

test('round trip: export a bank with PDQ quality, video MD5 and tags, import it into a second instance, match there', async () => {
  const one = await instance();
  await one.banks.createBank('SEXTORTION_KNOWN');
  await one.exchange.importRecords('SEXTORTION_KNOWN', [
    { signal_type: 'pdq', signal: HASH_A, quality: 92, tags: ['sextortion', 'minor'], collab: 'tc-lantern' },
    { signal_type: 'pdq', signal: HASH_B, quality: 100 },
    { signal_type: 'video_md5', signal: MD5_A, tags: ['sextortion'] },
  ], PROV);

  for (const format of ['jsonl', 'te-csv', 'signal-file'] as const) {
    const text = await one.exchange.exportText('SEXTORTION_KNOWN', format);
    const two = await instance();
    await two.banks.createBank('FROM_PARTNER');
    const summary = await two.exchange.importText('FROM_PARTNER', text, format, { source: 'partner:one', added_by: 'import' });
    assert.equal(summary.added, 3, format);
    const near = flipBits(HASH_A, [1, 5, 9, 77, 200]);
    const pdq = await two.exchange.lookup('pdq', near);
    assert.deepEqual(pdq.matches.map((m) => [m.bank, m.signal, m.distance]), [['FROM_PARTNER', HASH_A, 5]], format);
    const video = await two.exchange.lookup('video_md5', MD5_A.toUpperCase());
    assert.equal(video.matches.length, 1, format);
    if (format !== 'signal-file') assert.deepEqual(pdq.matches[0].tags, ['sextortion', 'minor'], `${format} keeps tags`);
    if (format === 'jsonl') assert.equal(pdq.matches[0].quality, 92, 'jsonl keeps PDQ quality');
  }
});

test('HMA-shaped look-up answers what an HMA client expects', async () => {
  const { banks, exchange } = await instance();
  await banks.createBank('TEST_BANK');
  await banks.createBank('OTHER_BANK');
  await exchange.importRecords('TEST_BANK', [{ signal_type: 'pdq', signal: HASH_A }, { signal_type: 'video_md5', signal: MD5_A }], PROV);
  await exchange.importRecords('OTHER_BANK', [{ signal_type: 'pdq', signal: flipBits(HASH_A, [3]) }], PROV);

  const hit = await exchange.lookupHma('pdq', HASH_A);
  HmaLookupResponse.parse(hit);
  assert.deepEqual(Object.keys(hit).sort(), ['OTHER_BANK', 'TEST_BANK']);
  assert.deepEqual(hit.TEST_BANK.map((m) => m.distance), ['0']);
  assert.deepEqual(hit.OTHER_BANK.map((m) => m.distance), ['1']);
  // Ids are stable: the same entry gets the same id on every look-up.
  assert.equal((await exchange.lookupHma('pdq', HASH_A)).TEST_BANK[0].bank_content_id, hit.TEST_BANK[0].bank_content_id);
  HmaLookupResponse.parse(await exchange.lookupHma('video_md5', MD5_A));
  assert.deepEqual(await exchange.lookupHma('pdq', HASH_C), {});
  assert.deepEqual(await exchange.lookupHma('video_md5', MD5_B), {});
  assert.deepEqual(Object.keys(await exchange.lookupHma('pdq', HASH_A, { banks: ['OTHER_BANK'] })), ['OTHER_BANK']);
});

test('allow banks clear a match; per-bank distance; quality below 50 and negative opinions are skipped; tombstones disable', async () => {
  const { banks, settings, exchange } = await instance();
  await banks.createBank('BLOCK');
  await banks.createBank('STOCK_PHOTOS');
  await settings.configure('STOCK_PHOTOS', { kind: 'allow' });
  const summary = await exchange.importRecords('BLOCK', [
    { signal_type: 'pdq', signal: HASH_A },
    { signal_type: 'pdq', signal: HASH_B, quality: 30 },
    { signal_type: 'pdq', signal: HASH_C, category: 'NEGATIVE_CLASS' },
  ], PROV);
  assert.equal(summary.added, 1);
  assert.deepEqual(summary.skipped.map((s) => s.reason.split(' ')[0]), ['PDQ', 'negative']);

  const far = flipBits(HASH_A, [...Array(20).keys()]);
  assert.equal((await exchange.lookup('pdq', far)).matches.length, 1, 'distance 20 matches at the default 31');
  await settings.configure('BLOCK', { maxDistance: 10 });
  assert.equal((await exchange.lookup('pdq', far)).matches.length, 0, "the bank's own distance applies");
  assert.equal((await banks.lookup(far)).length, 0, 'the PDQ detector path honours it too');

  await exchange.importRecords('STOCK_PHOTOS', [{ signal_type: 'pdq', signal: HASH_A, category: 'NEGATIVE_CLASS' }], PROV);
  const cleared = await exchange.lookup('pdq', HASH_A);
  assert.deepEqual([cleared.matches.length, cleared.allowed_by[0].bank, cleared.suppressed[0].bank], [0, 'STOCK_PHOTOS', 'BLOCK']);
  assert.deepEqual(await banks.lookup(HASH_A), [], 'an allow match clears the image for the detector');
  assert.equal((await banks.lookup(HASH_A, 31, { raw: true })).length, 2, 'raw curation look-ups still see both');

  const tomb = await exchange.importRecords('BLOCK', [{ signal_type: 'pdq', signal: HASH_A, deleted: true }], PROV);
  assert.equal(tomb.disabled, 1);
  assert.equal((await banks.lookup(HASH_A, 31, { banks: ['BLOCK'], raw: true })).length, 0);
  assert.match((await exchange.exportText('BLOCK', 'jsonl', { includeDisabled: true })), /"deleted":true/);
});

test('a bank that floods matches is quarantined: it stops matching until released', async () => {
  const quarantines: string[] = [];
  const clock = manualClock();
  const db = await migratedDb();
  const banks = new PdqBankService(db, { now: clock.now });
  await banks.load();
  const settings = new BankSettingsStore(db, { now: clock.now, onQuarantine: (e) => void quarantines.push(e.bank) });
  await settings.load();
  banks.setMatchPolicy(settings);
  const exchange = new HashExchange({ db, banks, settings, now: clock.now });
  await banks.createBank('BAD_IMPORT');
  await exchange.importRecords('BAD_IMPORT', [{ signal_type: 'pdq', signal: HASH_A }], PROV);
  await settings.configure('BAD_IMPORT', { floodLimit: 3, floodWindowMs: 60_000 });
  for (let i = 0; i < 3; i++) assert.equal((await banks.lookup(HASH_A)).length, 1);
  assert.equal((await banks.lookup(HASH_A)).length, 1, 'the flooding lookup itself is still answered');
  assert.deepEqual(quarantines, ['BAD_IMPORT']);
  const after = await exchange.lookup('pdq', HASH_A);
  assert.deepEqual([after.matches.length, after.quarantined], [0, ['BAD_IMPORT']]);

  // The quarantine survives a restart; releasing it restores matching.
  await settings.flush();
  const reloaded = new BankSettingsStore(db, { now: clock.now });
  await reloaded.load();
  assert.ok(reloaded.get('BAD_IMPORT').quarantinedAt);
  await settings.release('BAD_IMPORT');
  assert.equal((await banks.lookup(HASH_A)).length, 1);

  // Matches spread out in time do not trip it.
  clock.advance(120_000);
  for (let i = 0; i < 10; i++) {
    clock.advance(30_000);
    await banks.lookup(HASH_A);
  }
  assert.equal(settings.quarantined('BAD_IMPORT'), false);
});

test('bad lists are refused whole, with line numbers; feeds from ThreatExchange and StopNCII parse', async () => {
  const { banks, exchange } = await instance();
  await banks.createBank('X');
  await assert.rejects(exchange.importText('X', `pdq ${HASH_A}\npdq nothex\nvideo_md5 ${MD5_A}\n`, 'signal-file', PROV), /line 2: not a pdq hash/);
  assert.equal((await exchange.exportRecords('X')).length, 0, 'nothing was imported');
  assert.equal(parseSignals('signal_type,signal_str\nurl,https://x\n', 'te-csv').skipped.length, 1);
  assert.match(parseSignals('{"signal_type":"pdq","signal":"ab","quality":5}', 'jsonl').errors[0].message, /not a pdq hash/);

  const te = parseThreatUpdatesPage({
    data: [
      { id: '1', indicator: HASH_A, type: 'HASH_PDQ', last_updated: 1700000000, should_delete: false, tags: ['sextortion'], status: 'MALICIOUS' },
      { id: '2', indicator: MD5_A, type: 'HASH_MD5', last_updated: 1700000100, should_delete: false, tags: ['media_type_video'], status: 'MALICIOUS' },
      { id: '3', indicator: MD5_B, type: 'HASH_MD5', last_updated: 1700000200, should_delete: false, tags: [], status: 'MALICIOUS' },
      { id: '4', indicator: HASH_B, type: 'HASH_PDQ', last_updated: 1700000300, should_delete: true, tags: [], status: 'MALICIOUS' },
    ],
    paging: { next: 'https://graph.example/next' },
  });
  assert.deepEqual(te.records.map((r) => [r.signal_type, r.deleted]), [['pdq', false], ['video_md5', false], ['pdq', true]]);
  assert.deepEqual([te.skipped, te.next, te.checkpoint], [1, 'https://graph.example/next', '1700000300']);
  const ncii = parseStopNciiPage({ count: 2, nextPageToken: 'p2', nextSetTimestamp: 1700000500, hasMoreRecords: true, hashRecords: [{ lastModtimestamp: 1, signalType: 'ImagePDQ', hashValue: HASH_C, hashStatus: 'Active', caseNumbers: {} }, { lastModtimestamp: 2, signalType: 'VideoMD5', hashValue: MD5_B, hashStatus: 'Withdrawn', caseNumbers: {} }] });
  assert.deepEqual(ncii.records.map((r) => [r.signal_type, r.deleted]), [['pdq', false], ['video_md5', true]]);
  assert.deepEqual([ncii.next, ncii.checkpoint], ['p2', '1700000500']);
  assert.throws(() => parseStopNciiPage({ nope: 1 }), /not a StopNCII/);
});
