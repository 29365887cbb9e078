import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidIBAN } from 'ibantools';
import { bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { parseEvent, type ChainEvent, type MessageEvent } from '../../src/core/events.ts';
import { generateTraffic, simulateTraffic, type TrafficOptions } from '../../src/sim/generate.ts';
import { createCrewKit, hammingDistance } from '../../src/sim/identifiers.ts';
import { createRandom } from '../../src/core/random.ts';
import { LANGUAGES, scriptFor } from '../../src/sim/scripts/index.ts';

const OPTIONS: TrafficOptions = {
  tenant: 'sim-test',
  seed: 7,
  start: new Date('2026-03-01T08:00:00Z'),
  ordinaryUsers: 60,
  crews: LANGUAGES.length,
  victimsPerCrew: 5,
};
const traffic = simulateTraffic(OPTIONS);
const messages = traffic.events.filter((e): e is MessageEvent => e.type === 'message.sent');

test('every generated event passes the event contract', () => {
  assert.ok(traffic.events.length > 1000);
  for (const event of traffic.events) {
    const result = parseEvent(event);
    assert.ok(result.ok, `${event.id}: ${JSON.stringify(!result.ok && result.errors)}`);
  }
});

test('events are sorted by time, ids are unique and every event belongs to the tenant', () => {
  const ids = new Set(traffic.events.map((e) => e.id));
  assert.equal(ids.size, traffic.events.length);
  for (let i = 1; i < traffic.events.length; i++) {
    assert.ok(Date.parse(traffic.events[i - 1].time) <= Date.parse(traffic.events[i].time), `event ${i} is out of order`);
  }
  assert.ok(traffic.events.every((e) => e.tenant === 'sim-test'));
  assert.equal(traffic.events[0].time >= OPTIONS.start.toISOString(), true, 'nothing happens before start');
  assert.equal(traffic.end, Date.parse(traffic.events.at(-1)!.time));
});

test('the same seed gives the same traffic; another seed gives other traffic', () => {
  const small = { ...OPTIONS, ordinaryUsers: 12, crews: 2, victimsPerCrew: 3 };
  assert.deepEqual(generateTraffic(small), generateTraffic(small));
  const other = generateTraffic({ ...small, seed: 8 });
  assert.notDeepEqual(other.map((e) => e.id), generateTraffic(small).map((e) => e.id));
});

test('crew profiles are new, claim one country, connect from another and share devices, IPs and photos', () => {
  const profiles = accountsById();
  for (const crew of traffic.crews) {
    assert.ok(crew.profiles.length >= 3);
    const accounts = crew.profiles.map((p) => profiles.get(p.id)!);
    for (const account of accounts) {
      assert.equal(account.account.created_at, account.time, 'a fake profile is created when it appears');
      assert.notEqual(account.account.declared_location?.country, account.account.observed_location?.country);
      assert.ok(account.account.device_ids.every((d) => crew.kit.devices.includes(d)));
      assert.ok(crew.kit.ips.includes(account.account.ip!));
      for (const photo of account.account.photos) {
        if (!photo.pdq) continue;
        const nearest = Math.min(...crew.kit.photos.map((base) => hammingDistance(base, photo.pdq!)));
        assert.ok(nearest > 0 && nearest <= 10, `photo is a near-duplicate of a crew photo (distance ${nearest})`);
      }
    }
    assert.ok(new Set(accounts.flatMap((a) => a.account.device_ids)).size <= crew.kit.devices.length);
  }
  const ordinaryIps = traffic.ordinaryUsers.map((p) => profiles.get(p.id)!.account.ip);
  assert.equal(new Set(ordinaryIps).size, ordinaryIps.length, 'ordinary users are not linked by IP');
});

test('a crew reuses its handles, payment accounts and lure domains across profiles and victims', () => {
  let crewsSeenReusing = 0;
  for (const crew of traffic.crews) {
    const profileIds = new Set(crew.profiles.map((p) => p.id));
    const texts = messages.filter((m) => profileIds.has(m.sender)).map((m) => `${m.text} ${m.attachments.map((a) => a.url).join(' ')}`);
    const handles = Object.values(crew.kit.handles).map((h) => h.handle);
    const used = handles.filter((h) => texts.some((t) => t.includes(h)));
    const otherCrews = traffic.crews.filter((c) => c !== crew);
    for (const handle of used) {
      assert.ok(otherCrews.every((c) => !Object.values(c.kit.handles).some((h) => h.handle === handle)), 'handles are crew-specific');
    }
    const senders = new Set(messages.filter((m) => profileIds.has(m.sender) && handles.some((h) => m.text.includes(h))).map((m) => m.sender));
    const lureSenders = new Set(
      messages
        .filter((m) => profileIds.has(m.sender) && crew.kit.lures.some((l) => m.text.includes(l.url) || m.attachments.some((a) => a.url === l.url)))
        .map((m) => m.sender),
    );
    if (senders.size >= 2 || lureSenders.size >= 2) crewsSeenReusing++;
    for (const m of messages.filter((x) => profileIds.has(x.sender))) {
      for (const url of [...m.text.matchAll(/https:\/\/\S+\.apk/g)].map((x) => x[0])) {
        assert.ok(crew.kit.lures.some((l) => l.url === url), `lure ${url} comes from the crew's own upload domains`);
      }
    }
  }
  assert.ok(crewsSeenReusing >= traffic.crews.length / 2, `${crewsSeenReusing} crews show a shared identifier across profiles`);
});

test('crew identifiers are well formed: phones valid, IBANs and Bitcoin addresses carry valid checksums', () => {
  const base58check = createBase58check(sha256);
  for (const crew of traffic.crews) {
    for (const phone of crew.kit.phones) assert.ok(parsePhoneNumberWithError(phone).isValid(), phone);
    assert.match(crew.kit.phones[0], /^\+1\d{3}5550[01]\d\d$/, 'US numbers come from the 555-01xx fiction range');
    const gcash = crew.kit.payments.gcash.identifiers[0].value;
    assert.ok(parsePhoneNumberWithError(gcash).isValid(), gcash);
    assert.ok(isValidIBAN(crew.kit.payments.iban.identifiers[0].value));
    const btc = crew.kit.payments.btc.identifiers[0].value;
    if (btc.startsWith('bc1')) assert.equal(bech32.decode(btc as `${string}1${string}`).prefix, 'bc');
    else assert.equal(base58check.decode(btc).length, 21);
  }
});

test('profiles send near-identical openers to many recipients and get few acceptances', () => {
  for (const crew of traffic.crews) {
    for (const profile of crew.profiles) {
      const openers = messages.filter((m) => m.sender === profile.id && m.text.startsWith(profile.opener));
      const recipients = new Set(openers.flatMap((m) => m.recipients));
      const requests = traffic.events.filter((e) => e.type === 'connection.requested' && e.from === profile.id).length;
      const accepted = traffic.events.filter((e) => e.type === 'connection.accepted' && e.to === profile.id).length;
      assert.ok(requests >= 8, `${profile.id} sends requests in bulk (${requests})`);
      assert.ok(accepted < requests, 'not everyone accepts');
      assert.ok(recipients.size >= 6, `${profile.id} sent its opener to ${recipients.size} people`);
    }
  }
});

test('conversations drop out at different stages and some victims pay or report', () => {
  const reaches = new Set(traffic.scamConversations.map((c) => c.reach));
  assert.ok(reaches.has('payment'));
  assert.ok(reaches.size >= 4, `reaches: ${[...reaches].join(', ')}`);
  assert.ok(traffic.events.some((e) => e.type === 'payment.reported'));
  const reports = traffic.events.filter((e) => e.type === 'report.filed');
  assert.ok(reports.length > 0 && reports.every((r) => r.type === 'report.filed' && r.category === 'sextortion'));
  for (const conversation of traffic.scamConversations.filter((c) => c.reach !== 'payment')) {
    const inConversation = messages.filter((m) => m.conversation_id === conversation.conversationId);
    assert.ok(inConversation.every((m) => traffic.expectedStages.get(m.id) !== 'payment'));
  }
});

test('ordinary traffic has genuine video-call, money, tech and news talk and no scam stages', () => {
  const ordinaryIds = new Set(traffic.ordinaryConversations.map((c) => c.conversationId));
  const ordinary = messages.filter((m) => ordinaryIds.has(m.conversation_id));
  const hasTopic = (topic: 'videoCall' | 'money' | 'tech' | 'news') =>
    ordinary.some((m) => LANGUAGES.some((lang) => scriptFor(lang).ordinary[topic].some((line) => m.text === line || sameTemplate(line, m.text))));
  for (const topic of ['videoCall', 'money', 'tech', 'news'] as const) assert.ok(hasTopic(topic), `ordinary traffic talks about ${topic}`);
  assert.ok(ordinary.some((m) => /GCash|Venmo|PayPay|Lydia|GoPay/.test(m.text)), 'money talk names everyday payment apps');
  assert.ok(ordinary.every((m) => !traffic.expectedStages.has(m.id) && !traffic.phases.has(m.id)));
  assert.ok(traffic.events.some((e) => e.type === 'account.updated'), 'profile updates stream too');
});

test('every language appears among ordinary users and crews', () => {
  assert.deepEqual(new Set(traffic.ordinaryUsers.map((p) => p.lang)), new Set(LANGUAGES));
  assert.deepEqual(new Set(traffic.crews.flatMap((c) => c.languages)), new Set(LANGUAGES));
  assert.ok(messages.some((m) => /[\u0900-\u097f]/.test(m.text)), 'Devanagari');
  assert.ok(messages.some((m) => /[\uac00-\ud7af]/.test(m.text)), 'Hangul');
  assert.ok(messages.some((m) => /[\u3040-\u30ff]/.test(m.text)), 'Kana');
});

test('a language filter restricts the traffic and bad options are refused with a clear message', () => {
  const only = simulateTraffic({ ...OPTIONS, ordinaryUsers: 6, crews: 2, victimsPerCrew: 2, languages: ['ko'] });
  assert.ok(only.crews.every((c) => c.languages.join() === 'ko'));
  assert.ok(only.ordinaryUsers.every((p) => p.lang === 'ko'));
  assert.throws(() => generateTraffic({ ...OPTIONS, languages: ['xx'] }), /unknown languages: xx/);
  assert.throws(() => generateTraffic({ ...OPTIONS, crews: -1 }), /crews must be an integer/);
  assert.throws(() => generateTraffic({ ...OPTIONS, tenant: ' ' }), /tenant/);
  assert.throws(() => generateTraffic({ ...OPTIONS, start: new Date('nope') }), /start must be a valid Date/);
  assert.deepEqual(generateTraffic({ ...OPTIONS, ordinaryUsers: 0, crews: 0 }), []);
});

function accountsById(): Map<string, Extract<ChainEvent, { type: 'account.created' | 'account.updated' }>> {
  const out = new Map<string, Extract<ChainEvent, { type: 'account.created' | 'account.updated' }>>();
  for (const event of traffic.events) {
    if ((event.type === 'account.created' || event.type === 'account.updated') && !out.has(event.account.id)) out.set(event.account.id, event);
  }
  return out;
}

/** True when `text` is `template` with its {placeholders} filled in. */
function sameTemplate(template: string, text: string): boolean {
  const pattern = template.split(/\{[a-z_]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${pattern}$`, 'u').test(text);
}

test('crews numbered over a run share no phone, receiver, cashtag, lure domain, handle or network, and every number is valid', () => {
  const kits = Array.from({ length: 1_300 }, (_, serial) => createCrewKit(createRandom(serial), serial % 3, serial));
  const phones = kits.flatMap((k) => [...k.phones, k.handles.whatsapp.handle.replace('wa.me/', ''), k.payments.gcash.identifiers[0].value]);
  for (const phone of phones) assert.ok(parsePhoneNumberWithError(phone).isValid(), phone);
  assert.equal(new Set(phones).size, phones.length, 'a phone of two crews');
  const receivers = kits.map((k) => k.payments.western_union.identifiers[0].value);
  assert.equal(new Set(receivers).size, receivers.length, 'a remittance receiver of two crews');
  const cashtags = kits.map((k) => k.payments.cashtag.identifiers[0].value);
  assert.equal(new Set(cashtags).size, cashtags.length, 'a cashtag of two crews');
  const domains = kits.flatMap((k) => k.lures.map((l) => l.domain));
  assert.equal(new Set(domains).size, domains.length, 'a lure domain of two crews');
  // Telegram reads "rose.768" and "rose_768" as one name, so handles are compared as the extractor folds them.
  const handles = kits.flatMap((k) => [k.handles.telegram, k.handles.line, k.handles.kakao].map((h) => `${h.kind}:${h.handle.replace(/[._]/g, '_')}`));
  assert.equal(new Set(handles).size, handles.length, 'a Telegram, LINE or KakaoTalk handle of two crews');
  const networks = kits.map((k) => k.ips[0].replace(/\.\d+$|::[0-9a-f]+$/, ''));
  assert.equal(new Set(networks).size, networks.length, 'a network of two crews (suspected associates across crews)');
  // A live loop's batches continue the count: the second batch's crews are new crews.
  const first = simulateTraffic({ ...OPTIONS, crews: 3 });
  const second = simulateTraffic({ ...OPTIONS, crews: 3, seed: OPTIONS.seed + 1, idPrefix: 'b2', crewOffset: 3 });
  const kitPhones = (t: typeof first) => new Set(t.crews.flatMap((c) => c.kit.phones));
  assert.deepEqual([...kitPhones(first)].filter((p) => kitPhones(second).has(p)), []);
  assert.throws(() => simulateTraffic({ ...OPTIONS, crewOffset: -1 }), /crewOffset must be a non-negative integer/);
});
