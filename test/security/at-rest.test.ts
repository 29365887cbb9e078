// Issue 17.7: data files were created world-readable (0644) and forwarded APK bytes were kept whole in
// events.payload. Files are now 0600 (directory 0700) and the bytes are dropped before storing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/adapters/store/db.ts';
import { RulesHolder } from '../../src/app/rules-holder.ts';
import { parseEvent, type ChainEvent } from '../../src/core/events.ts';
import { stripForwardedBytes } from '../../src/app/forwarded-bytes.ts';
import { tempDir } from '../helpers/service.ts';
import { readFileSync, writeFileSync } from 'node:fs';

const mode = (path: string) => statSync(path).mode & 0o777;

test('the SQLite database and its -wal and -shm files are created 0600 in a 0700 directory', async () => {
  const dir = join(tempDir(), 'data');
  const db = await openStore({ dataDir: dir });
  try {
    await db.insertInto('api_keys').values({ id: 'k', name: 'n', key_hash: 'h', scopes: '[]', tenant: '*', created_at: 1, revoked_at: null }).execute();
    for (const name of ['chainbreak.sqlite', 'chainbreak.sqlite-wal', 'chainbreak.sqlite-shm']) {
      const path = join(dir, name);
      assert.ok(existsSync(path), name);
      assert.equal(mode(path).toString(8), '600', name);
    }
    assert.equal(mode(dir).toString(8), '700');
  } finally {
    await db.destroy();
  }
});

test('a rule file written through the API is 0600', () => {
  const dir = tempDir();
  const path = join(dir, 'rules.yaml');
  const text = readFileSync(new URL('../../rules/default.yaml', import.meta.url), 'utf8');
  writeFileSync(path, text);
  const holder = new RulesHolder(path);
  const errors = holder.replace(`${text}\n# edited\n`);
  assert.equal(errors, null);
  assert.equal(mode(path).toString(8), '600');
});

test('stripForwardedBytes drops content_base64 and keeps hashes and size, without touching the input', () => {
  const bytes = Buffer.from('PK\u0003\u0004 not really an apk');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const parsed = parseEvent({
    id: 'e1', tenant: 'acme', time: '2026-11-01T10:00:00Z', type: 'message.sent', conversation_id: 'c', sender: 'a', recipients: ['b'],
    text: 'install this', attachments: [{ kind: 'apk', name: 'fix.apk', content_base64: bytes.toString('base64') }, { kind: 'image', pdq: 'f'.repeat(64) }],
  });
  assert.ok(parsed.ok);
  const event = parsed.event as Extract<ChainEvent, { type: 'message.sent' }>;
  const stripped = stripForwardedBytes(event);
  assert.equal(stripped.attachments[0].content_base64, undefined);
  assert.equal(stripped.attachments[0].sha256, sha);
  assert.equal(stripped.attachments[0].size, bytes.length);
  assert.equal(stripped.attachments[0].name, 'fix.apk');
  assert.deepEqual(stripped.attachments[1], event.attachments[1]);
  assert.ok(event.attachments[0].content_base64, 'the input event is unchanged (the detectors still read it)');
  assert.ok(!JSON.stringify(stripped).includes(bytes.toString('base64')));

  const media = parseEvent({ id: 'e2', tenant: 'acme', time: '2026-11-01T10:00:00Z', type: 'media.shared', sender: 'a', media: { kind: 'apk', sha256: 'a'.repeat(64), content_base64: bytes.toString('base64') } });
  assert.ok(media.ok);
  const strippedMedia = stripForwardedBytes(media.event) as Extract<ChainEvent, { type: 'media.shared' }>;
  assert.equal(strippedMedia.media.content_base64, undefined);
  assert.equal(strippedMedia.media.sha256, 'a'.repeat(64), "the platform's own hash is kept");
  const plain = parseEvent({ id: 'e3', tenant: 'acme', time: '2026-11-01T10:00:00Z', type: 'connection.requested', from: 'a', to: 'b' });
  assert.ok(plain.ok);
  assert.equal(stripForwardedBytes(plain.event), plain.event);
});
