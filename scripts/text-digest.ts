// Output digest of the text analysis, to prove that a speed change changed no output. For every line of the
// templates (corpus/text), fresh.yaml, the paraphrases, corpus/real/dev (never test: it is sealed), each of those
// under every obfuscation trick, and the training ham (SpamAssassin easy-ham-1, when installed), it hashes the
// JSON of the whole detailed analysis (labels, scores, entities, language, evidence, rules, cues, hidden links)
// and, apart, the feature vector the model reads (buckets and values, exact floats).
// Usage: npx node scripts/text-digest.ts [--tree DIR]
//   --tree DIR: analyse with the text module of another checkout (e.g. `git archive main | tar -x -C DIR`, with
//   DIR/node_modules linked), over the same lines read by this checkout: old and new side by side, same input.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loadCorpus, loadFreshMessages } from '../tools/text/corpus.ts';
import { loadParaphrases, loadRealLines } from '../tools/text/sourced-corpus.ts';
import { OBFUSCATIONS } from '../tools/text/obfuscate.ts';
import { loadRealNegatives, realNegativesAvailable } from '../tools/text/real-negatives.ts';

interface TextModule {
  analyzeDetailed: (text: string, options?: { lang?: string }) => unknown;
  describeMessage: (text: string, lang?: string) => { features: { buckets: number[]; values: number[] }; ngramText: string };
}

async function loadModule(tree: string | undefined): Promise<TextModule> {
  const root = pathToFileURL(`${resolve(tree ?? '.')}/src/modules/text/`);
  const model = (await import(new URL('default-model.ts', root).href)) as Pick<TextModule, 'analyzeDetailed'>;
  const features = (await import(new URL('features.ts', root).href)) as Pick<TextModule, 'describeMessage'>;
  return { analyzeDetailed: model.analyzeDetailed, describeMessage: features.describeMessage };
}

function lineSets(): Record<string, { text: string; lang?: string }[]> {
  const base = {
    templates: loadCorpus().map((e) => ({ text: e.text, lang: e.lang })),
    fresh: loadFreshMessages().map((e) => ({ text: e.text, lang: e.lang })),
    paraphrase: loadParaphrases().map((l) => ({ text: l.text, lang: l.lang })),
    'real-dev': loadRealLines('dev').map((l) => ({ text: l.text, lang: l.lang })),
  };
  const sources = [...base.paraphrase, ...base['real-dev']];
  const obfuscated = Object.values(OBFUSCATIONS).flatMap((hide) => sources.map((l) => ({ text: hide(l.text) })));
  const ham = realNegativesAvailable() ? loadRealNegatives(['easy-ham-1']).map((n) => ({ text: n.text })) : [];
  return { ...base, obfuscated, 'ham-1': ham };
}

function digest(items: { text: string; lang?: string }[], module: TextModule): { analysis: string; features: string } {
  const analysis = createHash('sha256');
  const features = createHash('sha256');
  for (const { text, lang } of items) {
    // Without a hint (the detector's call) and with the corpus language (phones' default country).
    analysis.update(JSON.stringify(module.analyzeDetailed(text)));
    if (lang) analysis.update(JSON.stringify(module.analyzeDetailed(text, { lang })));
    analysis.update('\n');
    const message = module.describeMessage(text);
    features.update(JSON.stringify([message.ngramText, message.features.buckets, message.features.values]));
    features.update('\n');
  }
  return { analysis: analysis.digest('hex').slice(0, 16), features: features.digest('hex').slice(0, 16) };
}

const treeAt = process.argv.indexOf('--tree');
const module = await loadModule(treeAt >= 0 ? process.argv[treeAt + 1] : undefined);
const all = { analysis: createHash('sha256'), features: createHash('sha256') };
for (const [name, items] of Object.entries(lineSets())) {
  const d = digest(items, module);
  all.analysis.update(d.analysis);
  all.features.update(d.features);
  console.log(`${name.padEnd(12)} ${String(items.length).padStart(6)} lines  analysis ${d.analysis}  features ${d.features}`);
}
console.log(`${'all'.padEnd(12)} ${''.padStart(6)}        analysis ${all.analysis.digest('hex').slice(0, 16)}  features ${all.features.digest('hex').slice(0, 16)}`);
