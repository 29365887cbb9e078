// The peer for the HTTP benchmark: a bare Fastify endpoint that parses the same JSON bodies and
// answers without doing any work, on the same Node and machine.
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 8 * 1024 * 1024 });
app.post('/v1/events', async (request) => ({ ok: true, id: (request.body as { id?: string }).id }));
app.post('/v1/events/batch', async (request) => ({ accepted: (request.body as { events: unknown[] }).events.length }));
const address = await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
