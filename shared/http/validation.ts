import * as z from '../zod.js';
import { issueSummaries } from '../zod-issues.js';
import { ValidationError } from './problem.js';

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
  throw new ValidationError(issueSummaries(result.error.issues), DETAILS[location]);
}
