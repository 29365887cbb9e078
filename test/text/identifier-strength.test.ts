// Crew linking from chat text: what a sender names inside a stage act (the handle a victim is moved to, the lure's
// host, the account to pay) links strongly; a link or account named in a message that is no act at all (a news
// site, a mailing list) is kept as weak evidence that never merges two accounts into a ring. Measured by
// `text eval-conversations`: ordinary conversations tied into "rings" by mailing-list domains (docs/detection.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvent, type ChainEvent } from '../../src/core/events.ts';
import type { Detection } from '../../src/core/signals.ts';
import { createTextDetector } from '../../src/modules/text/detector.ts';

const detector = createTextDetector();
function detect(type: 'message.sent' | 'report.filed', text: string): Detection {
  const raw = type === 'message.sent'
    ? { id: 'm1', tenant: 't', time: '2026-12-01T10:00:00Z', type, conversation_id: 'c1', sender: 'a', recipients: ['b'], text }
    : { id: 'r1', tenant: 't', time: '2026-12-01T10:00:00Z', type, reporter: 'b', reported: 'a', category: 'sextortion', text };
  const parsed = parseEvent(raw);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return detector.detect(parsed.event as ChainEvent, {} as never) as Detection;
}

test('a domain named in ordinary chat is weak evidence; the same domain in a lure links strongly', () => {
  const chat = detect('message.sent', 'the new kernel packages are up on freshrpms.net, worked fine for me');
  assert.deepEqual(chat.signals, []);
  const domain = chat.identifiers.find((i) => i.type === 'domain');
  assert.equal(domain?.value, 'freshrpms.net');
  assert.equal(domain?.strength, 'weak');

  const lure = detect('message.sent', 'your audio is broken, install the fix from http://voicefix-app.top/fix.apk now');
  assert.ok(lure.signals.some((s) => s.stage === 'app_lure'));
  const lureDomain = lure.identifiers.find((i) => i.type === 'domain');
  assert.equal(lureDomain?.value, 'voicefix-app.top');
  assert.equal(lureDomain?.strength, undefined, 'the type default (strong) applies');
});

test('identifiers a victim names in a report keep their strength, act or not', () => {
  const report = detect('report.filed', 'he kept sending me to freshrpms.net');
  assert.equal(report.identifiers.find((i) => i.type === 'domain')?.strength, undefined);
});
