// Threat and app_lure false positives on real text no training run ever sees, for the dev proxy of issue 10's
// ≤ 0.5 % ceiling. Why this pool: in grouped CV the 219 dev victim/ordinary lines fire threat 0 times, yet the
// sealed split's victim/ordinary lines fire it on 4 %; what fires there is people *describing* a threat. The dev
// narrator lines (reporters, police, victims' accounts retold) are exactly that shape and are never loaded for
// training (sourced-corpus.ts), and the odd-indexed easy-ham-1 sentences are unseen ordinary English. Both are
// scored by a model trained on today's corpus (strong cues off and on), and each firing line is listed.
// Usage: npx node scripts/fp-probe.ts [--list]      (reads corpus/real/dev only; one training)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { analyzeWithModel } from '../src/modules/text/analyze.ts';
import { buildTextModel } from '../tools/text/build-model.ts';
import { hamSentences } from '../tools/text/conversation-lines.ts';
import { loadRealNegatives, realNegativesAvailable } from '../tools/text/real-negatives.ts';
import { REAL_DIR } from '../tools/text/sourced-corpus.ts';

interface Probe {
  text: string;
  lang?: string;
  where: string;
}

function narratorLines(): Probe[] {
  const folder = join(REAL_DIR, 'dev');
  const out: Probe[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(folder, file), 'utf8')) as { family: string; lines?: { text: string; lang: string; speaker: string }[] };
    for (const line of doc?.lines ?? []) if (line.speaker === 'narrator' && typeof line.text === 'string') out.push({ text: line.text, lang: line.lang, where: doc.family });
  }
  return out;
}

// Victims answering a threat, written for this probe only and never trained on (the training pleas are other
// wordings, corpus/paraphrase/*-round6.yaml): in a conversation these come from the target, and a threat act on
// them would count against the wrong account.
const PLEAS: Probe[] = [
  ['en', "I'm begging you, don't show my parents"], ['en', 'please please delete it, I will pay'], ['en', "don't share those pics, I'm sorry"],
  ['en', 'I only have $40, please stop'], ['en', 'if you post that my life is over'], ['ja', '親にだけは見せないでください'],
  ['ja', 'お願いします、拡散しないで'], ['ja', 'お金ないんです、許してください'], ['ko', '부모님한테만은 보내지 말아줘'],
  ['ko', '제발 올리지 마 돈 없어'], ['ko', '다 지워줘 제발'], ['zh', '别给我爸妈看，求求你'], ['zh', '不要传出去，我给你钱'],
  ['es', 'no lo subas, te lo ruego'], ['es', 'por favor no se lo enseñes a mis padres'], ['fr', "ne le montre pas à mes parents, je t'en prie"],
  ['de', 'bitte schick das nicht an meine Eltern'], ['id', 'tolong jangan sebar, aku minta maaf'], ['pt', 'por favor não manda pra minha mãe'],
  ['tl', 'wag mo ipakalat please, wala akong pera'],
].map(([lang, text]) => ({ text, lang, where: 'plea probe' }));

const list = process.argv.includes('--list');
const { model } = buildTextModel();
const pools: Record<string, Probe[]> = {
  'victim pleas (probe only)': PLEAS,
  'dev narrator lines': narratorLines(),
  'unseen easy-ham-1 sentences': realNegativesAvailable()
    ? hamSentences(loadRealNegatives(['easy-ham-1'])).filter((_, i) => i % 2 === 1).map((h) => ({ text: h.text, lang: 'en', where: 'easy-ham-1' }))
    : [],
};
console.log(`thresholds ${JSON.stringify(model.thresholds)}`);
for (const [name, probes] of Object.entries(pools)) {
  for (const strongCues of [false, true]) {
    const fired = { threat: [] as string[], app_lure: [] as string[] };
    for (const p of probes) {
      const a = analyzeWithModel(model, p.text, { lang: p.lang, strongCues });
      for (const label of ['threat', 'app_lure'] as const) {
        if (a.labels.includes(label)) fired[label].push(`${a.scores[label].toFixed(2)} ${p.lang ?? '?'} [${p.where}] ${p.text.slice(0, 160)}`);
      }
    }
    const perMille = (n: number): string => ((1000 * n) / Math.max(1, probes.length)).toFixed(1);
    console.log(`${name} (${probes.length}), strong cues ${strongCues ? 'on ' : 'off'}: threat ${fired.threat.length} (${perMille(fired.threat.length)}/1000), app_lure ${fired.app_lure.length} (${perMille(fired.app_lure.length)}/1000)`);
    if (list && !strongCues) for (const label of ['threat', 'app_lure'] as const) for (const l of fired[label]) console.log(`  ${label} ${l}`);
  }
}
