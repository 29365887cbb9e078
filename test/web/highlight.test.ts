import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { formatDuration, segmentText } from '../../web/src/lib/highlight.ts';
import { HighlightedText, hashBits } from '../../web/src/lib/highlighted-text.ts';
import { visibleRange } from '../../web/src/lib/virtual.ts';

test('segments cover the whole text in order and mark exactly the span', () => {
  const text = 'hi! my audio is not working, install this app';
  const start = text.indexOf('install');
  const segments = segmentText(text, [{ stage: 'app_lure', start, end: text.length, message: 'install lure' }]);
  assert.equal(segments.map((s) => s.text).join(''), text);
  assert.deepEqual(segments.map((s) => [s.text, s.stages]), [
    ['hi! my audio is not working, ', []],
    ['install this app', ['app_lure']],
  ]);
});

test('overlapping marks split into segments that list every stage; out-of-range marks are clipped', () => {
  const text = 'send money or I post the video';
  const segments = segmentText(text, [
    { stage: 'payment', start: 0, end: 10 },
    { stage: 'threat', start: 5, end: 100 },
    { stage: 'threat', start: 40, end: 50 },
  ]);
  assert.equal(segments.map((s) => s.text).join(''), text);
  assert.deepEqual(segments.map((s) => [s.text, s.stages]), [
    ['send ', ['payment']],
    ['money', ['payment', 'threat']],
    [' or I post the video', ['threat']],
  ]);
});

test('highlighted text renders <mark> with the stage for sighted and screen-reader users', () => {
  const html = renderToStaticMarkup(createElement(HighlightedText, { text: 'I have your video', marks: [{ stage: 'threat', start: 0, end: 17, message: 'recording claim' }] }));
  assert.match(html, /<mark class="stage-mark stage-threat" data-stages="threat" title="recording claim">I have your video<span class="sr-only"> \(stage: threat\)<\/span><\/mark>/);
  const plain = renderToStaticMarkup(createElement(HighlightedText, { text: 'a <b> c', marks: [] }));
  assert.equal(plain, '<span class="message-text">a &lt;b&gt; c</span>', 'message text is escaped, never HTML');
});

test('durations read naturally', () => {
  assert.equal(formatDuration(45_000), '45 s');
  assert.equal(formatDuration(12 * 60_000), '12 min');
  assert.equal(formatDuration(3 * 3_600_000 + 12 * 60_000), '3 h 12 min');
  assert.equal(formatDuration(3 * 86_400_000 + 5 * 3_600_000), '3 d 5 h');
  assert.equal(formatDuration(null), '—');
});

test('the virtual list renders a bounded window of rows wherever it is scrolled', () => {
  const top = visibleRange(10_000, 36, 0, 560);
  assert.deepEqual([top.first, top.last, top.totalHeight], [0, 24, 360_000]);
  const middle = visibleRange(10_000, 36, 180_000, 560);
  assert.ok(middle.last - middle.first < 40);
  assert.equal(middle.offsetTop, middle.first * 36);
  const end = visibleRange(10_000, 36, 10_000_000, 560);
  assert.equal(end.last, 9_999);
  assert.deepEqual(visibleRange(0, 36, 0, 560), { first: 0, last: -1, offsetTop: 0, totalHeight: 0 });
});

test('a PDQ hash is drawn as 256 bits, most significant first', () => {
  const bits = hashBits('8' + '0'.repeat(62) + '1');
  assert.equal(bits.length, 256);
  assert.deepEqual([bits[0], bits[1], bits[254], bits[255]], [true, false, false, true]);
});
