// Evidence spans as an integrator reads them: whole numbers, inside the field, counted in UTF-16 code units
// (JavaScript string indices), and `text.slice(start, end)` is the span's `text` when it has one, for messages
// written the way scammers write them (styled letters, zero-width joiners, emoji, combining marks, other scripts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { message } from '../helpers/fixtures.ts';
import { serviceOverHttp } from '../helpers/service.ts';

const MESSAGES = [
  'Ｉ 𝓻𝓮𝓬𝓸𝓻𝓭𝓮𝓭 your video 😈 pay 500$ to gcash 09171234567 or I send it to all your contacts',
  'i r\u200be\u200bc\u200bo\u200br\u200bd\u200be\u200bd you. p@y m3 $300 or ur fam sees it',
  'ẗḧïṡ äṗṗ ḟïẍëṡ ẗḧë äüḋïö, install it: http://fix-audio.example/a.apk',
  '👨‍👩‍👧 I have your video 🎥 send 200 USD to paypal.me/xyz now or everyone sees',
  'मैंने तुम्हारा वीडियो रिकॉर्ड किया है, 5000 रुपये भेजो',
  'I recorded you\u0301\u0301 on the call, pay now or I post it on your wall',
  'install\r\nthis\tapp to fix audio http://x.example/fix.apk',
];

const http = serviceOverHttp('platform', ['events:write', 'read']);

interface Span { field: string; start: number; end: number; text?: string }

test('every span of every decision is a whole-number UTF-16 range of the original field', async () => {
  let checked = 0;
  for (const [index, text] of MESSAGES.entries()) {
    const event = message({ id: `span-${index}`, conversation: `span-conv-${index}`, sender: `span-sender-${index}`, text, minute: index });
    const response = await http.app.inject({ method: 'POST', url: '/v1/events', payload: event, headers: { authorization: `Bearer ${http.key}` } });
    assert.equal(response.statusCode, 200, response.body);
    const spans: Span[] = response.json().signals.flatMap((s: { reasons: { spans?: Span[] }[] }) => s.reasons.flatMap((r) => r.spans ?? []));
    for (const span of spans) {
      const field = span.field === 'text' ? text : undefined;
      if (field === undefined) continue;
      assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), JSON.stringify(span));
      assert.ok(span.start >= 0 && span.start <= span.end && span.end <= field.length, `${JSON.stringify(span)} within ${field.length}`);
      if (span.text !== undefined) assert.equal(field.slice(span.start, span.end), span.text, `message ${index}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `${checked} spans checked`);
});
