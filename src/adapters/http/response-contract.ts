// Response schemas document the API (OpenAPI) and are checked by the tests, but never enforced at run time: a
// field the schema forgot must not turn a good answer into a 500, and an answer must not lose fields because the
// documentation lags. So the serializer sends exactly what the handler returned (as plain JSON.stringify would)
// and reports any difference from the documented schema to the registered observers; the generated-input tests
// (test/fuzz) fail on every such drift.
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

export interface ContractDrift {
  method: string;
  url: string;
  issues: string[];
}

const observers = new Set<(drift: ContractDrift) => void>();

/** Calls `observer` for every response that does not match its documented schema; returns the unsubscribe. */
export function onContractDrift(observer: (drift: ContractDrift) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

export const contractSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  const zodSchema = isZod(schema) ? schema : undefined;
  return (data: unknown) => {
    if (zodSchema && observers.size > 0) {
      const checked = zodSchema.safeParse(data);
      if (!checked.success) {
        const issues = checked.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        for (const observer of observers) observer({ method, url, issues });
      }
    }
    return JSON.stringify(data);
  };
};
