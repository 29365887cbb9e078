import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PdqBankService, STANDARD_BANKS } from '../../src/modules/pdq/banks.ts';
import { parseTeCsv } from '../../src/modules/pdq/hash-lists.ts';
import { flipBits, HASH_A, HASH_B, HASH_C, loadedService } from './helpers.ts';

const prov = { source: 'moderator_review', added_by: 'mod-7', note: 'case 42' };

test('load() creates the three standard banks once', async () => {
  const { db, service } = await loadedService();
  assert.deepEqual(service.listBanks().map((b) => b.name).sort(), STANDARD_BANKS.map((b) => b.name).sort());
  const again = new PdqBankService(db);
  await again.load();
  assert.equal(again.listBanks().length, 3);
});

test('add, lookup with provenance and distance, and duplicates are counted not re-added', async () => {
  const { service } = await loadedService();
  const near = flipBits(HASH_A, [0, 50, 100, 150, 200]);
  assert.deepEqual(await service.add('scam_profile_photos', [HASH_A, HASH_B.toUpperCase(), HASH_A], prov), { added: 2, duplicates: 1 });
  assert.deepEqual(await service.add('scam_profile_photos', [HASH_B], prov), { added: 0, duplicates: 1 });
  const matches = await service.lookup(near, 31);
  assert.equal(matches.length, 1);
  assert.equal(matches[0].bank, 'scam_profile_photos');
  assert.equal(matches[0].hash, HASH_A);
  assert.equal(matches[0].distance, 5);
  assert.deepEqual(matches[0].provenance, { source: 'moderator_review', added_by: 'mod-7', added_at: 1_700_000_000_000, note: 'case 42' });
  assert.deepEqual(await service.lookup(near, 4), []);
});

test('a list with one bad hash is refused whole and nothing is stored', async () => {
  const { service, db } = await loadedService();
  await assert.rejects(service.add('victim_submitted', [HASH_A, 'abc', HASH_B], prov), /1 invalid hash.*nothing was added.*#2/);
  assert.equal((await db.selectFrom('pdq_entries').selectAll().execute()).length, 0);
  assert.deepEqual(await service.lookup(HASH_A), []);
  await assert.rejects(service.add('victim_submitted', [HASH_A], { source: '', added_by: 'x' }), /source/);
  await assert.rejects(service.add('no_such_bank', [HASH_A], prov), /no bank named/);
});

test('disable stops matching but keeps the entry; enable restores it; state survives a reload', async () => {
  const { service, db } = await loadedService();
  await service.add('partner_exchange', [HASH_A, HASH_C], prov);
  assert.equal(await service.disable('partner_exchange', HASH_A, 'mod-1'), true);
  assert.equal(await service.disable('partner_exchange', HASH_A, 'mod-1'), false);
  assert.deepEqual(await service.lookup(HASH_A, 0), []);
  const row = await db.selectFrom('pdq_entries').selectAll().where('hash', '=', HASH_A).executeTakeFirstOrThrow();
  assert.equal(row.enabled, 0);
  assert.equal(row.disabled_by, 'mod-1');
  // Re-adding a disabled hash does not silently re-enable it.
  assert.deepEqual(await service.add('partner_exchange', [HASH_A], prov), { added: 0, duplicates: 1 });

  const reloaded = new PdqBankService(db);
  await reloaded.load();
  assert.deepEqual(await reloaded.lookup(HASH_A, 0), []);
  assert.equal((await reloaded.lookup(HASH_C, 0)).length, 1);
  assert.equal(await reloaded.enable('partner_exchange', HASH_A), true);
  assert.equal((await reloaded.lookup(HASH_A, 0)).length, 1);
  await assert.rejects(reloaded.disable('partner_exchange', HASH_B), /no entry/);
});

test('createBank validates names and refuses duplicates; lookup spans banks', async () => {
  const { service } = await loadedService();
  await service.createBank('ncii_partner_b', 'second partner');
  await assert.rejects(service.createBank('ncii_partner_b'), /already exists/);
  await assert.rejects(service.createBank('bad name!'), /letters, digits/);
  await service.add('ncii_partner_b', [HASH_A], prov);
  await service.add('victim_submitted', [flipBits(HASH_A, [3])], { source: 'victim_help_page', added_by: 'anonymous' });
  const matches = await service.lookup(HASH_A, 31);
  assert.deepEqual(matches.map((m) => [m.bank, m.distance]), [['ncii_partner_b', 0], ['victim_submitted', 1]]);
  assert.deepEqual(service.stats().entries, 2);
});

test('plain and ThreatExchange CSV import/export round-trip', async () => {
  const { service } = await loadedService();
  const plain = `# partner list\n${HASH_A}\npdq ${HASH_B}\n${HASH_C},100,images/x.jpg\n\n`;
  assert.deepEqual(await service.importList('partner_exchange', plain, 'plain', prov), { added: 3, duplicates: 0, skipped: [] });
  await service.disable('partner_exchange', HASH_B);
  // Entries added together share added_at and are then listed by hash.
  assert.equal(await service.exportList('partner_exchange', 'plain'), `${[HASH_A, HASH_C].sort().join('\n')}\n`);
  assert.equal((await service.exportList('partner_exchange', 'plain', { includeDisabled: true })).split('\n').length, 4);

  const csv = await service.exportList('partner_exchange', 'te-csv');
  assert.equal(csv.split('\n')[0], 'signal_type,signal_str,collab,category,tags');
  assert.ok(csv.split('\n').includes(`pdq,${HASH_A},partner_exchange,POSITIVE_CLASS,moderator_review`));
  const parsed = parseTeCsv(csv);
  assert.deepEqual(parsed.entries.map((e) => e.hash), [HASH_A, HASH_C].sort());

  const teInput = [
    'signal_type,signal_str,collab,category,tags',
    `pdq,${HASH_B.toUpperCase()},"Sample, Collab",POSITIVE_CLASS,ncii sextortion`,
    'md5,0123456789abcdef0123456789abcdef,Sample,POSITIVE_CLASS,',
    `pdq,${HASH_C},Sample,NEGATIVE_CLASS,`,
  ].join('\n');
  const result = await service.importList('scam_profile_photos', teInput, 'te-csv', prov);
  assert.equal(result.added, 1);
  assert.equal(result.skipped.length, 2);
  const [match] = await service.lookup(HASH_B, 0, { banks: ['scam_profile_photos'] });
  assert.equal(match.provenance.note, 'case 42; collab=Sample, Collab; tags=ncii sextortion');
  await assert.rejects(service.importList('scam_profile_photos', 'not,a,header\n', 'te-csv', prov), /signal_type/);
  await assert.rejects(service.importList('scam_profile_photos', `${HASH_A}\nzzz\n`, 'plain', prov), /line 2/);
});
