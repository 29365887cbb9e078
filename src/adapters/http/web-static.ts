// The built web app (web/, `npm run build:web`): the moderators' console at / and the victims' help page at /help.
// It is served by the HTTP adapter, not by the console module, because the web app is one bundle for every area.
import { existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './fastify.ts';

/**
 * Serves the built web app: assets from `distDir`, and index.html for / , /help and every client-side
 * route under them (so a reload on /cases/abc works). API paths are never answered with the app.
 */
export async function registerWebStatic(app: FastifyInstance, options: { distDir: string }): Promise<void> {
  const index = `${options.distDir}/index.html`;
  if (!existsSync(index)) {
    app.get('/', async (_request, reply) => reply.type('text/plain').send('The web console is not built; run `npm run build:web`.'));
    return;
  }
  const fastifyStatic = (await import('@fastify/static')).default;
  await app.register(fastifyStatic, { root: options.distDir, prefix: '/', index: false, wildcard: false, cacheControl: false });
  // Same-origin only: the help page must not be able to send anything (an image, a hash) anywhere else.
  const csp = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  const sendApp = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('content-security-policy', csp).sendFile('index.html');
  app.get('/', sendApp);
  app.get('/help', sendApp);
  app.get('/help/*', async (request, reply) => {
    if (request.url.startsWith('/help/api/')) throw new HttpError(404, 'not_found', `no route ${request.method} ${request.url}`);
    return sendApp(request, reply);
  });
  for (const route of ['/cases/*', '/dashboard', '/rules', '/audit', '/reports']) app.get(route, sendApp);
}
