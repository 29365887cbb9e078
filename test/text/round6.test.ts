// Sixth round (issue 10): narration nouns in REPORTED (victim, perpetrator, blackmailer in German, French and Dutch;
// the anonymised 李某 and 受害者 of Chinese news) so that a retold threat pairs with REPORTED, while a scammer's own
// threat does not; and the round's paraphrase files load with the languages and labels they claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conceptFeatures } from '../../src/modules/text/concepts.ts';
import { normalise } from '../../src/modules/text/normalise.ts';
import { loadParaphrases } from '../../tools/text/sourced-corpus.ts';

const pairsOf = (text: string) => conceptFeatures(normalise(text).latin.text);
const reported = (text: string) => pairsOf(text).some((p) => p.startsWith('pair:REPORTED'));

test('a retold threat in German, French, Dutch and Chinese news pairs with REPORTED', () => {
  for (const line of [
    'Die Täterin schickte das Video an die Familie des Opfers',
    "l'escroc menace d'envoyer la vidéo à la famille",
    'de afperser wilde de video naar zijn familie sturen',
    '李某收到视频后被要求转账',
    '受害者的家人收到了视频',
  ]) {
    assert.ok(reported(line), `${line}: ${pairsOf(line).join(' ')}`);
  }
});

test('the scammer\'s own threat does not read as reported, and 某人 (someone) is no anonymised name', () => {
  for (const line of ['ich schicke das Video an deine Familie', 'je vais envoyer la vidéo à ta famille', '我把视频发给你家人', '某人把视频发给你家人']) {
    assert.ok(!reported(line), `${line}: ${pairsOf(line).join(' ')}`);
  }
});

test('the round-6 paraphrase families load, every family has lines, negatives are unlabelled', () => {
  const lines = loadParaphrases().filter((l) => l.family.startsWith('r6-'));
  const langs = new Set(lines.map((l) => l.lang));
  for (const lang of ['en', 'ja', 'ko', 'zh', 'es', 'fr', 'pt', 'hi', 'tl', 'id', 'vi', 'th', 'ar', 'de', 'it', 'tr', 'nl', 'ru']) assert.ok(langs.has(lang), lang);
  for (const l of lines) {
    assert.ok(l.text.trim().length > 0, l.family);
    if (l.family.includes('-neg')) assert.deepEqual(l.labels, [], l.family);
    else assert.ok(l.labels.length > 0, l.family);
  }
});

test('a spread that already happened (ばら撒かれた, the passive past) is no strong threat cue; the threat and its conditional still are', async () => {
  const { analyzeText } = await import('../../src/modules/text/index.ts');
  const strong = (text: string) => analyzeText(text).scores.threat >= 0.9;
  assert.ok(!strong('知らない間に動画がみんなにばら撒かれた'));
  assert.ok(!strong('写真がネットにばらまかれてしまった'));
  for (const line of ['お前の動画を友達にばら撒くぞ', 'ばらまかれたくなければ今すぐ払え', '会社にばら撒きますよ']) assert.ok(strong(line), line);
});
