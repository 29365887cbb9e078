// Renders a message with its stage evidence highlighted (<mark> per segment, labelled for screen readers).
// Written without JSX so the component tests can render it under plain Node.
import { createElement, type ReactElement } from 'react';
import { segmentText, type Mark } from './highlight.ts';

export function HighlightedText({ text, marks }: { text: string; marks: readonly Mark[] }): ReactElement {
  const children = segmentText(text, marks).map((segment) =>
    segment.stages.length === 0
      ? segment.text
      : createElement(
          'mark',
          {
            key: segment.start,
            className: `stage-mark stage-${segment.stages[0]}`,
            'data-stages': segment.stages.join(' '),
            title: segment.messages.join('; ') || segment.stages.join(', '),
          },
          segment.text,
          createElement('span', { className: 'sr-only' }, ` (stage: ${segment.stages.join(', ')})`),
        ),
  );
  return createElement('span', { className: 'message-text' }, ...children);
}

/** A PDQ hash drawn as a 16×16 grid of bits, for comparing two hashes side by side. */
export function hashBits(hex: string): boolean[] {
  const bits: boolean[] = [];
  for (const ch of hex.toLowerCase()) {
    const nibble = parseInt(ch, 16);
    for (let b = 3; b >= 0; b--) bits.push(((nibble >> b) & 1) === 1);
  }
  return bits;
}
