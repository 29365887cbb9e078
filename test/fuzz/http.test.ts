// Generated hostile input against every route the server documents (issue 12.2). The routes, their bodies,
// query strings and path parameters come from the server's own OpenAPI document, which is built from the zod
// schemas the routes validate with. For each route: valid and boundary inputs, mutated inputs, raw non-JSON bodies
// under wrong content types, and hostile headers. Every answer must be below 500, every documented answer must
// match its documented schema, and no request may hang (fast-check's per-run timeout bounds each one).
// CHAINBREAK_FUZZ_RUNS raises the run count (.ci/run sets it); the counts are printed as test diagnostics.
import { test, before, after } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { onContractDrift, type ContractDrift } from '../../src/adapters/http/response-contract.ts';
import { startTestService } from '../helpers/service.ts';
import { FUZZ_RUNS, hostileRawBody, hostileValue, mutated, SchemaArbitraries, type JsonSchema } from './arbitraries.ts';

interface Operation {
  method: string;
  path: string;
  body?: JsonSchema;
  query: { name: string; schema: JsonSchema; required: boolean }[];
  params: { name: string; schema: JsonSchema }[];
}

let cb: Awaited<ReturnType<typeof startTestService>>;
let app: FastifyInstance;
let admin: string;
let consoleCookie: string;
let operations: Operation[] = [];
let arbs: SchemaArbitraries;
const drifts: ContractDrift[] = [];
const statuses = new Map<number, number>();
let requests = 0;
let stopDrift: () => void;

// Each property run is bounded: a run that takes longer than this fails as a hang (not a timing assertion on speed).
const PER_RUN_TIMEOUT_MS = 20_000;

before(async () => {
  cb = await startTestService();
  app = await buildHttpApp(cb);
  await app.ready();
  admin = (await cb.keys.create('fuzz-admin', ['admin'])).key;
  await cb.console.users.seed([{ username: 'fuzz-admin', password: 'fuzz-password-1', role: 'admin' }]);
  const signIn = await app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'fuzz-admin', password: 'fuzz-password-1' } });
  assert.equal(signIn.statusCode, 200, signIn.body);
  consoleCookie = String(signIn.headers['set-cookie']).split(';')[0];
  const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> }; parameters?: { in: string; name: string; schema: JsonSchema; required?: boolean }[] }>>; components?: { schemas?: Record<string, JsonSchema> } };
  arbs = new SchemaArbitraries(doc.components?.schemas ?? {});
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      body: op.requestBody?.content?.['application/json']?.schema,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
    })),
  );
  stopDrift = onContractDrift((drift) => drifts.push(drift));
});

after(async () => {
  stopDrift?.();
  await app.close();
  await cb.cleanup();
});

/** encodeURIComponent, except that a lone surrogate is sent as its WTF-8 bytes (what a broken client sends). */
function encode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

function queryString(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encode(key)}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function pathWith(op: Operation, params: Record<string, unknown>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encode(String(params[name] ?? 'x')) || 'x');
}

function auth(op: Operation): Record<string, string> {
  return op.path.startsWith('/console/') ? { cookie: consoleCookie } : { authorization: `Bearer ${admin}` };
}

async function send(op: Operation, url: string, payload: string | undefined, headers: Record<string, string>): Promise<number> {
  let status: number;
  let response: Awaited<ReturnType<typeof app.inject>>;
  if (process.env.FUZZ_DEBUG) process.stderr.write(`  ${op.method} ${url.slice(0, 120)} ${payload?.length ?? 0}\n`);
  try {
    response = await app.inject({ method: op.method as 'GET', url, payload, headers });
    status = response.statusCode;
  } catch (error) {
    // light-my-request refuses header values Node itself would refuse: the server never sees them.
    if ((error as { code?: string }).code === 'ERR_INVALID_CHAR') return 0;
    throw error;
  }
  requests++;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  assert.ok(status < 500, `${op.method} ${url} -> ${status}`);
  if (status >= 400) assertErrorContract(op, url, status, response.body);
  return status;
}

/** Every refusal, whatever went wrong and wherever, is `{ error, message }` with our own code (README, API section). */
function assertErrorContract(op: Operation, url: string, status: number, body: string): void {
  let parsed: { error?: unknown; message?: unknown } | null = null;
  try {
    parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
  } catch {
    // reported below
  }
  const where = `${op.method} ${url.slice(0, 120)} -> ${status}`;
  assert.ok(parsed && typeof parsed.error === 'string' && typeof parsed.message === 'string', `${where}: not the error shape: ${body.slice(0, 200)}`);
  assert.doesNotMatch(String(parsed.error), /^FST_|^[A-Z][a-z]+ [A-Z]/, `${where}: a framework code leaked: ${body.slice(0, 200)}`);
}

function inputs(op: Operation, hostile: boolean) {
  const value = (schema: JsonSchema): fc.Arbitrary<unknown> => (hostile ? fc.oneof(arbs.valid(schema), hostileValue) : arbs.valid(schema));
  const query = fc.record(Object.fromEntries(op.query.map((q) => [q.name, value(q.schema)])), { requiredKeys: op.query.filter((q) => q.required || hostile).map((q) => q.name) });
  const params = fc.record(Object.fromEntries(op.params.map((p) => [p.name, value(p.schema)])));
  const body = op.body ? (hostile ? mutated(arbs.valid(op.body)) : arbs.valid(op.body)) : fc.constant(undefined);
  return fc.record({ query, params, body });
}

const runs = { numRuns: FUZZ_RUNS, timeout: PER_RUN_TIMEOUT_MS, interruptAfterTimeLimit: undefined } as const;

test('every documented route answers valid and boundary input below 500, matching its documented response', async (t) => {
  assert.ok(operations.length >= 40, `the OpenAPI document lists ${operations.length} operations`);
  for (const op of operations) {
    if (process.env.FUZZ_DEBUG) process.stderr.write(`valid ${op.method} ${op.path}\n`);
    await fc.assert(
      fc.asyncProperty(inputs(op, false), async ({ query, params, body }) => {
        const headers: Record<string, string> = { ...auth(op), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
        await send(op, pathWith(op, params) + queryString(query), body === undefined ? undefined : JSON.stringify(body), headers);
      }),
      runs,
    );
  }
  const summary = drifts.slice(0, 5).map((d) => `${d.method} ${d.url}: ${d.issues.join('; ')}`).join('\n');
  assert.equal(drifts.length, 0, `responses that differ from their documented schema:\n${summary}`);
  t.diagnostic(`valid input: ${operations.length} operations, ${requests} requests so far`);
});

test('mutated bodies, hostile query strings and path parameters never cause a 5xx or a hang', async (t) => {
  const before = requests;
  for (const op of operations) {
    await fc.assert(
      fc.asyncProperty(inputs(op, true), async ({ query, params, body }) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        try {
          await send(op, pathWith(op, params) + queryString(query), payload, { ...auth(op), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) });
        } catch (error) {
          // Re-thrown small: fast-check's report of a 10,000-level counterexample would itself overflow the stack.
          throw new Error(`${op.method} ${op.path} with a ${payload?.length ?? 0}-character body: ${(error as Error).message.slice(0, 500)}`);
        }
      }),
      runs,
    );
  }
  t.diagnostic(`hostile input: ${requests - before} requests`);
});

const contentTypes = fc.constantFrom(
  'application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data',
  'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/xml', '', 'application/json, text/plain', 'x/\u0000',
);
const rawQuery = fc.constantFrom('', '?tenant=', '?tenant=a&tenant=b', '?%E0%A4%A', '?tenant=%00', '?tenant[$gt]=', '?limit=-1', '?limit=1e400', '?offset=NaN', `?tenant=${'a'.repeat(20_000)}`, '?__proto__[x]=1', '?a=%uD800');

test('raw bodies under wrong content types and broken query strings never cause a 5xx or a hang', async (t) => {
  const before = requests;
  const withBody = operations.filter((op) => op.method !== 'GET');
  for (const op of operations) {
    await fc.assert(
      fc.asyncProperty(hostileRawBody, contentTypes, rawQuery, fc.constantFrom(...Object.values(auth(op)).length ? [true, false] : [false]), async (raw, type, q, withAuth) => {
        const headers: Record<string, string> = withAuth ? auth(op) : {};
        if (type) headers['content-type'] = type;
        await send(op, pathWith(op, {}) + q, withBody.includes(op) ? raw : undefined, headers);
      }),
      { ...runs, numRuns: Math.max(4, Math.ceil(FUZZ_RUNS / 2)) },
    );
  }
  t.diagnostic(`raw bodies: ${requests - before} requests`);
});

const hostileAuth = fc.oneof(
  fc.constantFrom('', 'Bearer', 'Bearer ', 'bearer x', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'k'.repeat(70_000)}`, 'Bearer \u00e9\u00e8', 'Bearer a b', 'Bearer cbk_live_\u0085'),
  fc.string({ maxLength: 100 }).map((s) => `Bearer ${s}`),
);
const hostileCookie = fc.oneof(fc.constantFrom('', 'cb_session=', 'cb_session=../../x', `cb_session=${'c'.repeat(10_000)}`, 'a=b; a=c'), fc.string({ maxLength: 60 }));

test('hostile authorisation headers and cookies are refused below 500', async (t) => {
  const before = requests;
  for (const op of operations) {
    await fc.assert(
      fc.asyncProperty(hostileAuth, hostileCookie, async (authorization, cookie) => {
        await send(op, pathWith(op, {}), op.method === 'GET' ? undefined : '{}', { authorization, cookie, 'content-type': 'application/json' });
      }),
      { ...runs, numRuns: Math.max(3, Math.ceil(FUZZ_RUNS / 3)) },
    );
  }
  t.diagnostic(`hostile headers: ${requests - before} requests`);
  t.diagnostic(`total: ${operations.length} operations, ${requests} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
});

// One invalid event, anywhere in a batch, rejects the whole batch: nothing of it is stored.
const breakEvent = fc.constantFrom<(e: Record<string, unknown>) => Record<string, unknown>>(
  (e) => ({ ...e, time: 42 }),
  (e) => ({ ...e, time: 'yesterday' }),
  (e) => ({ ...e, type: 'message.deleted' }),
  (e) => ({ ...e, id: '' }),
  (e) => ({ ...e, tenant: ['fuzz'] }),
  (e) => ({ ...e, id: undefined }),
  (e) => ({ ...e, time: '2026-13-45T99:00:00Z' }),
);

test('a bad event in a batch stores nothing of the batch', async (t) => {
  const batchOp = operations.find((op) => op.method === 'POST' && op.path === '/v1/events/batch');
  assert.ok(batchOp?.body, 'the batch route documents its body');
  const eventSchema = arbs.resolve(arbs.resolve(batchOp.body).properties!.events).items!;
  const events = fc.array(arbs.valid(eventSchema), { minLength: 1, maxLength: 6 });
  let batches = 0;
  await fc.assert(
    fc.asyncProperty(events, fc.nat(), breakEvent, async (generated, position, breaker) => {
      const ids = generated.map(() => `fuzz-${randomUUID()}`);
      const batch: Record<string, unknown>[] = generated.map((e, i) => ({ ...(e as Record<string, unknown>), id: ids[i], tenant: 'fuzz' }));
      const at = position % (batch.length + 1);
      const bad = breaker({ ...batch[Math.min(at, batch.length - 1)], id: `fuzz-bad-${randomUUID()}` });
      batch.splice(at, 0, bad);
      const status = await send(batchOp, '/v1/events/batch', JSON.stringify({ events: batch }), { authorization: `Bearer ${admin}`, 'content-type': 'application/json' });
      assert.equal(status, 400);
      const stored = await cb.db.selectFrom('events').select('id').where('id', 'in', [...ids, String(bad.id)]).execute();
      assert.deepEqual(stored, [], 'nothing of a rejected batch is stored');
      batches++;
    }),
    { ...runs, numRuns: FUZZ_RUNS * 2 },
  );
  t.diagnostic(`rejected batches: ${batches}, none stored`);
});
