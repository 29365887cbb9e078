// Scratch detector (walkthrough check, reverted): flags the word "pineapple" in a message.
import type { Detector } from '../../core/detector.ts';
import { EMPTY_DETECTION } from '../../core/signals.ts';

export function createHelloDetector(word: string): Detector {
  return {
    name: 'hello',
    eventTypes: ['message.sent'],
    detect(event) {
      if (event.type !== 'message.sent') return EMPTY_DETECTION;
      const start = event.text.toLowerCase().indexOf(word);
      if (start < 0) return EMPTY_DETECTION;
      return { identifiers: [], signals: [{ detector: 'hello', kind: 'hello.word', stage: 'escalation', score: 0.9, reasons: [{ code: 'word', message: `said ${word}`, spans: [{ field: 'text', start, end: start + word.length }] }] }] };
    },
  };
}
