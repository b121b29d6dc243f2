import { BadRequestError, PreconditionRequiredError } from './problem.js';

/** A strong or weak entity tag holding a decimal version: `"7"` or `W/"7"`. */
const VERSION_ETAG = /^(?:W\/)?"(\d{1,15})"$/;

/** Reads a header by name whatever its case (API Gateway lower-cases, other callers may not). */
export function headerValue(
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * The record version named by `If-Match`, for optimistic concurrency.
 * Missing → 428 PreconditionRequiredError; anything but one quoted version number → 400.
 * @example ifMatchVersion({ 'if-match': 'W/"7"' }) // 7
 */
export function ifMatchVersion(headers: Readonly<Record<string, string | undefined>>): number {
  const raw = headerValue(headers, 'if-match');
  if (raw === undefined || raw.trim() === '') {
    throw new PreconditionRequiredError('The If-Match header is required: send the ETag you read');
  }
  const match = VERSION_ETAG.exec(raw.trim());
  const digits = match?.[1];
  if (digits === undefined) {
    throw new BadRequestError('The If-Match header must be one entity tag such as "7"', {
      code: 'malformed-if-match',
    });
  }
  return Number(digits);
}

/**
 * The strong ETag for a record version.
 * @example etag(7) // '"7"'
 */
export function etag(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError('A version must be a non-negative safe integer');
  }
  return `"${version}"`;
}
