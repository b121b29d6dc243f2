import type * as z from '../zod.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Problem statuses an operation may answer with. Those that follow from the contract's shape
 * are added by {@link problemStatusesOf} (400 and 422 always, 401 and 403 for a guarded route,
 * 413/415 for a body, 412/428 for a required If-Match); a route lists the others (404, 409,
 * ...) in `problems`.
 */
export const PROBLEM_STATUSES = [
  400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 422, 428, 429, 503,
] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** Request headers the API reads, by lower-case name. */
export const REQUEST_HEADERS = {
  'if-match':
    'The ETag of the version the update is based on, as read (`"7"`). Compared strongly (RFC 9110): a weak tag such as `W/"7"` never matches (412).',
  'idempotency-key':
    'A client-chosen key (8-64 of A-Z a-z 0-9 - _): a retry with it replays the first answer.',
  'x-access-purpose': 'Why unmasked personal data is needed (audited).',
} as const;
export type RequestHeaderName = keyof typeof REQUEST_HEADERS;

/** Response headers an operation may set, by lower-case name. */
export const RESPONSE_HEADERS = {
  etag: 'The version of the resource, as a strong entity tag; send it back in If-Match.',
  location: 'The URL of the resource the request created.',
  'idempotent-replayed':
    '`true` when the answer is the replay of an earlier request with the same Idempotency-Key.',
} as const;
export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

/** One success answer of an operation. */
export interface ResponseContract {
  readonly description: string;
  /** The body's schema; absent for an answer without a body. */
  readonly schema?: z.core.$ZodType;
  readonly headers?: readonly ResponseHeaderName[];
  /** A realistic example body (synthetic data only). */
  readonly example?: unknown;
  /**
   * The same answer as text in other media types, chosen by the request's `Accept`
   * (`preferredMediaType`; JSON stays the default): a CSV export. The route sends the text as
   * its body with that content type (`toHttpResult` passes a non-JSON string through).
   */
  readonly textForms?: readonly TextForm[];
}

/** An answer's text form in another media type, with a realistic example (synthetic data only). */
export interface TextForm {
  readonly mediaType: string;
  readonly example: string;
}

/**
 * Everything a client and the platform need to know about one operation, as data: the route
 * key, the policy action, what the request may carry (each part with its strict zod schema)
 * and every answer it gives. The OpenAPI document, API Gateway's routes, the local cloud and
 * the handler's validation all read it; the implementation is bound to it separately
 * (`implementRoutes`), so the contract can be read without building a handler.
 */
export interface RouteContract<TBody = unknown, TQuery = unknown, TParams = unknown> {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/customers/{customerId}`. */
  readonly path: string;
  /** One line for the reference documentation. */
  readonly summary: string;
  readonly description?: string;
  /**
   * The policy action the operation performs, checked (by role) before anything else is read;
   * record-level scope is checked by the service. `null` marks a public route (no token).
   */
  readonly action: string | null;
  /** Strict object schema of the path parameters (one key per `{name}` in the path). */
  readonly params?: z.core.$ZodType<TParams>;
  readonly query?: z.core.$ZodType<TQuery>;
  readonly body?: z.core.$ZodType<TBody>;
  /**
   * What a well-formed body looks like, for the documentation, when `body` validates less on
   * purpose (a batch whose items are validated one by one, each with its own result), or checks
   * in one object what JSON Schema says better as a union (exactly one of two fields).
   */
  readonly documentedBody?: z.core.$ZodType;
  readonly headers?: Readonly<Partial<Record<RequestHeaderName, 'required' | 'optional'>>>;
  /** Success answers by status (200, 201, 202, 204). */
  readonly responses: Readonly<Record<number, ResponseContract>>;
  /** Problem statuses specific to this operation (see {@link problemStatusesOf} for the rest). */
  readonly problems?: readonly ProblemStatus[];
  /** Largest accepted body in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /**
   * A lookup by personal data (a search): API Gateway throttles it tighter than any other route
   * (docs/operations.md, API throttling), on top of the function's own per-caller limit.
   */
  readonly lookup?: boolean;
}

/** A contract whatever its types: what lists of routes hold. */
export type AnyRouteContract = RouteContract<unknown, unknown, unknown>;

/**
 * Where the routes a customer reaches without a token live (`action: null`, authorised by what
 * their path carries, e.g. a signed survey link). API Gateway throttles them with the stricter
 * `public` class (shared/capability/define.ts `routeSpecsOf`).
 */
export const PUBLIC_PREFIX = '/v1/public/';

/** The path parameter names of a template: `/v1/a/{id}/b/{k}` → `['id', 'k']`. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^/}+]+)\+?\}/g)].map((match) => match[1] ?? '');
}

/**
 * Declares an operation, checking what can be checked without running it: a path under `/v1`,
 * at least one success answer, and a parameter schema exactly when the path has parameters.
 * @example
 *   export const getThing = defineRoute({
 *     method: 'GET', path: '/v1/things/{thingId}', summary: 'Read a thing', action: 'thing:read',
 *     params: z.strictObject({ thingId: idParam }),
 *     responses: { 200: { description: 'The thing', schema: thingSchema, headers: ['etag'] } },
 *     problems: [404],
 *   });
 */
export function defineRoute<
  TBody = undefined,
  TQuery = Record<string, never>,
  TParams = Record<string, never>,
>(contract: RouteContract<TBody, TQuery, TParams>): RouteContract<TBody, TQuery, TParams> {
  const key = `${contract.method} ${contract.path}`;
  if (!contract.path.startsWith('/v1/')) throw new Error(`${key}: every path is under /v1/`);
  const statuses = Object.keys(contract.responses).map(Number);
  if (statuses.length === 0 || statuses.some((status) => status < 200 || status > 299)) {
    throw new Error(`${key}: declare at least one success response, and only 2xx statuses there`);
  }
  const names = pathParameterNames(contract.path);
  if (names.length > 0 !== (contract.params !== undefined)) {
    throw new Error(`${key}: a path with parameters needs a params schema, and only such a path`);
  }
  // A public route reads no header (nothing to authorise it there). Only a route under
  // `/v1/public/`, whose path carries what authorises it (a signed survey link), takes a body.
  if (contract.action === null && contract.headers !== undefined) {
    throw new Error(`${key}: a public route takes no headers`);
  }
  if (contract.action === null && contract.body !== undefined && !contract.path.startsWith(PUBLIC_PREFIX)) {
    throw new Error(`${key}: only a public route under ${PUBLIC_PREFIX} takes a body`);
  }
  return contract;
}

/**
 * Every problem status an operation can answer with: those its shape implies plus its own.
 * 405 is a property of the path, not of the operation, and is documented once for the API.
 */
export function problemStatusesOf(contract: AnyRouteContract): ProblemStatus[] {
  // Every operation refuses a body it does not take (400) and query parameters it does not
  // declare (422), whatever its contract says.
  const statuses = new Set<ProblemStatus>([400, 422, ...(contract.problems ?? [])]);
  if (contract.action !== null) {
    statuses.add(401);
    statuses.add(403);
  }
  if (contract.body !== undefined) {
    statuses.add(413);
    statuses.add(415);
  }
  if (contract.headers?.['if-match'] === 'required') {
    statuses.add(412);
    statuses.add(428);
  }
  return [...statuses].sort((a, b) => a - b);
}
