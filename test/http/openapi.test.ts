import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpApp } from '../../src/adapters/http/server.ts';
import { startTestService } from '../helpers/service.ts';
import { SESSION_COOKIE } from '../../src/modules/console/http.ts';

type Op = { tags?: string[]; summary?: string; requestBody?: { content: Record<string, { schema: unknown }> }; responses?: Record<string, { content?: Record<string, { schema: unknown }> }> };

test('the OpenAPI document covers every API route with a tag, a summary and request and response schemas', async (t) => {
  const cb = await startTestService();
  const app = await buildHttpApp(cb);
  t.after(async () => {
    await app.close();
    await cb.cleanup();
  });
  await app.ready();
  const doc = app.swagger() as { paths: Record<string, Record<string, Op>> };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })));
  assert.ok(operations.length >= 50, `${operations.length} operations`);
  for (const { id, op } of operations) {
    assert.ok(op.tags?.length && !op.tags.includes('default'), `${id} has a tag`);
    assert.ok(op.summary && op.summary.length > 10, `${id} has a summary`);
    const ok = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'));
    assert.ok(ok?.[1].content, `${id} documents its success answer`);
    assert.ok(op.responses?.['400']?.content, `${id} documents its error answer`);
    if (id.startsWith('POST') && !/\/(claim|release|disable|enable|import|scan|hash|pull)$|\/session$/.test(id.split(' ')[1])) {
      assert.ok(op.requestBody?.content?.['application/json'], `${id} documents its body`);
    }
  }
  // Routes the server answers are in the document.
  for (const url of ['/v1/events', '/v1/rings/links', '/console/api/cases/:id/close', '/help/api/reports/status']) {
    assert.ok(app.hasRoute({ method: 'POST', url }), url);
    assert.ok(doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.post, `${url} is documented`);
  }
  const paths = Object.keys(doc.paths);
  // /m/ is the HMA-compatible matching API (the exchange module): HMA's own paths.
  assert.ok(!paths.some((p) => !/^\/(v1|console\/api|help\/api|m)\//.test(p)), 'web pages and assets are not in the API document');
  const ingest = doc.paths['/v1/events'].post;
  const body = JSON.stringify(ingest.requestBody);
  assert.match(body, /voicefix\.example/, 'the ingest body has a realistic example');
  const decisionExample = JSON.stringify((doc as unknown as { components: { schemas: Record<string, { examples?: unknown }> } }).components.schemas.Decision.examples);
  assert.match(decisionExample, /warn_recipient/, 'the decision has a realistic example');
});

test('shared schemas are named components, referenced by $ref from the routes', async (t) => {
  const cb = await startTestService();
  const app = await buildHttpApp(cb);
  t.after(async () => {
    await app.close();
    await cb.cleanup();
  });
  await app.ready();
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };
  for (const name of ['ApiError', 'Decision', 'Signal', 'Reason', 'Span', 'Action', 'Warning', 'RingProfile']) {
    assert.ok(doc.components.schemas[name], `${name} is a component`);
  }
  const text = JSON.stringify(doc);
  for (const name of Object.keys(doc.components.schemas)) {
    assert.ok(text.includes(`"#/components/schemas/${name}"`), `${name} is referenced (no dead components)`);
  }
  const decision = JSON.stringify(doc.paths['/v1/decisions/{id}'].get.responses);
  assert.match(decision, /"#\/components\/schemas\/Decision"/);
  assert.match(decision, /"#\/components\/schemas\/ApiError"/, 'error answers share one schema');
  assert.match(JSON.stringify(doc.components.schemas.Span), /UTF-16/, 'span offsets say what they count');
  const security = (path: string, method: string) => (doc.paths[path][method] as { security?: unknown }).security;
  assert.equal(security('/v1/events', 'post'), undefined, 'platform routes use the default: the API key');
  assert.deepEqual(security('/help/api/reports', 'post'), [], 'the help page needs no credentials');
  assert.deepEqual(security('/console/api/session', 'post'), [], 'signing in needs none');
  assert.deepEqual(security('/console/api/session', 'get'), [], 'asking whether one is signed in needs none');
  assert.deepEqual(security('/console/api/cases/{id}/close', 'post'), [{ consoleSession: [] }]);
  const schemes = (doc as unknown as { components: { securitySchemes: Record<string, { name?: string }> } }).components.securitySchemes;
  assert.equal(schemes.consoleSession.name, SESSION_COOKIE, 'the documented cookie is the one the console sets');
  const ingest = doc.paths['/v1/events'].post.responses ?? {};
  assert.ok(ingest['413']?.content && ingest['415']?.content, 'a JSON route documents its size and content-type answers');
});
