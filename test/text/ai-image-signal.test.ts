// Issue 15.5: a threat that claims an AI-generated or edited nude is its own signal, `text.ai_image_threat`, next to
// the threat it qualifies (same stage and score, so decisions and stages are unchanged), with the reason a moderator
// and the help page act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainEvent } from '../../src/core/events.ts';
import type { Signal } from '../../src/core/signals.ts';
import { createTextDetector } from '../../src/modules/text/detector.ts';

const detector = createTextDetector();
const message = (text: string) => ({ id: 'm1', tenant: 't', time: '2026-12-01T10:00:00Z', type: 'message.sent', conversation_id: 'c1', sender: 'suspect', recipients: ['target'], text }) as ChainEvent;
const signals = (text: string) => (detector.detect(message(text), {} as never) as { signals: Signal[] }).signals;
const kinds = (text: string) => signals(text).map((s) => s.kind);

test('a threat claiming AI-made or edited nudes carries its own signal, with the threat\'s stage and score', () => {
  for (const text of [
    'I made AI nudes of you and I will send them to all your followers unless you pay',
    'I photoshopped your pics into nudes, send $300 or I post them to your followers',
    'Tengo fotos desnudas hechas con IA, las mando a tu familia si no pagas',
  ]) {
    const found = signals(text);
    const threat = found.find((s) => s.kind === 'text.threat');
    const ai = found.find((s) => s.kind === 'text.ai_image_threat');
    assert.ok(threat && ai, `${text}: ${found.map((s) => s.kind)}`);
    assert.deepEqual([ai.stage, ai.score], ['threat', threat.score]);
    assert.equal(ai.reasons[0].code, 'ai_image_claim');
    assert.ok(ai.reasons[0].spans!.length > 0, 'the reason points at the words');
  }
});

test('no AI-image signal for a threat about real material, nor for talk of edited photos without a threat', () => {
  assert.deepEqual(kinds('Send me $200 or I share your nudes with your friends').filter((k) => k === 'text.ai_image_threat'), []);
  assert.ok(kinds('Send me $200 or I share your nudes with your friends').includes('text.threat'));
  assert.deepEqual(kinds('this photo looks edited lol'), []);
  assert.deepEqual(kinds('my friend makes AI images of landscapes, they look amazing'), []);
});
