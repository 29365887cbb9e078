// A small keyword-based text detector: a few English phrases per stage with their spans. The service
// uses src/modules/text; this one is deterministic and stable, so `chainbreak rules test` and the rules' golden
// tests use it to check rule changes without moving with every retrained text model.
import type { Detector } from '../detector.ts';
import type { ChainEvent } from '../events.ts';
import type { Detection, Reason, Signal, TextLabel } from '../signals.ts';

const PATTERNS: Record<TextLabel, RegExp[]> = {
  offplatform: [
    /\b(add|message|call|text|find|chat with)\s+me\s+on\s+(skype|telegram|whatsapp|line|kakao(talk)?|wechat|snapchat)\b/giu,
    /\b(let'?s|we can)\s+(continue|talk|chat|move|video call)\b[^.!?]{0,30}\b(skype|telegram|whatsapp|line|kakao(talk)?|wechat|snapchat)\b/giu,
    /\blive:[a-z0-9._-]{3,}/giu,
    /\b(t\.me|wa\.me|line\.me|open\.kakao\.com)\/\S+/giu,
  ],
  app_lure: [
    /\b(audio|sound|voice|mic(rophone)?|video)\b[^.!?]{0,40}\b(problem|broken|not working|issue|bad)\b/giu,
    /\b(install|download)\b[^.!?]{0,40}\b(app|apk|this|plugin)\b/giu,
    /\S+\.apk\b/giu,
  ],
  escalation: [
    /\b(take off|undress|remove)\b[^.!?]{0,20}\b(clothes|shirt|pants|everything)\b/giu,
    /\b(show me|let me see)\b[^.!?]{0,20}\b(body|naked|nude)\b/giu,
  ],
  threat: [
    /\b(send|share|post|upload)\b[^.!?]{0,40}\b(video|pictures?|photos?|recording)\b[^.!?]{0,40}\b(contacts|family|friends|youtube|facebook|everyone)\b/giu,
    /\b(i have|i recorded)\b[^.!?]{0,20}\b(your )?(video|recording)\b/giu,
    /\bruin your life\b/giu,
  ],
  payment: [
    /\b(pay|send|transfer)\b[^.!?]{0,30}\b(\$|usd|php|₱|money|bitcoin|btc|gift ?card|gcash|western union)\b/giu,
    /\b(pay|send)\s+(me\s+)?\d+/giu,
  ],
};

const SCORE = 0.7;

export function keywordTextSignals(text: string, field = 'text'): Signal[] {
  const signals: Signal[] = [];
  for (const [label, patterns] of Object.entries(PATTERNS) as [TextLabel, RegExp[]][]) {
    const reasons: Reason[] = [];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const start = match.index ?? 0;
        reasons.push({
          code: 'keyword',
          message: `"${match[0]}" suggests ${label.replace('_', ' ')}`,
          spans: [{ field, start, end: start + match[0].length, text: match[0] }],
        });
      }
    }
    if (reasons.length) {
      signals.push({ detector: 'keyword-text', kind: `text.${label}`, stage: label, score: SCORE, reasons });
    }
  }
  return signals;
}

export function createKeywordTextDetector(): Detector {
  return {
    name: 'keyword-text',
    eventTypes: ['message.sent'],
    signalKinds: ['text.*'],
    detect(event: ChainEvent): Detection {
      if (event.type !== 'message.sent' || !event.text) return { signals: [], identifiers: [] };
      return { signals: keywordTextSignals(event.text), identifiers: [] };
    },
  };
}
