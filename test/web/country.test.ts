import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countryFromLanguages } from '../../web/src/lib/country.ts';

const AVAILABLE = ['US', 'GB', 'IN', 'PH', 'KR', 'TW', 'CN', 'MX', 'ES'];

test('the visitor country comes from the region of the browser languages, when the page has lines for it', () => {
  assert.equal(countryFromLanguages(['en-GB', 'en'], AVAILABLE), 'GB');
  assert.equal(countryFromLanguages(['hi-IN'], AVAILABLE), 'IN');
  assert.equal(countryFromLanguages(['fil-PH'], AVAILABLE), 'PH');
  assert.equal(countryFromLanguages(['zh-Hant'], AVAILABLE), 'TW', 'traditional Chinese is most likely Taiwan');
  assert.equal(countryFromLanguages(['es-MX', 'es'], AVAILABLE), 'MX');
  assert.equal(countryFromLanguages(['de-DE', 'ko'], AVAILABLE), 'KR', 'a country without lines is skipped');
  assert.equal(countryFromLanguages(['de-DE'], AVAILABLE), undefined);
  assert.equal(countryFromLanguages(['not a tag!', 'en-US'], AVAILABLE), 'US', 'a malformed tag is ignored, not a crash');
  assert.equal(countryFromLanguages([], AVAILABLE), undefined);
});
