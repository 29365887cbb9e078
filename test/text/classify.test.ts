import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEXT_LABELS } from '../../src/core/signals.ts';
import { analyzeText, createTextDetector } from '../../src/modules/text/index.ts';
import type { ChainEvent } from '../../src/core/events.ts';

const context = { now: 0, stagesSeen: new Set<string>() };

function message(text: string, id = 'evt-1'): ChainEvent {
  return { id, type: 'message.sent', tenant: 't1', time: '2026-11-23T20:00:00Z', conversation_id: 'c1', sender: 'a', recipients: ['b'], text, attachments: [] };
}

test('one message per stage in several languages gets its label, with evidence spans in the original text', () => {
  const cases: [string, string][] = [
    ['offplatform', 'this app is slow babe, add me on telegram: @lovely_anna93'],
    ['app_lure', '소리가 안 들려요, 이 앱을 설치하면 해결돼요 https://voice-fix.xyz/setup'],
    ['escalation', 'hubad ka naman para sakin, gusto kong makita katawan mo'],
    ['threat', '我全都录下来了，不给钱我就把视频发给你的家人'],
    ['payment', 'transfer 2 juta lewat dana 0812 3456 7890 hari ini'],
  ];
  for (const [label, text] of cases) {
    const result = analyzeText(text);
    assert.ok(result.labels.includes(label as never), `${label} missing for "${text}": ${JSON.stringify(result.scores)}`);
    const spans = result.evidence[label as keyof typeof result.evidence];
    assert.ok(spans.length > 0, `no evidence for ${label}`);
    for (const span of spans) assert.equal(span.text, text.slice(span.start, span.end));
  }
});

test('an evidence span never cuts an amount: "$500" is marked whole, not as "$5" and "00"', () => {
  for (const [text, amount] of [
    ['Pay the money, $500 to BTC 1HcEqN9B1K6qnsDRHd8ECLHpU1SQqE4GQr, and I will delete the video', '$500'],
    ['If you want me to delete it, send me the money now: $5,000.50 via BTC', '$5,000.50'],
    // Fullwidth digits are decimal digits too (the span test asks the regex for units past ASCII).
    ['If you want me to delete it, send me the money now: $５,０００.５０ via BTC', '$５,０００.５０'],
  ]) {
    const spans = analyzeText(text).evidence.payment;
    const cutting = spans.filter((s) => /\p{Nd}/u.test(text[s.start - 1] ?? '') || /\p{Nd}/u.test(text[s.end] ?? ''));
    assert.deepEqual(cutting, [], `spans ${JSON.stringify(spans)}`);
    assert.ok(spans.some((s) => text.slice(s.start, s.end).includes(amount)), `the amount ${amount} is marked whole: ${JSON.stringify(spans)}`);
  }
});

test('ordinary chat about video calls, money, tech support and news does not fire', () => {
  for (const text of [
    'the video call with grandma yesterday was lovely',
    'i paid the rent today, can you send me your half when you can',
    'try restarting your phone, the app sometimes loses audio',
    'police warn of sextortion scams where criminals threaten to share videos with family',
    'he said he would send my video to my family unless i paid. what should i do?',
  ]) {
    assert.deepEqual(analyzeText(text).labels, [], `fired on "${text}"`);
  }
  // A genuine invite is an act: proposing a video call is the move, whoever proposes it; the conversation decides.
  assert.deepEqual(analyzeText('want to video call here on the app tonight after dinner?').labels, ['offplatform']);
});

test('scores are in [0,1] for every label and every input, including empty and huge text', () => {
  for (const text of ['', ' ', '\ud800', 'x'.repeat(20000), '😘'.repeat(500)]) {
    const result = analyzeText(text);
    for (const label of TEXT_LABELS) assert.ok(result.scores[label] >= 0 && result.scores[label] <= 1);
  }
});

test('an .apk link alone yields an app_lure signal with reason apk_link, and a domain identifier', async () => {
  const detection = await createTextDetector().detect(message('http://files.example/update.apk'), context);
  const signal = detection.signals.find((s) => s.kind === 'text.app_lure');
  assert.ok(signal, JSON.stringify(detection));
  assert.equal(signal.stage, 'app_lure');
  assert.equal(signal.detector, 'text');
  assert.equal(signal.reasons[0].code, 'apk_link');
  assert.deepEqual(signal.reasons[0].spans, [{ field: 'text', start: 0, end: 31 }]);
  assert.deepEqual(detection.identifiers, [{ type: 'domain', value: 'files.example', source: 'message.sent:evt-1 text[0,31]' }]);
});

test('the detector emits one signal per passing label and normalised identifiers', async () => {
  const text = 'i recorded everything. send $500 to cash app $kingdave or the video goes to your family';
  const detection = await createTextDetector().detect(message(text, 'evt-9'), context);
  assert.deepEqual(detection.signals.map((s) => s.kind).sort(), ['text.payment', 'text.threat']);
  for (const signal of detection.signals) {
    assert.ok(signal.score > 0.3 && signal.score <= 1);
    assert.ok(signal.reasons.every((r) => r.message.length > 0 && (r.spans ?? []).every((s) => s.field === 'text')));
  }
  assert.deepEqual(detection.identifiers.map((i) => `${i.type}=${i.value}`), ['payment_account=cashapp:$kingdave']);
  assert.match(detection.identifiers[0].source, /^message\.sent:evt-9 text\[/);
});

test('the detector also reads the text of victim reports, and returns nothing for empty text', async () => {
  const detector = createTextDetector();
  assert.deepEqual(detector.eventTypes, ['message.sent', 'report.filed', 'payment.reported']);
  const report: ChainEvent = { id: 'r1', type: 'report.filed', tenant: 't1', time: '2026-11-23T20:00:00Z', reporter: 'v', reported: 's', category: 'sextortion', text: 'he sent me wa.me/639171234567 and asked for gcash 0917 555 1234' };
  const detection = await detector.detect(report, context);
  assert.ok(detection.identifiers.some((i) => i.type === 'messenger_handle' && i.value === 'whatsapp:639171234567'));
  assert.deepEqual(await detector.detect(message(''), context), { signals: [], identifiers: [] });
});
