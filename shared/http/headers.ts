import { BadRequestError, PreconditionFailedError, PreconditionRequiredError } from './problem.js';

/**
 * A strong or weak entity tag holding a decimal version: `"7"` or `W/"7"`. A weak one is read
 * (it is well-formed, so not a 400) only to be refused: see {@link IfMatchVersion}.
 */
const VERSION_ETAG = /^(W\/)?"(\d{1,15})"$/;

/**
 * The version an `If-Match` header names, for a strong comparison with the current one
 * (RFC 9110 §13.1.1): a number, or `'weak'` for a weak tag (`W/"7"`), which strong comparison
 * never matches. The use case compares it once it has checked that the caller may see the
 * resource, so a weak tag is answered like a stale version (412), never taken for the version
 * it quotes and never answered differently from a 404 the caller would otherwise get.
 */
export type IfMatchVersion = number | 'weak';

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
 * Missing → 428 PreconditionRequiredError; anything but one quoted version number → 400; a weak
 * tag → `'weak'`, which {@link versionMatches} never accepts.
 * @example ifMatchVersion({ 'if-match': '"7"' }) // 7
 * @example ifMatchVersion({ 'if-match': 'W/"7"' }) // 'weak'
 */
export function ifMatchVersion(headers: Readonly<Record<string, string | undefined>>): IfMatchVersion {
  const raw = headerValue(headers, 'if-match');
  if (raw === undefined || raw.trim() === '') {
    throw new PreconditionRequiredError('The If-Match header is required: send the ETag you read');
  }
  const match = VERSION_ETAG.exec(raw.trim());
  const digits = match?.[2];
  if (digits === undefined) {
    throw new BadRequestError('The If-Match header must be one entity tag such as "7"', {
      code: 'malformed-if-match',
    });
  }
  return match?.[1] === undefined ? Number(digits) : 'weak';
}

/**
 * Whether `If-Match` holds for the current version: strong comparison, so a weak tag never does.
 * @example if (!versionMatches(expected, record.version)) throw staleVersion('customer', expected, record.version);
 */
export function versionMatches(expected: IfMatchVersion, current: number): expected is number {
  return expected === current;
}

/**
 * The 412 for an `If-Match` that does not hold (code `stale-version`, like every 412 of the API):
 * the detail says why, the current version when it is known, and never anything of the resource.
 * @example throw staleVersion('customer', expected, record.version);
 */
export function staleVersion(
  resource: string,
  expected: IfMatchVersion,
  current?: number,
): PreconditionFailedError {
  if (expected === 'weak') {
    return new PreconditionFailedError(
      'If-Match is compared strongly: a weak entity tag (W/"…") never matches; send the ETag as read',
    );
  }
  return new PreconditionFailedError(
    current === undefined
      ? `The ${resource} was changed by someone else; fetch it again`
      : `The ${resource} is at version ${current}; fetch it again`,
  );
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

/**
 * Which of the media types a route offers the `Accept` header prefers (RFC 9110 §12.5.1): the
 * highest quality, the more specific range winning a tie (`text/csv` over `text/*` over `*\/*`),
 * the first offered among equals. No header, or one that names none of them, gets the first
 * offered (JSON): an answer is never refused for its media type.
 * @example preferredMediaType('text/csv', ['application/json', 'text/csv']) // 'text/csv'
 */
export function preferredMediaType(
  accept: string | undefined,
  offered: readonly [string, ...string[]],
): string {
  const ranges = (accept ?? '').split(',').flatMap((part) => {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!/^[\w.+-]+\/[\w.+*-]+$|^\*\/\*$/.test(range)) return [];
    const q = parameters.find((parameter) => parameter.startsWith('q='))?.slice(2);
    const quality = q === undefined ? 1 : Number(q);
    return Number.isFinite(quality) ? [{ range, quality }] : [];
  });
  let best = { type: offered[0], quality: 0 };
  for (const type of offered) {
    const matching = ranges
      .map(({ range, quality }) => ({ quality, specificity: specificityOf(range, type) }))
      .filter(({ specificity }) => specificity > 0)
      .sort((a, b) => b.specificity - a.specificity)[0];
    if (matching !== undefined && matching.quality > best.quality) best = { type, quality: matching.quality };
  }
  return best.type;
}

/** 3: the exact type; 2: `type/*`; 1: `*\/*`; 0: no match. */
function specificityOf(range: string, mediaType: string): number {
  if (range === mediaType) return 3;
  if (range === '*/*') return 1;
  return range.endsWith('/*') && mediaType.startsWith(range.slice(0, -1)) ? 2 : 0;
}
