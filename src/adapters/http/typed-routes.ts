// Routes typed from their zod schemas on the request side: `request.body`, `.query` and `.params` are the types
// zod validated (no casts in handlers). Answers are deliberately left untyped here: the response schemas are loose
// documentation of what a client may rely on (schemas.ts), checked at run time by the contract observer
// (response-contract.ts, test/fuzz), and a loose zod object has an index signature that the domain's interfaces
// (Decision, ActionTarget, …) do not, so typing answers from them would force casts back into every handler.
import type { FastifyInstance, FastifyTypeProvider } from 'fastify';
import type { $ZodType, output } from 'zod/v4/core';

export interface ZodRequestTypes extends FastifyTypeProvider {
  validator: this['schema'] extends $ZodType ? output<this['schema']> : unknown;
  serializer: unknown;
}

/** The same instance, seen with request types inferred from each route's zod schemas. */
export function typedRoutes(app: FastifyInstance) {
  return app.withTypeProvider<ZodRequestTypes>();
}
