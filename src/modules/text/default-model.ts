// The shipped model (src/modules/text/model/text-model.bin), loaded once at import so the first message pays nothing.
import type { TextLabel } from '../../core/signals.ts';
import { analyzeWithModel, type DetailedAnalysis } from './analyze.ts';
import { loadModel, type TextModel } from './model.ts';
import type { AnalyzeOptions } from './types.ts';

const model: TextModel = loadModel();

export function textModel(): TextModel {
  return model;
}

export function analyzeDetailed(text: string, options: AnalyzeOptions = {}): DetailedAnalysis {
  return analyzeWithModel(model, text, options);
}

export function thresholds(): Record<TextLabel, number> {
  return { ...model.thresholds };
}
