// Every positive message of the held-out split that is detected must still be detected after each trick
// scammers use to hide words from filters (src/modules/text/obfuscate.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus } from '../../src/modules/text/corpus.ts';
import { analyzeText } from '../../src/modules/text/index.ts';
import { OBFUSCATIONS } from '../../src/modules/text/obfuscate.ts';

const positives = loadCorpus().filter((e) => e.split === 'test' && e.labels.length > 0);

test('the held-out split has positives in every language', () => {
  assert.ok(positives.length > 300, `only ${positives.length} positives`);
  assert.ok(new Set(positives.map((p) => p.lang)).size >= 12);
});

for (const [name, transform] of Object.entries(OBFUSCATIONS)) {
  test(`every detected held-out positive is still detected after ${name}`, () => {
    const missed: string[] = [];
    for (const example of positives) {
      const detected = analyzeText(example.text, { lang: example.lang }).labels.filter((l) => example.labels.includes(l));
      const hidden = transform(example.text);
      const labels = analyzeText(hidden, { lang: example.lang }).labels;
      for (const label of detected) if (!labels.includes(label)) missed.push(`${example.lang} ${label}: ${hidden}`);
    }
    if (process.env.SHOW_MISSES) console.log(missed.join('\n'));
    assert.deepEqual(missed, [], `${missed.length} labels lost after ${name}`);
  });
}
