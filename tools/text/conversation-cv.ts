// Out-of-fold acts for `text eval-conversations --split dev --cv K`. The shipped model was trained on every
// corpus/real/dev line, so a dev run through it flatters the per-message detector and says little about how the
// chain copes with the sealed split. Here the dev families are cut into K folds (the same grouping `text eval
// --dev` uses); K models are trained, each without one fold, and every dev line is read by the model that never
// saw its family. Lines from outside corpus/real (the simulator's written lines, e-mail sentences) are spread over
// the folds by a hash of their text: no dev family excluding them exists, and any fold reads them fairly.
import type { Detector } from '../../src/core/detector.ts';
import { analyzeWithModel, type DetailedAnalysis } from '../../src/modules/text/analyze.ts';
import { createTextDetector } from '../../src/modules/text/detector.ts';
import type { TextModel } from '../../src/modules/text/model.ts';
import { buildTextModel } from './build-model.ts';
import type { LinePools } from './conversation-lines.ts';
import { familyFold } from './sourced-corpus.ts';

export interface OutOfFoldInfo {
  folds: number;
  /** corpus/real/dev families in the pools, split over the folds. */
  families: number;
  /** Texts that occur in families of two folds: no model excluded both, so they are read in-sample. */
  sharedTexts: number;
}

export interface OutOfFold {
  detector: Detector;
  info: OutOfFoldInfo;
  /** The fold whose model reads a text (for the test that no line is read by a model trained on its family). */
  foldOf(text: string): number;
  /** The dev families left out of a fold's model. */
  heldOut(fold: number): ReadonlySet<string>;
}

export function outOfFoldTextDetector(pools: LinePools, folds: number, build: (exclude: ReadonlySet<string>) => TextModel = (exclude) => buildTextModel({ excludeFamilies: exclude }).model): OutOfFold {
  if (pools.split !== 'dev') throw new Error('--cv reads dev lines only: the test split is never trained on, so it needs no folds');
  const devLines = [...Object.values(pools.scam).flat(), ...pools.scamChatter, ...pools.victim, ...pools.ordinary];
  const familyOf = new Map<string, string>();
  const shared = new Set<string>();
  for (const line of devLines) {
    const known = familyOf.get(line.text);
    if (known === undefined) familyOf.set(line.text, line.family);
    else if (familyFold(known, folds) !== familyFold(line.family, folds)) shared.add(line.text);
  }
  const families = [...new Set(devLines.map((l) => l.family))];
  const held = Array.from({ length: folds }, (_, fold) => new Set(families.filter((f) => familyFold(f, folds) === fold)));
  const models = held.map((exclude) => build(exclude));
  const foldOf = (text: string) => familyFold(familyOf.get(text) ?? text, folds);
  // Lines recur across conversations: read each text once.
  const cache = new Map<string, DetailedAnalysis>();
  const analyze = (text: string): DetailedAnalysis => {
    let analysis = cache.get(text);
    if (!analysis) cache.set(text, (analysis = analyzeWithModel(models[foldOf(text)], text)));
    return analysis;
  };
  return { detector: createTextDetector(analyze), info: { folds, families: families.length, sharedTexts: shared.size }, foldOf, heldOut: (fold) => held[fold] };
}
