import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { createFastify } from '../../src/adapters/http/fastify.ts';
import { registerHelpRoutes } from '../../src/modules/console/help-http.ts';
import { DEFAULT_HELP_CONFIG, resolveHelpConfig } from '../../src/modules/console/help-config.ts';
import { DEFAULT_HOTLINES } from '../../src/modules/console/help-hotlines.ts';
import { createConsole } from '../../src/modules/console/index.ts';
import { memoryDb } from './helpers.ts';

// The main countries of the page's languages (issue 13.8): en US/UK/IN/PH/NG, ja JP, ko KR, zh CN/TW,
// es ES/MX, fr FR, hi IN, pt BR, id ID, tl PH, vi VN, th TH, ms MY.
const MAIN_COUNTRIES = ['US', 'GB', 'IN', 'PH', 'NG', 'JP', 'KR', 'CN', 'TW', 'ES', 'MX', 'FR', 'BR', 'ID', 'VN', 'TH', 'MY'];

test('every default line has a key, a number or an address, and the source it was checked against', () => {
  const keys = DEFAULT_HOTLINES.map((h) => h.key);
  assert.equal(new Set(keys).size, keys.length, 'keys are unique');
  for (const line of DEFAULT_HOTLINES) {
    assert.ok(line.phone || line.url, `${line.key} has a phone or a URL`);
    assert.match(line.source ?? '', /^https?:\/\//, `${line.key} names its source`);
  }
  assert.equal(DEFAULT_HELP_CONFIG.hotlines.length, DEFAULT_HOTLINES.length, 'every default passes the schema');
  assert.ok(!DEFAULT_HOTLINES.some((h) => /local police/i.test(h.name)), 'no line without a number pretending to be one');
});

test('each main country has its own lines, and an emergency number is always on the page', () => {
  for (const country of MAIN_COUNTRIES) assert.ok(DEFAULT_HOTLINES.some((h) => h.country === country), `${country} has a line`);
  const everywhere = DEFAULT_HOTLINES.filter((h) => h.country === '*');
  assert.deepEqual(everywhere.map((h) => h.key).sort(), ['gsm-112', 'stopncii', 'take-it-down']);
  assert.equal(everywhere.find((h) => h.kind === 'emergency')?.phone, '112');
  assert.equal(DEFAULT_HOTLINES.find((h) => h.key === 'take-it-down')?.audience, 'under18');
  assert.equal(DEFAULT_HOTLINES.find((h) => h.key === 'stopncii')?.audience, 'adults');
});

test('configured lines replace defaults with the same key, add new ones, and removeHotlines drops defaults', () => {
  const config = resolveHelpConfig({
    hotlines: [
      { key: 'uk-101', country: 'GB', kind: 'police', name: 'Local force', phone: '101' },
      { key: 'de-110', country: 'DE', kind: 'emergency', name: 'Polizei', phone: '110' },
    ],
    removeHotlines: ['us-fbi'],
    quickExitUrl: 'https://weather.example/',
  });
  const byKey = new Map(config.hotlines.map((h) => [h.key, h]));
  assert.equal(byKey.get('uk-101')?.name, 'Local force');
  assert.equal(byKey.get('de-110')?.audience, 'all', 'audience defaults to all');
  assert.ok(!byKey.has('us-fbi'));
  assert.ok(byKey.has('stopncii'));
  assert.equal(config.quickExitUrl, 'https://weather.example/');
  const only = resolveHelpConfig({ defaultHotlines: false, hotlines: [{ key: 'x', country: '*', kind: 'support', name: 'Ours', url: 'https://help.example/' }] });
  assert.deepEqual(only.hotlines.map((h) => h.key), ['x']);
});

test('a bad hotline in the configuration file is a clear error, not a crash', () => {
  assert.throws(() => loadConfig(undefined, { help: { hotlines: [{ key: 'Bad Key', country: 'GB', kind: 'police', name: 'x', phone: '101' }] } } as never), /help\.hotlines\.0\.key: key must be lower-case/);
  assert.throws(() => loadConfig(undefined, { help: { hotlines: [{ key: 'no-contact', country: 'GB', kind: 'police', name: 'x' }] } } as never), /a hotline needs a phone number or a URL/);
  assert.throws(() => loadConfig(undefined, { help: { quickExitUrl: 'javascript:alert(1)' } } as never), /help\.quickExitUrl/);
  assert.throws(() => loadConfig(undefined, { help: { hotlinez: [] } } as never), /help/);
  const ok = loadConfig(undefined, { help: { removeHotlines: ['gsm-112'] } } as never);
  assert.deepEqual(ok.help.removeHotlines, ['gsm-112']);
});

test('GET /help/api/config gives the lines and the quick-exit target without the maintenance sources', async (t) => {
  const svc = createConsole({ db: await memoryDb(), help: { quickExitUrl: 'https://weather.example/' } });
  const app = createFastify();
  await registerHelpRoutes(app, { console: svc });
  t.after(() => app.close());
  const response = await app.inject({ method: 'GET', url: '/help/api/config' });
  assert.equal(response.statusCode, 200);
  const body = response.json() as { hotlines: Record<string, unknown>[]; quickExitUrl: string };
  assert.equal(body.quickExitUrl, 'https://weather.example/');
  assert.equal(body.hotlines.length, DEFAULT_HOTLINES.length);
  assert.ok(body.hotlines.every((h) => !('source' in h) && typeof h.kind === 'string' && typeof h.key === 'string'));
});

test('every main country has its own emergency number', () => {
  const missing = MAIN_COUNTRIES.filter((c) => !DEFAULT_HOTLINES.some((h) => h.country === c && h.kind === 'emergency' && h.phone));
  assert.deepEqual(missing, []);
});
