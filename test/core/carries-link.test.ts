import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carriesLink } from '../../src/core/engine/decision.ts';
import type { EngineEvent } from '../../src/core/events.ts';

const message = (text: string, attachments: unknown[] = []): EngineEvent =>
  ({ id: 'e', tenant: 't', time: '2026-12-03T00:00:00Z', type: 'message.sent', conversation_id: 'c', sender: 'a', recipients: ['b'], text, attachments }) as EngineEvent;

test('a message carries a link through a scheme, www, a host or a de-fanged host, and not without one', () => {
  for (const text of ['see https://x', 'hxxps://x', 'go to www.example', 'fix-audio.xyz', 'fix-audio [.] xyz', 'fix-audio (.) xyz', 'fix-audio[DOT]xyz', 'evil [dot] top']) {
    assert.equal(carriesLink(message(text)), true, text);
  }
  for (const text of ['hey, how was your day? mine was long but good', 'dot com', 'a.b', '', 'see you at 5:30']) {
    assert.equal(carriesLink(message(text)), false, text);
  }
  assert.equal(carriesLink(message('no link here', [{ kind: 'apk' }])), true, 'an attachment is held like a link');
});
