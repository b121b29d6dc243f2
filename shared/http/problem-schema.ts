import * as z from '../zod.js';
import { PROBLEM_TYPE_BASE } from './problem.js';

/**
 * Response schemas of the errors the HTTP API returns, for the OpenAPI document and contract
 * tests. Two shapes reach a client:
 *
 * - {@link problemDocumentSchema}: the RFC 9457 `application/problem+json` body every refusal
 *   and fault of a capability Lambda becomes (`problemDocument` in problem.ts);
 * - {@link gatewayErrorSchema}: API Gateway's own `{"message": …}` body, for what is refused
 *   before any Lambda runs (no or a bad token: 401; no such route or method: 404; a body over
 *   10 MB: 413; an integration failure or timeout: 500/503). Clients must handle both.
 *
 * Built lazily, like the request schemas: a handler that imports a route contract must not pay
 * for building every response schema at cold start.
 */

/** Escapes a literal for use inside a regular expression. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `https://fincrm.dev/problems/<slug>`: the slug is stable and documented per status. */
const PROBLEM_TYPE = new RegExp(`^${literally(PROBLEM_TYPE_BASE)}[a-z][a-z-]*$`);

/** One field-level complaint: `path` dotted (`legalRepresentative.idNumber`, '' for the value itself). */
export const fieldErrorSchema = z.lazy(() =>
  z.strictObject({
    path: z.string(),
    message: z.string().check(z.minLength(1)),
  }),
);

function problemShape() {
  return {
    type: z.string().check(z.regex(PROBLEM_TYPE, `must be a problem type under ${PROBLEM_TYPE_BASE}`)),
    title: z.string().check(z.minLength(1)),
    status: z.number().check(z.int(), z.gte(400), z.lte(599)),
    /** Sent as is: never personal information or internals. */
    detail: z.string().check(z.minLength(1)),
    /** Stable machine-readable code (`access-denied`, `stale-version`, …); the type's slug by default. */
    code: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case code')),
    /** The request path (a relative URI reference). */
    instance: z.optional(z.string()),
    /** API Gateway's request id: quote it when reporting a problem. */
    requestId: z.optional(z.string()),
  };
}

/**
 * RFC 9457 problem details as the API serialises them (`ProblemDocument`): `type`, `title`,
 * `status`, `detail` and `code` always; `instance` and `requestId` when known; `errors` on
 * validation problems. Strict: the body carries nothing else (no stack, no internal reason).
 */
export const problemDocumentSchema = z.lazy(() =>
  z
    .strictObject({ ...problemShape(), errors: z.optional(z.array(fieldErrorSchema)) })
    .check(z.describe('RFC 9457 problem details (application/problem+json)')),
);
export type ProblemDocumentBody = z.infer<typeof problemDocumentSchema>;

/**
 * A 422 validation problem: `errors` is always there, one entry per field (an unknown field is
 * reported as `Unknown field` at its path). Also the shape of a business-rule refusal of the
 * request (customers' `evidence-required`, `birth-date-mismatch`, …), with one entry.
 */
export const validationProblemSchema = z.lazy(() =>
  z
    .strictObject({
      ...problemShape(),
      status: z.literal(422),
      errors: z.array(fieldErrorSchema).check(z.minLength(1)),
    })
    .check(z.describe('RFC 9457 validation problem: errors says which fields are wrong')),
);

/**
 * API Gateway's own error body, returned before (or instead of) the capability Lambda: not a
 * problem document and not `application/problem+json`.
 */
export const gatewayErrorSchema = z.lazy(() =>
  z
    .strictObject({ message: z.string().check(z.minLength(1)) })
    .check(z.describe('API Gateway error (not RFC 9457): missing token, unknown route, integration failure')),
);

/** Example: one field's complaint in a validation problem. */
export const fieldErrorExample = {
  path: 'legalRepresentative.idNumber',
  message: 'is not a valid prc-id number',
} satisfies z.input<typeof fieldErrorSchema>;

/** Example: a record that does not exist, or that the caller may not see (the same answer). */
export const problemDocumentExample = {
  type: `${PROBLEM_TYPE_BASE}not-found`,
  title: 'Not found',
  status: 404,
  detail: 'No customer with this id is visible to you',
  code: 'not-found',
  instance: '/v1/customers/cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
  requestId: 'c0ffee00-1234-4abc-9def-0123456789ab',
} satisfies z.input<typeof problemDocumentSchema>;

/** Example: a body that breaks the request schema. */
export const validationProblemExample = {
  type: `${PROBLEM_TYPE_BASE}validation`,
  title: 'Validation failed',
  status: 422,
  detail: 'The request body is not valid',
  code: 'validation',
  instance: '/v1/customers',
  requestId: 'c0ffee00-1234-4abc-9def-0123456789ac',
  errors: [
    { path: 'mobile', message: 'must be a mainland mobile number' },
    { path: 'password', message: 'Unknown field' },
  ],
} satisfies z.input<typeof validationProblemSchema>;

/** Example: API Gateway refusing a request without a valid bearer token. */
export const gatewayErrorExample = { message: 'Unauthorized' } satisfies z.input<typeof gatewayErrorSchema>;
