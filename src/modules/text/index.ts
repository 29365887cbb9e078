// Message understanding: normalisation, entities and stage classification for one text, and the detector the
// kill-chain engine calls on every message. The model and lexicons load once, when this module is imported.
import { analyzeDetailed } from './default-model.ts';
import type { AnalyzeOptions, TextAnalysis } from './types.ts';

export type { AnalyzeOptions, Entity, EntityType, TextAnalysis } from './types.ts';
export { extractIdentifiers, identifiersFromEntities } from './entities.ts';
export { createTextDetector } from './detector.ts';
export { analyzeDetailed, textModel, thresholds } from './default-model.ts';
export { validateText, analyzeRecord, type LineResult } from './input.ts';

/** Scores, labels, entities, language and evidence spans for one message; never throws on any string. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): TextAnalysis {
  const { labels, scores, entities, lang, evidence } = analyzeDetailed(text, options);
  return { labels, scores, entities, lang, evidence };
}
