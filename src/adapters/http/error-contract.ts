// The pieces of the error contract that translate what Fastify and zod say into what an integrator can act on:
// every answer is `{ error, message, fields? }` with one of our own codes, never a framework's internal code
// (`FST_ERR_…`) that no client can document or switch on, and never a schema message such as "expected string,
// received undefined" that does not say what to send.

export interface ErrorAnswer {
  status: number;
  error: string;
  message: string;
}

/** Fastify's own transport errors (body parsing, limits, URL), by code, as our status, code and message. */
const FRAMEWORK_ERRORS: Record<string, (contentType: string | undefined) => ErrorAnswer> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({ status: 400, error: 'invalid_json', message: 'the body is not valid JSON' }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({ status: 400, error: 'empty_body', message: 'the body is empty; send a JSON object' }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (contentType) => unsupportedMediaType(contentType),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({ status: 400, error: 'invalid_content_length', message: 'the content-length header does not match the body' }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({ status: 413, error: 'body_too_large', message: 'the body is larger than this route accepts; split a batch into smaller ones' }),
  FST_ERR_CTP_INVALID_TYPE: (contentType) => unsupportedMediaType(contentType),
  FST_ERR_BAD_URL: () => ({ status: 400, error: 'invalid_url', message: 'the URL is malformed (check its percent-escapes)' }),
};

/** Our answer for a Fastify transport error, or null when `raw` is not one. */
export function frameworkError(raw: { code?: unknown; message: string; statusCode?: unknown }, contentType: string | undefined): ErrorAnswer | null {
  const map = typeof raw.code === 'string' ? FRAMEWORK_ERRORS[raw.code] : undefined;
  if (map) return map(contentType);
  const status = typeof raw.statusCode === 'number' ? raw.statusCode : 500;
  if (typeof raw.code === 'string' && raw.code.startsWith('FST_ERR_') && status >= 400 && status < 500) {
    // An unlisted client error from the framework: keep its words and status but not its internal code. Server
    // errors (serialization, schema) are not listed on purpose: they stay 500s whose details only the log sees.
    return { status, error: 'bad_request', message: raw.message };
  }
  return null;
}

export function unsupportedMediaType(contentType: string | undefined): ErrorAnswer {
  const got = contentType ? `"${contentType.split(';', 1)[0].trim()}"` : 'no content-type';
  return { status: 415, error: 'unsupported_media_type', message: `this route takes a JSON body: send "content-type: application/json" (got ${got})` };
}

/** Whether a content-type header names JSON (`application/json`, `application/problem+json`, with parameters). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Rewrites zod's wording where it does not tell the caller what to send: a missing field is "required", a
 * non-number query parameter "must be a number", and a missing query parameter says how to add it.
 */
export function describeIssue(path: string, message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  if (missing) {
    const [where, ...rest] = path.split('.');
    if (where === 'querystring' && rest.length === 1) return `required: add ?${rest[0]}=… to the URL`;
    return `required (${missing[1]})`;
  }
  if (/^Invalid input: expected number, received NaN$/.test(message)) return 'must be a number';
  if (message === 'Too small: expected string to have >=1 characters') return 'must not be empty';
  return message;
}

interface SubIssue {
  path?: PropertyKey[];
  message?: string;
}

/**
 * zod reports a body that matches no branch of a union as just "Invalid input". Say what each accepted shape
 * lacked instead: "either text: required (string), or items: required (array)".
 */
export function describeUnion(path: string, branches: unknown): string | null {
  if (!Array.isArray(branches) || branches.length === 0 || !branches.every(Array.isArray)) return null;
  const shapes = (branches as SubIssue[][]).slice(0, 4).map((issues) =>
    issues
      .slice(0, 2)
      .map((issue) => {
        const sub = (issue.path ?? []).map(String).join('.');
        const message = describeIssue(sub ? `${path}.${sub}` : path, issue.message ?? 'invalid');
        return sub ? `${sub}: ${message}` : message;
      })
      .join(', '),
  );
  return `matches none of the accepted shapes: either ${shapes.join(', or ')}`;
}

/** The routes' paths by method, to tell "no such path" (404) from "not with this method" (405 with `allow`). */
export class RouteIndex {
  private readonly routes: { pattern: RegExp; method: string }[] = [];

  add(url: string, methods: string | string[]): void {
    const pattern = new RegExp(`^${url.split('/').map(segmentPattern).join('/')}/?$`);
    for (const method of Array.isArray(methods) ? methods : [methods]) this.routes.push({ pattern, method });
  }

  /** The methods that would answer `path`, in a stable order. */
  allowed(path: string): string[] {
    const methods = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    return [...methods].sort();
  }
}

function segmentPattern(segment: string): string {
  if (segment === '*') return '.*';
  if (segment.startsWith(':')) return '[^/]+';
  return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
