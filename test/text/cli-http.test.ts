import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerTextRoutes } from '../../src/modules/text/http.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runAnalyze(input: string, args: string[] = []) {
  return spawnSync(`${root}chainbreak`, ['text', 'analyze', ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

test('text analyze: one JSON line out per line in, bad lines get a clear error and the run continues', () => {
  const lines = [
    JSON.stringify({ id: 'ok-1', text: 'add me on s.k.y.p.e live:.cid.7f3a9c21e' }),
    '{not json',
    JSON.stringify({ id: 'no-text' }),
    JSON.stringify({ id: 'huge', text: 'a'.repeat(1 << 20) }),
    '{"id":"lone","text":"hi \\ud800 there"}',
    JSON.stringify({ id: 'ctrl', text: 'bad \u0001 byte' }),
    JSON.stringify({ id: 'ok-2', text: 'send $500 now and i will delete the video', lang: 'en' }),
  ];
  const run = runAnalyze(`${lines.join('\n')}\n`);
  assert.equal(run.status, 1, run.stderr);
  // Lone surrogates and control characters are real text: analysed, with a note, never refused.
  const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 7);
  assert.deepEqual(out[0].labels, ['offplatform']);
  assert.deepEqual(Object.keys(out[0].scores), ['offplatform', 'app_lure', 'escalation', 'threat', 'payment']);
  assert.deepEqual(out[0].entities[0], { type: 'messenger_handle', value: 'skype:live:.cid.7f3a9c21e', start: 20, end: 39, detail: { service: 'skype' } });
  assert.match(out[1].error, /^line 2: invalid JSON/);
  assert.match(out[2].error, /^line 3: missing "text"/);
  assert.match(out[3].error, /^line 4: "text" is 1048576 characters; the limit is 20000/);
  assert.equal(out[4].error, undefined);
  assert.deepEqual(out[4].notes, ['ignored 1 control or unpaired surrogate character (first U+D800 at offset 3); the rest was analysed']);
  assert.equal(out[5].error, undefined);
  assert.match(out[5].notes[0], /first U\+0001 at offset 4/);
  assert.ok(out[6].labels.includes('payment'));
  assert.equal(run.stderr.trim().split('\n').length, 3, 'one stderr line per bad input line');
});

test('POST /v1/text/analyze answers one text, a batch with per-item errors, and 400 for a bad single text', async () => {
  const app = createFastify();
  await registerTextRoutes(app);
  const one = await app.inject({ method: 'POST', url: '/v1/text/analyze', payload: { text: 'download this apk http://x.example/fix.apk' } });
  assert.equal(one.statusCode, 200, one.body);
  assert.deepEqual(one.json().labels, ['app_lure']);
  assert.equal(one.json().id, undefined, 'a single text has no id of the caller to echo');
  const batch = await app.inject({
    method: 'POST',
    url: '/v1/text/analyze',
    payload: { items: [{ id: 'a', text: 'see you at the station at six?' }, { id: 'b', text: 'bad \u0007 bell' }] },
  });
  assert.equal(batch.statusCode, 200, batch.body);
  const results = batch.json().results;
  assert.deepEqual(results[0].labels, []);
  assert.equal(results[1].id, 'b');
  assert.deepEqual(results[1].notes, ['ignored 1 control or unpaired surrogate character (first U+0007 at offset 4); the rest was analysed']);
  const bad = await app.inject({ method: 'POST', url: '/v1/text/analyze', payload: { text: 'x'.repeat(20001) } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /limit is 20000/);
  const missing = await app.inject({ method: 'POST', url: '/v1/text/analyze', payload: { lang: 'en' } });
  assert.equal(missing.statusCode, 400);
  await app.close();
});

// Real SMS often carries C1 controls (U+0091–U+0094 are mis-decoded Windows-1252 quotes); a scam line split by
// them must still be read, on the command line and over HTTP.
const C1_SPLIT = 'download this apk http://x.example/fix.apk'.replace('apk h', 'a\u0091pk h').replace('download', 'down\u0093load\u0094');
const C1_THREAT = 'send \u0092$500 now or i send the vi\u0085deo to all your fa\u0096mily and friends';

test('text analyze: a scam line split by C1 control characters is still found, with a note', () => {
  const run = runAnalyze(`${JSON.stringify({ id: 'c1', text: C1_SPLIT })}\n${JSON.stringify({ id: 'c1t', text: C1_THREAT })}\n`);
  assert.equal(run.status, 0, run.stderr);
  const [lure, threat] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lure.labels.includes('app_lure'), JSON.stringify(lure));
  assert.match(lure.notes[0], /ignored 3 control/);
  assert.ok(threat.labels.includes('threat') && threat.labels.includes('payment'), JSON.stringify(threat));
  // Spans still point into the original text, controls included.
  const span = threat.evidence.threat[0];
  assert.ok(C1_THREAT.slice(span.start, span.end).length > 0);
});

test('POST /v1/text/analyze: a scam line split by C1 control characters is still found, with a note', async () => {
  const app = createFastify();
  await registerTextRoutes(app);
  const one = await app.inject({ method: 'POST', url: '/v1/text/analyze', payload: { text: C1_THREAT } });
  assert.equal(one.statusCode, 200, one.body);
  assert.ok(one.json().labels.includes('threat'), one.body);
  assert.match(one.json().notes[0], /first U\+0092 at offset 5/);
  const batch = await app.inject({ method: 'POST', url: '/v1/text/analyze', payload: { items: [{ id: 'x', text: C1_SPLIT }] } });
  assert.ok(batch.json().results[0].labels.includes('app_lure'), batch.body);
  await app.close();
});
