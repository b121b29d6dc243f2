import { headerValue } from './headers.js';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './problem.js';

/** Default largest accepted body: CRM payloads are small; anything bigger is a mistake or abuse. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Media types whose bodies are JSON documents. */
const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/json', 'application/merge-patch+json']);

/**
 * Keys refused anywhere in a body. JSON.parse makes `__proto__` an own data property (no
 * pollution yet), but any later spread, merge or `Object.assign` into a plain object would
 * turn it into a prototype; refusing these keys at the door makes that impossible.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The part of an API Gateway v2 event this module reads. */
export interface BodyEvent {
  readonly body?: string | undefined;
  readonly isBase64Encoded?: boolean | undefined;
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface BodyOptions {
  /** Largest body in bytes after base64 decoding (default 64 KiB). */
  readonly maxBytes?: number | undefined;
}

/** True when the event carries a non-empty body. */
export function hasBody(event: BodyEvent): boolean {
  return typeof event.body === 'string' && event.body.length > 0;
}

/**
 * Parses the JSON body of an API Gateway (payload v2) event: decodes base64, enforces the size
 * limit (413), requires a JSON content type (415), rejects malformed JSON (400) and the keys
 * `__proto__`, `constructor` and `prototype` at any depth (400). Returns undefined without a body.
 * @example const json = parseJsonBody(event, { maxBytes: 16 * 1024 });
 */
export function parseJsonBody(event: BodyEvent, options: BodyOptions = {}): unknown {
  if (!hasBody(event) || event.body === undefined) return undefined;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const text = decodeBody(event.body, event.isBase64Encoded === true, maxBytes);
  requireJsonContentType(headerValue(event.headers ?? {}, 'content-type'));
  return parseJson(text);
}

function decodeBody(body: string, base64: boolean, maxBytes: number): string {
  // Checked before decoding too, so a huge body is refused without allocating its bytes.
  const roughBytes = base64 ? Math.floor((body.length * 3) / 4) - 2 : body.length;
  if (roughBytes > maxBytes) throw tooLarge(maxBytes);
  const bytes = base64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError('The request body is not valid UTF-8', { code: 'malformed-body' });
  }
}

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body must not exceed ${maxBytes} bytes`);
}

function requireJsonContentType(contentType: string | undefined): void {
  const [mediaType = '', ...parameters] = (contentType ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (!JSON_MEDIA_TYPES.has(mediaType)) throw new UnsupportedMediaTypeError();
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  if (charset !== undefined && charset.replace(/^charset="?|"$/g, '') !== 'utf-8') {
    throw new UnsupportedMediaTypeError('JSON bodies must be UTF-8');
  }
}

/** Thrown from the reviver to tell a forbidden key from a syntax error. */
class ForbiddenKeyFound extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key: string, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyFound();
      return value;
    });
  } catch (error) {
    if (error instanceof ForbiddenKeyFound) {
      throw new BadRequestError(
        'The request body contains a forbidden key (__proto__, constructor or prototype)',
        {
          code: 'forbidden-key',
        },
      );
    }
    // SyntaxError, or RangeError from absurd nesting: either way the client sent bad JSON.
    throw new BadRequestError('The request body is not valid JSON', { code: 'malformed-json' });
  }
}
