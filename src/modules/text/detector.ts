// The text detector the kill-chain engine runs on every message (and on the text of reports and payment
// reports): one signal per stage label that passes its threshold, with reasons and spans, plus the
// identifiers named in the text for crew linking.
import type { Detector } from '../../core/detector.ts';
import type { ChainEvent } from '../../core/events.ts';
import { EMPTY_DETECTION, TEXT_LABELS, type Detection, type Identifier, type Reason, type Signal, type TextLabel } from '../../core/signals.ts';
import { analyzeDetailed } from './default-model.ts';
import type { DetailedAnalysis } from './analyze.ts';
import { identifiersFromEntities } from './entities.ts';

const STAGE_WORDS: Record<TextLabel, string> = {
  offplatform: 'moving the conversation or a video call to another app',
  app_lure: 'a technical pretext to install an app',
  escalation: 'pushing for sexual content on camera',
  threat: 'a threat to share intimate material',
  payment: 'a payment demand or payment instructions',
};

/** `analyze` defaults to the shipped model; the dev cross-validation passes one that picks a model per line. */
export function createTextDetector(analyze: (text: string) => DetailedAnalysis = analyzeDetailed): Detector {
  return {
    name: 'text',
    eventTypes: ['message.sent', 'report.filed', 'payment.reported'],
    // Declared so a rule naming a misspelt kind (`text.app_lur`) is warned about when it is validated.
    signalKinds: [...TEXT_LABELS.map((label) => `text.${label}`), 'text.ai_image_threat'],
    detect(event: ChainEvent): Detection {
      if (!('text' in event) || typeof event.text !== 'string' || event.text.trim() === '') return EMPTY_DETECTION;
      const analysis = analyze(event.text);
      const signals = analysis.labels.map((label) => signalFor(label, analysis));
      const aiImage = aiImageThreat(signals, analysis);
      return {
        signals: aiImage ? [...signals, aiImage] : signals,
        identifiers: weakOutsideActs(event, analysis, identifiersFromEntities(analysis.entities, `${event.type}:${event.id}`)),
      };
    },
  };
}

/**
 * A crew is tied together by what it uses in its acts: the handle it moves victims to, the lure's host, the
 * account it has them pay. A link or account named in a chat message that is no stage act at all (a news site, a
 * mailing list, a shop's number) says little about who runs the sender, so it links only weakly: it is kept as
 * evidence but never merges two accounts into a ring. Reports keep their strength: the victim names the scammer's.
 */
function weakOutsideActs(event: ChainEvent, analysis: DetailedAnalysis, identifiers: Identifier[]): Identifier[] {
  if (event.type !== 'message.sent' || analysis.labels.length > 0) return identifiers;
  return identifiers.map((identifier) => ({ ...identifier, strength: 'weak' }));
}

function signalFor(label: TextLabel, analysis: DetailedAnalysis): Signal {
  const spans = analysis.evidence[label];
  const reasons: Reason[] = [];
  const rule = analysis.rules[label];
  if (rule === 'apk_link') {
    const apk = [...analysis.entities, ...analysis.hiddenLinks].filter((e) => e.type === 'url' && e.detail?.apk);
    reasons.push({
      code: 'apk_link',
      message: `the message links a direct Android app download (${apk.map((e) => e.value).join(', ')})`,
      spans: apk.map((e) => ({ field: 'text', start: e.start, end: e.end })),
      evidence: { urls: apk.map((e) => e.value) },
    });
  }
  reasons.push({
    code: analysis.cues[label].length > 0 ? 'text_cues' : 'text_model',
    message: `${quote(spans.map((s) => s.text ?? '').filter(Boolean))} suggests ${STAGE_WORDS[label]} (score ${analysis.scores[label].toFixed(2)})`,
    spans,
    evidence: { score: analysis.scores[label], cues: analysis.cues[label], lang: analysis.lang },
  });
  return { detector: 'text', kind: `text.${label}`, stage: label, score: analysis.scores[label], reasons };
}

/**
 * A threat that claims (or shows) an AI-generated or edited nude is its own signal (issue 15.5): the victim may
 * never have sent an image, and a moderator and the help page answer it differently (it is still extortion; the
 * fake can be removed like a real one). It is the threat signal seen through the lexicon's `fake_media` cue, so it
 * adds no score of its own: the stage and its score stay the threat's (stages and chains take the best per stage).
 */
function aiImageThreat(signals: readonly Signal[], analysis: DetailedAnalysis): Signal | null {
  const threat = signals.find((s) => s.kind === 'text.threat');
  if (!threat || !analysis.cues.threat.includes('threat.fake_media')) return null;
  return {
    detector: 'text',
    kind: 'text.ai_image_threat',
    stage: 'threat',
    score: threat.score,
    reasons: [{
      code: 'ai_image_claim',
      message: 'the threat claims or uses an AI-generated or edited intimate image: still sextortion, removable like a real image (StopNCII, Take It Down)',
      spans: analysis.evidence.threat,
      evidence: { cue: 'threat.fake_media', threat_score: threat.score },
    }],
  };
}

function quote(texts: string[]): string {
  if (texts.length === 0) return 'The wording';
  return texts.slice(0, 3).map((t) => `"${t.length > 60 ? `${t.slice(0, 57)}...` : t}"`).join(', ');
}
