import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalise } from '../../src/modules/text/normalise.ts';
import { extractEntities } from '../../src/modules/text/entities.ts';
import { extractIdentifiers } from '../../src/modules/text/index.ts';
import type { Entity } from '../../src/modules/text/types.ts';

function entities(text: string, lang = 'en'): Entity[] {
  return extractEntities(normalise(text), lang);
}
function find(list: Entity[], type: Entity['type']): Entity[] {
  return list.filter((e) => e.type === type);
}

test('URLs: de-fanged links, registrable domain, shorteners, .apk downloads and messenger look-alikes', () => {
  const text = 'fix: hxxps://cdn.whatsapp-update[.]top/files/audio.apk or bit.ly/3xYz, not https://www.whatsapp.com/download';
  const urls = find(entities(text), 'url');
  assert.equal(urls.length, 3);
  assert.equal(text.slice(urls[0].start, urls[0].end), 'hxxps://cdn.whatsapp-update[.]top/files/audio.apk');
  assert.deepEqual(urls[0].detail, { domain: 'whatsapp-update.top', apk: 'true', lookalike: 'whatsapp' });
  assert.equal(urls[1].detail?.shortener, 'true');
  assert.equal(urls[2].detail?.lookalike, undefined, 'the official domain is not a look-alike');
});

test('a link typed right after Chinese, Japanese, Korean or Thai words is read without those words', () => {
  for (const [text, lang] of [['请下载这个soundfix.top/a.apk', 'zh'], ['このアプリを入れてaudio-fix.xyz/app.apk', 'ja'], ['이거깔아voicefix.xyz', 'ko'], ['ดาวน์โหลดvoicefix.xyz', 'th']]) {
    const [url] = find(entities(text, lang), 'url');
    assert.ok(url, text);
    assert.match(text.slice(url.start, url.end), /^[a-z]/, `${text}: the span starts at the host`);
    assert.match(url.detail?.domain ?? '', /^[a-z-]+\.(top|xyz)$/, text);
  }
  assert.equal(find(entities('请下载这个soundfix.top/a.apk', 'zh'), 'url')[0].detail?.apk, 'true');
  const [idn] = find(entities('例え.jp'), 'url');
  assert.equal(idn?.value, 'http://例え.jp', 'a host written wholly in Japanese stays whole');
});

test('phones are parsed with the country the language suggests and written in E.164', () => {
  const ph = find(entities('text me 0917 123 4567', 'tl'), 'phone');
  assert.deepEqual(ph.map((p) => p.value), ['+639171234567']);
  assert.deepEqual(find(entities('call +1 415 555 2671 now'), 'phone').map((p) => p.value), ['+14155552671']);
  assert.deepEqual(find(entities('order 12345678 shipped'), 'phone'), [], 'a bare order number is not a phone');
});

test('messenger handles and invite links for each service', () => {
  const text = 'skype live:.cid.9f2a11 telegram: @sweetanna22 wa.me/639171234567 line.me/ti/p/~mika0921 微信号: wxid_abc12345 open.kakao.com/o/gAbc123 snapchat: hot.jenny';
  const values = find(entities(text), 'messenger_handle').map((e) => e.value);
  assert.deepEqual(values, ['skype:live:.cid.9f2a11', 'telegram:sweetanna22', 'whatsapp:639171234567', 'line:mika0921', 'wechat:wxid_abc12345', 'kakaotalk:gabc123', 'snapchat:hot.jenny']);
  assert.deepEqual(find(entities('add me on line now, snap me later'), 'messenger_handle'), [], 'chat words after a service name are not ids');
});

test('payment identifiers: IBAN/BIC, bank account near a bank, e-wallets, MTCN, gift cards', () => {
  const text = 'IBAN DE89 3704 0044 0532 0130 00 BIC DEUTDEFF, BDO account 001234567890, gcash 0917 555 1234, cash app $kingdave, MTCN 123-456-7890, steam card ABCD-1234-EFGH-5678';
  const list = entities(text);
  assert.deepEqual(find(list, 'iban').map((e) => e.value), ['DE89370400440532013000']);
  assert.deepEqual(find(list, 'bic').map((e) => e.value), ['DEUTDEFF']);
  assert.deepEqual(find(list, 'bank_account').map((e) => e.value), ['bank:bdo:001234567890']);
  assert.deepEqual(find(list, 'ewallet').map((e) => e.value), ['gcash:09175551234', 'cashapp:$kingdave']);
  assert.deepEqual(find(list, 'remittance').map((e) => e.value), ['mtcn:1234567890']);
  assert.deepEqual(find(list, 'gift_card').map((e) => e.value), ['giftcard:steam:ABCD1234EFGH5678']);
  assert.deepEqual(find(entities('IBAN DE89 3704 0044 0532 0130 01'), 'iban'), [], 'a wrong check digit is refused');
});

test('crypto addresses are kept only when their checksum passes', () => {
  const valid = 'btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyT eth 0x52908400098527886E0F7030069857D2E4169EE7';
  assert.deepEqual(find(entities(valid), 'crypto_wallet').map((e) => e.detail?.chain), ['bitcoin', 'ethereum']);
  const broken = 'btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyU eth 0x52908400098527886E0F7030069857D2E4169Ee7';
  assert.deepEqual(find(entities(broken), 'crypto_wallet'), []);
});

test('spans point into the original text even through fullwidth and zero-width characters', () => {
  const text = '加我 ｔｅｌｅｇｒａｍ: @ｓｗｅｅｔ\u200bａｎｎａ22';
  const [handle] = find(entities(text), 'messenger_handle');
  assert.equal(handle.value, 'telegram:sweetanna22');
  assert.match(text.slice(handle.start, handle.end), /ｓｗｅｅｔ\u200bａｎｎａ22$/u);
});

test('extractIdentifiers gives ring-ready identifiers with their source span', () => {
  const ids = extractIdentifiers('pay to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq or +63 917 123 4567, telegram: @crewboss', { source: 'report.filed:r1' });
  assert.deepEqual(ids.map((i) => `${i.type}=${i.value}`).sort(), ['crypto_wallet=bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'messenger_handle=telegram:crewboss', 'phone=+639171234567']);
  assert.ok(ids.every((i) => /^report\.filed:r1 text\[\d+,\d+\]$/.test(i.source)));
});

test('an invite link right after the service name and a full-width colon gives the link\'s id, not its host', () => {
  // How the simulator's Chinese and Japanese crews write it (issue 13): no space after "：", so no URL is read there.
  const line = find(entities('这里不安全，加我LINE：line.me/ti/p/~rose_768', 'zh'), 'messenger_handle');
  assert.deepEqual(line.map((h) => h.value), ['line:rose_768']);
  const kakao = find(entities('加我KakaoTalk：open.kakao.com/o/sabc1234', 'zh'), 'messenger_handle');
  assert.deepEqual(kakao.map((h) => h.value), ['kakaotalk:sabc1234']);
  assert.deepEqual(find(entities('add me on LINE: cutie.486'), 'messenger_handle').map((h) => h.value), ['line:cutie.486'], 'an id after the name alone still counts');
});
