// fast-check arbitraries derived from the OpenAPI document the server publishes (which fastify-type-provider-zod
// builds from the very zod schemas the routes validate with): valid values, boundary values (exactly at the
// lengths and counts the schema allows, and one past them), and hostile values (deep nesting, huge arrays,
// megabyte strings, lone surrogates, NUL and C1 controls, bidi overrides, prototype keys).
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
};

/** The number of runs per property: small in `npm test`, larger when CHAINBREAK_FUZZ_RUNS is set (.ci/run). */
export const FUZZ_RUNS = Math.max(1, Number(process.env.CHAINBREAK_FUZZ_RUNS ?? '') || 6);

export class SchemaArbitraries {
  readonly #components: Record<string, JsonSchema>;

  constructor(components: Record<string, JsonSchema> = {}) {
    this.#components = components;
  }

  resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let hops = 0; s.$ref && hops < 10; hops++) s = this.#components[s.$ref.split('/').pop()!] ?? {};
    return s;
  }

  /** Values the schema accepts (as far as its keywords say), at the boundaries some of the time. */
  valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema) return fc.constant(undefined);
    const s = this.resolve(schema);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const union = s.anyOf ?? s.oneOf;
    if (union) return fc.oneof(...union.map((u) => this.valid(u, depth + 1)));
    if (s.allOf) return this.valid(Object.assign({}, ...s.allOf.map((a) => this.resolve(a))), depth);
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const base = this.#validOfType(types.find((t) => t !== 'null') ?? (s.properties ? 'object' : undefined), s, depth);
    return types.includes('null') || s.nullable ? fc.oneof(base, fc.constant(null)) : base;
  }

  #validOfType(type: string | undefined, s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'string':
        return this.#string(s);
      case 'integer':
      case 'number': {
        const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1e6;
        const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : 1e6;
        const lo = Math.max(min, -1e9);
        const hi = Math.min(max, 1e9);
        return type === 'integer'
          ? fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), fc.constantFrom(Math.ceil(lo), Math.floor(hi)))
          : fc.oneof(fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(lo, hi));
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const minLength = s.minItems ?? 0;
        const maxLength = Math.min(s.maxItems ?? 4, minLength + 4, depth > 3 ? minLength + 1 : 99);
        return fc.array(this.valid(s.items ?? {}, depth + 1), { minLength, maxLength });
      }
      case 'object': {
        if (!s.properties) return depth > 3 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
        const required = new Set(s.required ?? []);
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, value] of Object.entries(s.properties)) model[key] = this.valid(value, depth + 1);
        return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  #string(s: JsonSchema): fc.Arbitrary<string> {
    if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    if (s.format === 'email') return fc.emailAddress();
    if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
    if (s.pattern) {
      try {
        const re = new RegExp(s.pattern);
        const min = s.minLength ?? 0;
        const max = s.maxLength ?? Infinity;
        // No filter (a filter that rarely passes would spin forever): stretch a match to the length bounds, and
        // if that breaks the pattern, send it anyway (it is then a boundary case the route must refuse cleanly).
        return fc.stringMatching(re).map((v) => {
          let out = v;
          while (out.length < min && v.length > 0) out += v;
          return out.slice(0, max);
        });
      } catch {
        // an ECMAScript pattern fast-check cannot invert: fall through to plain strings
      }
    }
    const minLength = s.minLength ?? 0;
    const maxLength = s.maxLength ?? 64;
    const edges = [minLength, maxLength].filter((n) => n <= 100_000).map((n) => 'a'.repeat(n));
    return fc.oneof(
      { weight: 6, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 24), unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.constantFrom(...edges) },
    );
  }
}

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b'];
const CONTROLS = ['\u0000', 'a\u0000b', '\u0085', '\u009b[31m', '\u001b[2J', '\u202e', '\u2066', '\ufeff', '\u200b'];

/** One hostile value of any JSON type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...LONE_SURROGATES, ...CONTROLS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '-1', 'NaN', 'Infinity', '1e309', 'null', 'true', '__proto__', 'constructor', '../../etc/passwd', '%00', '\\u0000'),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, -0, 2 ** 53),
  fc.constantFrom(null, true, false, [], {}, [[[]]], { __proto__: { admin: true } }, { constructor: { prototype: {} } }),
  fc.integer({ min: 2, max: 20 }).map((n) => 'x'.repeat(10 ** Math.min(n, 6) / 10)), // up to 100 kB
  fc.integer({ min: 1, max: 3 }).map((n) => Array.from({ length: 10 ** (n + 2) }, (_, i) => i)), // up to 100,000 items
  fc.integer({ min: 1, max: 3 }).map((n) => nest(10 ** n)), // up to 1,000 levels (the raw bodies go to 100,000)
);

/** `[[[…]]]` nested `levels` deep, built without recursion. */
export function nest(levels: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

/** A valid object with one field replaced by a hostile value, a required field dropped, or a stray field added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, hostileValue, fc.nat(), fc.constantFrom('replace', 'drop', 'add', 'wrap')).map(([value, hostile, pick, how]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return how === 'wrap' ? [value] : hostile;
    const copy = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? keys[pick % keys.length] : 'x';
    if (how === 'replace') copy[key] = hostile;
    else if (how === 'drop') delete copy[key];
    else if (how === 'add') copy[`stray_${pick % 7}`] = hostile;
    else return [copy];
    return copy;
  });
}

/** Raw bodies no JSON parser should choke on: not JSON, truncated, BOMs, 10 MB, deeply nested text. */
export const hostileRawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '1', '\ufeff{}', '{"a":1}{"b":2}', '{"__proto__":{"x":1}}', '\u0000', '{"text":"\ud800"}'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(10, 100, 100_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.constant(`{"text":"${'a'.repeat(10 * 1024 * 1024)}"}`), // 10 MB: over the body limit
);
