import { redactString } from '../observability/redaction.js';
import * as z from '../zod.js';
import { type FieldError, ValidationError } from './problem.js';

/** Where a validated value came from; named in the problem's detail. */
export type InputLocation = 'body' | 'query' | 'path';

const DETAILS: Readonly<Record<InputLocation, string>> = {
  body: 'The request body is not valid',
  query: 'The query string is not valid',
  path: 'The path parameters are not valid',
};

/**
 * Validates `value` with a zod schema and returns the parsed value, or throws a 422
 * {@link ValidationError} whose `errors` hold one `{ path, message }` per issue, the path
 * dotted (`legalRepresentative.idNumber`, `contacts.0.mobile`; '' for the value itself).
 * @example const body = parseWith(createCustomerSchema, json, 'body');
 */
export function parseWith<T>(schema: z.core.$ZodType<T>, value: unknown, location: InputLocation): T {
  // The functional form accepts zod mini and classic schemas alike.
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.flatMap(toFieldErrors), DETAILS[location]);
}

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const path = issue.path.map((segment) => String(segment));
  if (issue.code === 'unrecognized_keys') {
    // One entry per unknown field, pointing at the field, so clients can highlight it.
    return issue.keys.map((key) => ({ path: joinPath([...path, key]), message: 'Unknown field' }));
  }
  // zod's own messages never quote the input; custom messages are scrubbed as a second net.
  return [{ path: joinPath(path), message: redactString(issue.message) }];
}

function joinPath(segments: readonly string[]): string {
  return segments.join('.');
}
