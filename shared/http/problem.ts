import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PROBLEM_TYPE_BASE } from './problem-type.js';

export { PROBLEM_TYPE_BASE };

/** One field-level complaint in a 422 problem. `path` is dotted (`legalRepresentative.idNumber`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Everything that makes a problem; subclasses fill in status, slug and title. */
export interface ProblemInit {
  readonly status: number;
  /** Last segment of the `type` URI, e.g. `validation`. */
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  /** Stable machine-readable code; defaults to the slug. */
  readonly code?: string | undefined;
  readonly errors?: readonly FieldError[] | undefined;
  /** Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Why, for the log only (never sent to the client), e.g. the policy's deny reason. */
  readonly reason?: string | undefined;
  readonly cause?: unknown;
}

/** Options every concrete problem accepts besides its detail. */
export type ProblemOptions = Pick<ProblemInit, 'code' | 'headers' | 'reason' | 'cause'>;

/** The RFC 9457 body, as serialised. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
}

/**
 * An error that is meant for the client: thrown anywhere below a route, it becomes an RFC 9457
 * `application/problem+json` response. Its `detail` is sent as is, so it must never hold
 * personal information or internals.
 * @example throw new ConflictError('The customer already exists', { code: 'customer-exists' });
 */
export class ProblemError extends Error {
  override readonly name: string = 'ProblemError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly reason: string | undefined;

  constructor(init: ProblemInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.type = `${PROBLEM_TYPE_BASE}${init.slug}`;
    this.title = init.title;
    this.detail = init.detail;
    this.code = init.code ?? init.slug;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.reason = init.reason;
  }
}

/** 400: the request cannot be read (malformed JSON, forbidden keys, bad header syntax). */
export class BadRequestError extends ProblemError {
  override readonly name = 'BadRequestError';
  constructor(detail = 'The request is malformed', options: ProblemOptions = {}) {
    super({ status: 400, slug: 'bad-request', title: 'Bad request', detail, ...options });
  }
}

/** 422: the request is well-formed but breaks the schema; `errors` says where. */
export class ValidationError extends ProblemError {
  override readonly name = 'ValidationError';
  constructor(
    errors: readonly FieldError[],
    detail = 'The request is not valid',
    options: ProblemOptions = {},
  ) {
    super({ status: 422, slug: 'validation', title: 'Validation failed', detail, errors, ...options });
  }
}

/** 401: no verified caller. */
export class UnauthorizedError extends ProblemError {
  override readonly name = 'UnauthorizedError';
  constructor(detail = 'Authentication is required', options: ProblemOptions = {}) {
    super({
      status: 401,
      slug: 'unauthorized',
      title: 'Unauthorized',
      detail,
      ...options,
      headers: { 'www-authenticate': 'Bearer', ...options.headers },
    });
  }
}

/** 403: the caller is known but the policy denies the action. */
export class ForbiddenError extends ProblemError {
  override readonly name = 'ForbiddenError';
  constructor(detail = 'You are not allowed to do this', options: ProblemOptions = {}) {
    super({ status: 403, slug: 'forbidden', title: 'Forbidden', detail, ...options });
  }
}

/** 404: no such resource (or route). */
export class NotFoundError extends ProblemError {
  override readonly name = 'NotFoundError';
  constructor(detail = 'The resource does not exist', options: ProblemOptions = {}) {
    super({ status: 404, slug: 'not-found', title: 'Not found', detail, ...options });
  }
}

/** 405: the path exists but not with this method; `allow` lists the methods it has. */
export class MethodNotAllowedError extends ProblemError {
  override readonly name = 'MethodNotAllowedError';
  constructor(
    allow: readonly string[],
    detail = 'The method is not allowed here',
    options: ProblemOptions = {},
  ) {
    super({
      status: 405,
      slug: 'method-not-allowed',
      title: 'Method not allowed',
      detail,
      ...options,
      headers: { allow: allow.join(', '), ...options.headers },
    });
  }
}

/** 409: the request conflicts with the current state (duplicate, wrong state). */
export class ConflictError extends ProblemError {
  override readonly name = 'ConflictError';
  constructor(detail = 'The request conflicts with the current state', options: ProblemOptions = {}) {
    super({ status: 409, slug: 'conflict', title: 'Conflict', detail, ...options });
  }
}

/** 410: the resource existed and is gone for good (an expired link). */
export class GoneError extends ProblemError {
  override readonly name = 'GoneError';
  constructor(detail = 'The resource is no longer available', options: ProblemOptions = {}) {
    super({ status: 410, slug: 'gone', title: 'Gone', detail, ...options });
  }
}

/**
 * 412: `If-Match` names a version that is not the current one (or a weak tag, which never
 * matches). Its code is `stale-version` rather than the slug, the same for every 412 of the API,
 * so a client handles them all one way: read the resource again.
 */
export class PreconditionFailedError extends ProblemError {
  override readonly name = 'PreconditionFailedError';
  constructor(detail = 'The resource has changed since you read it', options: ProblemOptions = {}) {
    super({
      status: 412,
      slug: 'precondition-failed',
      title: 'Precondition failed',
      detail,
      ...options,
      code: options.code ?? 'stale-version',
    });
  }
}

/** 428: an update came without `If-Match`. */
export class PreconditionRequiredError extends ProblemError {
  override readonly name = 'PreconditionRequiredError';
  constructor(detail = 'The If-Match header is required', options: ProblemOptions = {}) {
    super({ status: 428, slug: 'precondition-required', title: 'Precondition required', detail, ...options });
  }
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends ProblemError {
  override readonly name = 'PayloadTooLargeError';
  constructor(detail = 'The request body is too large', options: ProblemOptions = {}) {
    super({ status: 413, slug: 'payload-too-large', title: 'Payload too large', detail, ...options });
  }
}

/** 415: a body in a media type other than JSON. */
export class UnsupportedMediaTypeError extends ProblemError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(detail = 'The request body must be application/json', options: ProblemOptions = {}) {
    super({
      status: 415,
      slug: 'unsupported-media-type',
      title: 'Unsupported media type',
      detail,
      ...options,
    });
  }
}

/** 429: too many requests; `retryAfterSeconds` becomes `Retry-After`. */
export class TooManyRequestsError extends ProblemError {
  override readonly name = 'TooManyRequestsError';
  constructor(detail = 'Too many requests', options: ProblemOptions & { retryAfterSeconds?: number } = {}) {
    const { retryAfterSeconds, ...rest } = options;
    super({
      status: 429,
      slug: 'too-many-requests',
      title: 'Too many requests',
      detail,
      ...rest,
      headers: {
        ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) }),
        ...rest.headers,
      },
    });
  }
}

/** Headers every problem response carries; error bodies are never cached. */
const PROBLEM_HEADERS = {
  'content-type': 'application/problem+json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** Builds the RFC 9457 document for a problem. */
export function problemDocument(error: ProblemError, instance?: string, requestId?: string): ProblemDocument {
  return {
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(instance === undefined ? {} : { instance }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(error.errors === undefined ? {} : { errors: error.errors }),
  };
}

/**
 * Turns a problem into an API Gateway (payload v2) response with `application/problem+json`.
 * @example return problemResponse(new NotFoundError(), event.rawPath);
 */
export function problemResponse(
  error: ProblemError,
  instance?: string,
  requestId?: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: error.status,
    headers: { ...error.headers, ...PROBLEM_HEADERS },
    body: JSON.stringify(problemDocument(error, instance, requestId)),
  };
}

/** The 500 every unexpected error becomes: a fixed detail, never the error's message or stack. */
export class InternalServerError extends ProblemError {
  override readonly name = 'InternalServerError';
  constructor() {
    super({
      status: 500,
      slug: 'internal',
      title: 'Internal server error',
      detail: 'The server could not complete the request; quote the request id when reporting it',
      code: 'internal',
    });
  }
}
