// Every bypass of issue 16's review, and its relatives: each must fail with the right code and a readable
// reason, and the receiver on 127.0.0.1 (standing for an internal service) must see nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { guardedFetch, type GuardedFetchOptions } from '../../../src/adapters/net/guarded-fetch.ts';
import { listen, tableResolver, type Local } from './helpers.ts';

let receiver: Local;
before(async () => {
  receiver = await listen();
});
after(() => receiver.close());

/** Fetches, expects a refusal with `code` and a reason matching `reason`, and checks the receiver saw nothing. */
async function refused(url: string, code: string, reason: RegExp, options: GuardedFetchOptions = {}) {
  const before = receiver.seen.length;
  const result = await guardedFetch(url, { timeoutMs: 3_000, ...options });
  assert.equal(result.ok, false, `${url} was fetched`);
  if (result.ok) return;
  assert.equal(result.code, code, result.reason);
  assert.match(result.reason, reason);
  assert.equal(receiver.seen.length, before, `the receiver saw ${url}`);
  return result;
}

test('control: the receiver is reachable by unguarded fetch under the odd spellings, so the refusals below are real', async () => {
  for (const host of ['2130706433', '0x7f.1', '127.1']) {
    const answer = await fetch(`http://${host}:${receiver.port}/control`);
    assert.equal(await answer.text(), 'internal secret');
  }
  assert.equal(receiver.seen.length, 3);
  receiver.seen.length = 0;
});

test('IPv4-mapped IPv6 of 127.0.0.1 ([::ffff:7f00:1]) is refused, with the embedded address named', async () => {
  await refused(`http://[::ffff:7f00:1]:${receiver.port}/mapped.apk`, 'blocked_address', /IPv4-mapped IPv6 address of 127\.0\.0\.1, which is a loopback address/);
});

test('the dotted IPv4-mapped spelling [::ffff:127.0.0.1] is refused', async () => {
  await refused(`http://[::ffff:127.0.0.1]:${receiver.port}/mapped.apk`, 'blocked_address', /::ffff:7f00:1 is an IPv4-mapped IPv6 address of 127\.0\.0\.1/);
});

test('IPv4-compatible and IPv4-translated forms (::7f00:1, ::ffff:0:7f00:1) are refused', async () => {
  await refused(`http://[::7f00:1]:${receiver.port}/`, 'blocked_address', /IPv4-compatible IPv6 address of 127\.0\.0\.1/);
  await refused(`http://[::ffff:0:7f00:1]:${receiver.port}/`, 'blocked_address', /IPv4-translated IPv6 address of 127\.0\.0\.1/);
});

test('the unspecified addresses [::] and 0.0.0.0 (which connect to this machine) are refused', async () => {
  await refused(`http://[::]:${receiver.port}/`, 'blocked_address', /:: is the unspecified address/);
  await refused(`http://0.0.0.0:${receiver.port}/`, 'blocked_address', /0\.0\.0\.0 is the unspecified address/);
});

test('decimal, octal, hex and short IPv4 literals are checked in their canonical form (127.0.0.1)', async () => {
  for (const host of ['2130706433', '0177.0.0.1', '0x7f.1', '0x7f.0.0.1.', '127.1', '017700000001']) {
    const result = await refused(`http://${host}:${receiver.port}/odd.apk`, 'blocked_address', /127\.0\.0\.1 is a loopback address/);
    assert.equal(result?.url, `http://127.0.0.1:${receiver.port}/odd.apk`);
  }
});

test('localhost, localhost. (trailing dot) and *.localhost are refused without asking DNS', async () => {
  const resolver = tableResolver({});
  for (const host of ['localhost', 'localhost.', 'LOCALHOST', 'files.localhost', 'a.b.localhost.']) {
    await refused(`http://${host}:${receiver.port}/`, 'blocked_address', /is a name for this machine, and 127\.0\.0\.1 is a loopback address/, { resolver });
  }
  assert.equal(resolver.calls.size, 0);
});

test('a host name that resolves to 127.0.0.1 is refused after resolution', async () => {
  const resolver = tableResolver({ 'files.example.test': ['127.0.0.1'] });
  await refused(`http://files.example.test:${receiver.port}/a.apk`, 'blocked_address', /files\.example\.test resolves to 127\.0\.0\.1, which is a loopback address/, { resolver });
});

test('a name with one public and one private address is refused: every resolved address is checked', async () => {
  const resolver = tableResolver({ 'mixed.example.test': ['93.184.216.34', '10.0.0.7'] });
  await refused(`http://mixed.example.test:${receiver.port}/`, 'blocked_address', /10\.0\.0\.7, which is a private-network address/, { resolver });
});

test('DNS rebinding: the name is resolved once and the checked address is the one connected to', async () => {
  // 127.0.0.1 on the receiver's port stands for a public server here (allowed); any later answer is metadata.
  const resolver = tableResolver({ 'rebind.example.test': (call) => (call === 1 ? ['127.0.0.1'] : ['169.254.169.254']) });
  const result = await guardedFetch(`http://rebind.example.test:${receiver.port}/once`, { resolver, allowAddresses: [`127.0.0.1:${receiver.port}`], timeoutMs: 3_000 });
  assert.ok(result.ok, !result.ok ? result.reason : '');
  assert.equal(result.address, '127.0.0.1');
  assert.equal(resolver.calls.get('rebind.example.test'), 1);
  const last = receiver.seen.at(-1);
  assert.equal(last?.url, '/once');
  assert.equal(last?.headers.host, `rebind.example.test:${receiver.port}`, 'the request still names the original host');
  receiver.seen.length = 0;
});

test('cloud metadata addresses are refused, even inside an allowed range, unless listed exactly', async () => {
  await refused('http://169.254.169.254/latest/meta-data/iam/', 'blocked_address', /169\.254\.169\.254 is a cloud instance-metadata address/);
  await refused('http://[fd00:ec2::254]/latest/meta-data/', 'blocked_address', /instance-metadata/);
  await refused('http://100.100.100.200/latest/meta-data/', 'blocked_address', /instance-metadata/);
  await refused('http://168.63.129.16/machine', 'blocked_address', /instance-metadata/);
  await refused('http://169.254.169.254/', 'blocked_address', /instance-metadata/, { allowAddresses: ['169.254.0.0/16'] });
  const resolver = tableResolver({ 'metadata.google.internal': ['169.254.169.254'] });
  await refused('http://metadata.google.internal/computeMetadata/v1/', 'blocked_address', /resolves to 169\.254\.169\.254, which is a cloud instance-metadata address/, { resolver });
});

test('NAT64 64:ff9b::7f00:1 (127.0.0.1 through a translator) and the local-use NAT64 prefix are refused', async () => {
  await refused(`http://[64:ff9b::7f00:1]:${receiver.port}/`, 'blocked_address', /NAT64 IPv6 address of 127\.0\.0\.1/);
  await refused(`http://[64:ff9b::a9fe:a9fe]/`, 'blocked_address', /64:ff9b::a9fe:a9fe is a cloud instance-metadata address/);
  await refused(`http://[64:ff9b:1::a00:1]/`, 'blocked_address', /local-use NAT64/);
});

test('6to4 and Teredo addresses wrapping internal IPv4 addresses are refused', async () => {
  await refused('http://[2002:7f00:1::1]/', 'blocked_address', /6to4 IPv6 address of 127\.0\.0\.1/);
  // Teredo: server 65.54.227.120 (public), client 10.0.0.1 stored inverted in the last 32 bits.
  await refused('http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/', 'blocked_address', /Teredo IPv6 address of 10\.0\.0\.1/);
});

test('private, link-local, unique-local, CGNAT, multicast, broadcast, reserved, benchmarking and documentation ranges are refused', async () => {
  const cases: [string, RegExp][] = [
    ['10.1.2.3', /private-network/],
    ['172.16.0.1', /private-network/],
    ['192.168.1.1', /private-network/],
    ['169.254.1.1', /link-local/],
    ['[fe80::1]', /link-local/],
    ['[fc00::1]', /unique-local/],
    ['[fd12:3456::1]', /unique-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['224.0.0.1', /multicast/],
    ['[ff02::1]', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['198.18.0.1', /reserved, documentation or benchmarking/],
    ['192.0.2.1', /reserved, documentation or benchmarking/],
    ['203.0.113.9', /reserved, documentation or benchmarking/],
    ['[2001:db8::1]', /reserved, documentation or benchmarking/],
    ['[2001:2::1]', /benchmarking/],
    ['[::1]', /loopback/],
  ];
  for (const [host, words] of cases) await refused(`http://${host}:${receiver.port}/`, 'blocked_address', words);
});

test('a redirect from an allowed server to 127.0.0.1 is refused at the second hop; the internal receiver sees nothing', async () => {
  const redirector = await listen((req, res) => {
    const to: Record<string, string> = {
      '/redir.apk': `http://127.0.0.1:${receiver.port}/internal-secret-after-redirect`,
      '/to-mapped': `http://[::ffff:7f00:1]:${receiver.port}/mapped`,
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-name': `http://internal.example.test:${receiver.port}/by-name`,
      '/to-file': 'file:///etc/passwd',
    };
    res.writeHead(302, { location: to[req.url ?? ''] ?? '/' }).end();
  });
  try {
    // Only the redirector's port is allowed: hop 1 passes, hop 2 (same address, other port) does not.
    const options = { allowAddresses: [`127.0.0.1:${redirector.port}`], resolver: tableResolver({ 'internal.example.test': ['127.0.0.1'] }) };
    const via = `refused to follow the redirect from ${redirector.base}/`;
    await refused(`${redirector.base}/redir.apk`, 'blocked_address', new RegExp(`^${via}redir\\.apk to http://127\\.0\\.0\\.1:${receiver.port}/internal-secret-after-redirect: 127\\.0\\.0\\.1 is a loopback address`), options);
    await refused(`${redirector.base}/to-mapped`, 'blocked_address', /IPv4-mapped IPv6 address of 127\.0\.0\.1/, options);
    await refused(`${redirector.base}/to-metadata`, 'blocked_address', /instance-metadata/, options);
    await refused(`${redirector.base}/to-name`, 'blocked_address', /internal\.example\.test resolves to 127\.0\.0\.1/, options);
    await refused(`${redirector.base}/to-file`, 'bad_scheme', /only http and https/, options);
    assert.equal(redirector.seen.length, 5, 'each first hop was made, once');
  } finally {
    await redirector.close();
  }
});

test('schemes other than http(s), user:pass@ credentials and unparseable URLs are refused before any connection', async () => {
  await refused('file:///etc/passwd', 'bad_scheme', /not file:/);
  await refused(`ftp://127.0.0.1:${receiver.port}/`, 'bad_scheme', /not ftp:/);
  await refused(`gopher://127.0.0.1:${receiver.port}/`, 'bad_scheme', /not gopher:/);
  const withCredentials = await refused(`http://admin:hunter2@example.test:${receiver.port}/`, 'credentials_in_url', /user name or password/, { allowAddresses: ['127.0.0.1'] });
  assert.doesNotMatch(withCredentials?.reason ?? '', /hunter2/, 'the password is not repeated in the reason');
  await refused('http://exa mple.test/', 'bad_url', /not a valid URL/);
});

test('with allowHosts set, other names are refused, including after a redirect', async () => {
  const cdn = await listen((req, res) => (req.url === '/hop' ? res.writeHead(302, { location: `http://other.example.test:${receiver.port}/` }).end() : res.end('photo')));
  try {
    const resolver = tableResolver({ 'cdn.example.test': ['127.0.0.1'], 'other.example.test': ['127.0.0.1'] });
    const options = { allowHosts: ['cdn.example.test'], allowAddresses: ['127.0.0.1'], resolver };
    const ok = await guardedFetch(`http://cdn.example.test:${cdn.port}/p.jpg`, options);
    assert.ok(ok.ok);
    await refused(`http://other.example.test:${receiver.port}/`, 'host_not_allowed', /other\.example\.test is not one of the hosts/, options);
    await refused(`http://127.0.0.1:${receiver.port}/`, 'host_not_allowed', /127\.0\.0\.1 is not one of the hosts/, options);
    await refused(`http://cdn.example.test:${cdn.port}/hop`, 'host_not_allowed', /redirect .* to http:\/\/other\.example\.test/, options);
  } finally {
    await cdn.close();
  }
});
