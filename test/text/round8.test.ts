// Eighth round (issue 10): a video-call proposal and an undress request in one message are both acts (the model
// read "come on video call and take off your shirt" as neither); service text saying no install is needed is
// no install push; a genuine invite is an off-platform act (the conversation decides it is harmless); and the
// round's paraphrase files load with the languages and labels they claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/modules/text/index.ts';
import { loadParaphrases } from '../../tools/text/sourced-corpus.ts';
import { textModel } from '../../src/modules/text/default-model.ts';

const thresholds = textModel().thresholds;
const fires = (text: string, label: keyof typeof thresholds) => analyzeText(text).scores[label] >= thresholds[label];

test('a video-call proposal with an undress request is both a move and an escalation', () => {
  for (const line of ['come on video call and take off your shirt', "let's facetime and take your top off", 'hop on cam and strip for me']) {
    assert.ok(fires(line, 'offplatform'), `offplatform: ${line} ${JSON.stringify(analyzeText(line).scores)}`);
    assert.ok(fires(line, 'escalation'), `escalation: ${line} ${JSON.stringify(analyzeText(line).scores)}`);
  }
});

test('"no app to install" is no install push, while an install push still is', () => {
  for (const line of ['no app to install, just open the link in your browser', 'インストール不要、ブラウザで開くだけです', '설치 없이 바로 접속하세요']) {
    assert.ok(!fires(line, 'app_lure'), `${line}: ${analyzeText(line).scores.app_lure}`);
  }
  assert.ok(fires("can't hear you, install this app to fix the sound", 'app_lure'));
});

test('a move alone is no escalation, and a video game is neither a video call nor a threat', () => {
  for (const line of ['add me on skype', 'add me on snapchat', 'me chama no skype']) assert.deepEqual(analyzeText(line).labels, ['offplatform'], line);
  for (const line of ['wanna play a video game tonight?', 'lets video game tonight']) assert.deepEqual(analyzeText(line).labels, [], line);
});

test('genuine invites are labelled off-platform acts; the round-8 files load in their languages with their labels', () => {
  const lines = loadParaphrases();
  const invites = lines.filter((l) => l.family.endsWith('-ordinary-invites'));
  assert.ok(invites.length >= 20, `${invites.length} invites`);
  for (const l of invites) assert.deepEqual(l.labels, ['offplatform'], l.text);
  const round8 = lines.filter((l) => l.family.startsWith('r8-'));
  const langs = new Set(round8.map((l) => l.lang));
  for (const lang of ['en', 'ja', 'ko', 'zh', 'es', 'fr', 'de', 'pt']) assert.ok(langs.has(lang), lang);
  for (const l of round8) {
    if (l.family.includes('-neg')) assert.deepEqual(l.labels, [], l.family);
    else if (l.family.endsWith('-move-and-undress')) assert.deepEqual([...l.labels].sort(), ['escalation', 'offplatform'], l.family);
    else if (l.family.endsWith('-move-only')) assert.deepEqual(l.labels, ['offplatform'], l.family);
    else assert.ok(l.labels.length > 0, l.family);
  }
});
