// Ninth round (issue 10): everyday sentences that share a threat's words (a recorded concert, photos sent to the
// family, "tu es …") are no threat, while the threat said with the same words still is. The ordinary sentences
// here are not in any training family (asserted), so this checks what the negatives taught, not what they hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/modules/text/index.ts';
import { loadParaphrases } from '../../tools/text/sourced-corpus.ts';
import { textModel } from '../../src/modules/text/default-model.ts';

const threshold = textModel().thresholds.threat;
const threatScore = (text: string) => analyzeText(text).scores.threat;

const ORDINARY = [
  'tu es fatigué ?',
  't\'es vraiment trop mignonne',
  'tu es chez toi ?',
  'tu és demais',
  'j\'ai filmé toute la soirée, je t\'envoie ça',
  'ta sœur a toutes les photos de Noël',
  'tout le monde a vu la vidéo du concert',
  'grabé todo el concierto, te lo mando',
  'tu hermana tiene todas las fotos de navidad',
  'minha mãe vai ver o vídeo da formatura',
  'filmei a festa toda, te mando',
  'ich habe das ganze Konzert gefilmt, ich schicke es dir',
  'i filmed the whole concert, sending it to you',
  'if you don\'t answer i\'ll call you',
  '졸업식 영상 엄마한테 보냈어',
  '毕业典礼的照片我发给妈妈了',
];

const THREATS = [
  'je vais envoyer ta vidéo à toute ta famille',
  'voy a mandar tu video a toda tu familia',
  'vou mandar teu vídeo pra tua família toda',
  'i recorded you and i will send the video to all your friends',
];

test('everyday talk of recordings, family photos and "tu es" is no threat', () => {
  const trained = new Set(loadParaphrases().map((l) => l.text.toLowerCase()));
  for (const line of ORDINARY) {
    assert.ok(!trained.has(line.toLowerCase()), `${line} is a training line; this test needs unseen sentences`);
    assert.ok(threatScore(line) < threshold, `${line}: threat ${threatScore(line)} >= ${threshold}`);
  }
});

test('the threat said with the same words still is one', () => {
  for (const line of THREATS) assert.ok(threatScore(line) >= threshold, `${line}: threat ${threatScore(line)} < ${threshold}`);
});
