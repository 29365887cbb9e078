import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingGraph } from '../../src/modules/rings/graph.ts';
import { RingBatch } from '../../src/modules/rings/batch.ts';
import { parseLinkObject } from '../../src/modules/rings/input.ts';
import { isPlatformGeneric, platformGenericKind } from '../../src/modules/rings/generic-identifiers.ts';
import { ringIdentifiers, sharedInfrastructure } from '../../src/modules/rings/views.ts';

const T0 = Date.UTC(2026, 0, 1);

test('messenger, shortener, e-mail provider and CDN domains are platform-generic; a crew domain is not', () => {
  assert.equal(platformGenericKind('domain', 'wa.me'), 'messenger');
  assert.equal(platformGenericKind('domain', 'kakao.com'), 'messenger');
  assert.equal(platformGenericKind('domain', 'bit.ly'), 'url_shortener');
  assert.equal(platformGenericKind('domain', 'gmail.com'), 'email_provider');
  assert.equal(platformGenericKind('domain', 'cloudfront.net'), 'cdn_or_hosting');
  assert.equal(isPlatformGeneric('domain', 'upload-contacts.example'), false);
  assert.equal(isPlatformGeneric('domain', 'd1abcxyz.cloudfront.net'), false, "one crew's CDN bucket is specific");
  assert.equal(isPlatformGeneric('email', 'crew@gmail.com'), false, 'an address is not its provider');
});

test('two crews that both paste wa.me, t.me, line.me, kakao.com and bit.ly links stay two rings', () => {
  const batch = new RingBatch('t1');
  const crews = [['a1', 'a2'], ['b1', 'b2']];
  for (const [c, crew] of crews.entries()) {
    for (const account of crew) {
      for (const url of ['https://wa.me/639171234567', 'https://t.me/joinchat/x', 'https://line.me/ti/p/abc', 'https://open.kakao.com/o/xyz', 'https://bit.ly/3abc']) {
        const parsed = parseLinkObject({ account, type: 'domain', value: url, time: T0 });
        assert.ok(parsed.ok);
        batch.add(parsed.link);
      }
      const own = parseLinkObject({ account, type: 'apk_signer', value: `${String(c).repeat(64)}`, time: T0 });
      assert.ok(own.ok);
      batch.add(own.link);
    }
  }
  const out = batch.output(T0);
  assert.deepEqual(out.rings.map((r) => r.accounts).sort(), [['a1', 'a2'], ['b1', 'b2']]);
  for (const ring of out.rings) assert.deepEqual(ring.identifiers.map((i) => i.type), ['apk_signer'], 'generic domains are not ring identifiers');
  const generic = out.shared_infrastructure.map((s) => s.value).sort();
  assert.deepEqual(generic, ['bit.ly', 'kakao.com', 'line.me', 't.me', 'wa.me']);
  assert.ok(sharedInfrastructure(batch.graph).every((s) => s.reason === 'platform_generic'));
});

test('a generic domain never merges, not even below the cap or after an allow-list change', () => {
  const graph = new RingGraph({ sharedCap: 1000 });
  graph.addLink('x1', 'domain', 'wa.me', { time: T0 });
  graph.addLink('x2', 'domain', 'wa.me', { time: T0 });
  assert.deepEqual(graph.partition(), []);
  graph.setAllowListed('domain', 'wa.me', false);
  assert.deepEqual(graph.partition(), [], 'un-allow-listing does not make a platform domain evidence');
  graph.recomputeAll();
  assert.deepEqual(graph.partition(), []);
  graph.addLink('x1', 'domain', 'contacts-upload.example', { time: T0 });
  graph.addLink('x2', 'domain', 'contacts-upload.example', { time: T0 });
  assert.deepEqual(graph.partition(), [['x1', 'x2']]);
  const members = graph.membersOf(graph.accountId('x1')!);
  assert.deepEqual(ringIdentifiers(graph, members, T0).map((i) => i.value), ['contacts-upload.example']);
});

test('a messenger "handle" that is the platform\'s own host never links; a handle with a dot still does', () => {
  assert.equal(platformGenericKind('messenger_handle', 'line:line.me'), 'messenger');
  assert.equal(platformGenericKind('messenger_handle', 'kakaotalk:open.kakao.com'), 'messenger');
  assert.equal(platformGenericKind('messenger_handle', 't.me'), 'messenger', 'a bare handle without its service');
  for (const specific of ['line:cutie.486', 'line:rose.live', 'skype:live:.cid.0dbc0388d942', 'telegram:rose_768', 'whatsapp:639175550128']) {
    assert.equal(isPlatformGeneric('messenger_handle', specific), false, specific);
  }
  // The demo's two crews that each wrote "LINE：line.me/ti/p/~…" (issue 13) stay two rings.
  const graph = new RingGraph();
  for (const [account, device] of [['a1', 'aaaa'], ['a2', 'aaaa'], ['b1', 'bbbb'], ['b2', 'bbbb']]) {
    graph.addLink(account, 'device', device, { time: T0 });
    graph.addLink(account, 'messenger_handle', 'line:line.me', { time: T0 });
  }
  assert.deepEqual(graph.partition(), [['a1', 'a2'], ['b1', 'b2']]);
});
