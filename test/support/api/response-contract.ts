import type { Middleware } from 'openapi-fetch';
import { GATEWAY_STATUSES } from '../../../infra/openapi.js';
import { type AnyRouteContract, problemStatusesOf, RESPONSE_HEADERS } from '../../../shared/http/contract.js';
import {
  gatewayErrorSchema,
  problemDocumentSchema,
  validationProblemSchema,
} from '../../../shared/http/problem-schema.js';
import * as z from '../../../shared/zod.js';

/** An answer of the API that its route contract (and so the OpenAPI document) does not describe. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/**
 * openapi-fetch middleware that checks every answer against the route contract it was called
 * through (`schemaPath` is the contract's path template): the compiler checks what a test
 * sends, this checks what the API answers, so the document cannot drift from the behaviour.
 * A violation rejects the call with a {@link ContractViolation}, failing the test that made it.
 *
 * - a success: a status the contract declares, the body its response schema parses (the
 *   schemas are strict: an undeclared field is a violation), no documented header the
 *   contract does not declare for that status;
 * - anything else: a problem status the operation documents, an `application/problem+json`
 *   body that fits the problem schema (on a 422, the validation problem's, with `errors`) and
 *   repeats the status; or, where AWS's API Gateway answers itself, its `{"message"}` body.
 */
export function responseContractCheck(routes: readonly AnyRouteContract[]): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      const call = `${request.method} ${schemaPath}`;
      const contract = routes.find((route) => route.method === request.method && route.path === schemaPath);
      if (contract === undefined) throw new ContractViolation(`${call} has no route contract`);
      // A clone: openapi-fetch reads the original body for the test.
      const found = violations(contract, response.status, response.headers, await response.clone().text());
      if (found.length > 0) {
        throw new ContractViolation(
          `${call} answered ${response.status} against its contract:\n  ${found.join('\n  ')}`,
        );
      }
    },
  };
}

function violations(contract: AnyRouteContract, status: number, headers: Headers, text: string): string[] {
  const mediaType = headers.get('content-type')?.split(';')[0]?.trim();
  if (status >= 200 && status < 300) {
    const declared = contract.responses[status];
    if (declared === undefined) {
      return [`${status} is not a documented answer (${Object.keys(contract.responses).join(', ')} are)`];
    }
    const allowed: readonly string[] = declared.headers ?? [];
    const found = [...headers.keys()]
      .filter((name) => Object.hasOwn(RESPONSE_HEADERS, name) && !allowed.includes(name))
      .map((name) => `the ${name} header is not documented for ${status}`);
    if (declared.schema === undefined) {
      return text === '' ? found : [...found, 'a body, where none is documented'];
    }
    if (declared.textForms?.some((form) => form.mediaType === mediaType)) {
      return text === '' ? [...found, `an empty ${mediaType} body`] : found;
    }
    if (mediaType !== 'application/json')
      return [...found, `content-type ${mediaType}, not application/json`];
    return [...found, ...schemaIssues(declared.schema, text)];
  }
  const documented = [...problemStatusesOf(contract), 500];
  if (!documented.some((candidate) => candidate === status)) {
    return [`${status} is not a documented answer (problems: ${documented.join(', ')})`];
  }
  if (mediaType === 'application/problem+json') {
    const issues = schemaIssues(status === 422 ? validationProblemSchema : problemDocumentSchema, text);
    if (issues.length > 0) return issues;
    const body: unknown = JSON.parse(text);
    const repeated = typeof body === 'object' && body !== null && 'status' in body ? body.status : undefined;
    return repeated === status ? [] : [`the problem's status is ${String(repeated)}`];
  }
  if (mediaType === 'application/json' && GATEWAY_STATUSES.has(status)) {
    return schemaIssues(gatewayErrorSchema, text);
  }
  return [`content-type ${mediaType}, not application/problem+json`];
}

/** What is wrong with a JSON text under a schema: one line per issue, none when it fits. */
function schemaIssues(schema: z.core.$ZodType, text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`a body that is not JSON: ${text.slice(0, 80)}`];
  }
  const result = z.safeParse(schema, body);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
}
