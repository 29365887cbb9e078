// POST /v1/text/analyze: the same analysis as `chainbreak text analyze`, for one text or a batch of items.
// A single bad text is a 400 naming the problem; in a batch, each bad item gets its own error and the rest
// are analysed.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TEXT_LABELS } from '../../core/signals.ts';
import { ENTITY_TYPES } from './types.ts';
import { analyzeRecord } from './input.ts';
import { HttpError } from '../../adapters/http/fastify.ts';
import { errorResponses } from '../../adapters/http/schemas.ts';

export interface TextRouteDeps {
  /** Largest batch accepted in one request. */
  maxItems?: number;
}

const Lang = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z]{2,8})?$/, 'lang must be a language code such as "en", "tl" or "hi-Latn"');
const Item = z.object({ id: z.string().min(1).max(200), text: z.string(), lang: Lang.optional() });
const Body = z.union([z.object({ text: z.string(), lang: Lang.optional() }), z.object({ items: z.array(Item).min(1).max(1000) })]);

const Scores = z.object(Object.fromEntries(TEXT_LABELS.map((l) => [l, z.number()])) as Record<(typeof TEXT_LABELS)[number], z.ZodNumber>);
const SpanOut = z.object({ field: z.string(), start: z.number(), end: z.number(), text: z.string().optional() });
const Result = z.object({
  /** The caller's item id; absent for a single `{text}` body, which has none. */
  id: z.string().optional(),
  labels: z.array(z.enum(TEXT_LABELS)),
  scores: Scores,
  entities: z.array(z.object({ type: z.enum(ENTITY_TYPES), value: z.string(), start: z.number(), end: z.number(), detail: z.record(z.string(), z.string()).optional() })),
  lang: z.string(),
  evidence: z.record(z.string(), z.array(SpanOut)),
  notes: z.array(z.string()).optional(),
});
const ItemError = z.object({ id: z.string().nullable(), error: z.string() });
const Response = z.union([Result, z.object({ results: z.array(z.union([Result, ItemError])) })]);

export async function registerTextRoutes(app: FastifyInstance, deps: TextRouteDeps = {}): Promise<void> {
  const maxItems = deps.maxItems ?? 1000;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/text/analyze',
    {
      schema: {
        tags: ['text'],
        summary: 'Detect sextortion stages and extract entities in chat text',
        description: 'Body {text, lang?} returns one result; {items:[{id,text,lang?}]} returns {results:[...]} with a per-item error for bad items.',
        body: Body.meta({ examples: [{ text: 'my audio is broken, install this app to fix it: http://voicefix.example/fix.apk', lang: 'en' }, { items: [{ id: 'm1', text: 'pay 500 usd by western union or the video goes to your family' }] }] }),
        response: { 200: Response, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      if ('text' in body) {
        const result = analyzeRecord({ id: 'text', text: body.text, lang: body.lang }, 'text');
        if (!result.ok) throw new HttpError(400, 'invalid_text', result.output.error, [{ path: 'body.text', message: result.output.error }]);
        // A single text has no id of the caller's: answering one would read like a record id.
        const { id: _none, ...analysis } = result.output;
        return analysis;
      }
      if (body.items.length > maxItems) throw new HttpError(400, 'too_many_items', `at most ${maxItems} items per request`);
      return { results: body.items.map((item) => analyzeRecord(item, item.id).output) };
    },
  );
}
