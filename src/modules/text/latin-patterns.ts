// The word lists that run on a message's latin view (the cues of lexicon.ts, the concepts of concepts.ts) share one
// literal scan (pattern-set.ts): one pass of one automaton over the text instead of one per list. Each list
// registers its regexes when its module loads; the shared set is built when first used.
import { PatternSet } from './pattern-set.ts';

/** One registered list: `runnable(i)` is the regex to run for its pattern i on the last text given to `scan`. */
export interface PatternList {
  readonly size: number;
  scan(text: string): void;
  runnable(i: number): RegExp | null;
}

const registered: RegExp[] = [];
let shared: PatternSet | undefined;
let scanned: string | undefined;

export function registerLatinPatterns(patterns: readonly RegExp[]): PatternList {
  const offset = registered.length;
  registered.push(...patterns);
  shared = undefined;
  return {
    size: patterns.length,
    scan(text: string): void {
      if (shared === undefined) {
        shared = new PatternSet(registered);
        scanned = undefined;
      }
      // Both lists read the same latin text of a message in turn: the second asks for the scan the first made.
      if (text !== scanned) {
        shared.scan(text);
        scanned = text;
      }
    },
    runnable: (i: number) => (shared as PatternSet).runnable(offset + i),
  };
}
