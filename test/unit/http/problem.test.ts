import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { errorResponse } from '../../../shared/http/error-response.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  type ProblemError,
  problemResponse,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/http/problem.js';

describe('problem classes', () => {
  it.each([
    [new BadRequestError(), 400, 'bad-request', 'BadRequestError'],
    [new ValidationError([{ path: 'a', message: 'Required' }]), 422, 'validation', 'ValidationError'],
    [new UnauthorizedError(), 401, 'unauthorized', 'UnauthorizedError'],
    [new ForbiddenError(), 403, 'forbidden', 'ForbiddenError'],
    [new NotFoundError(), 404, 'not-found', 'NotFoundError'],
    [new MethodNotAllowedError(['GET']), 405, 'method-not-allowed', 'MethodNotAllowedError'],
    [new ConflictError(), 409, 'conflict', 'ConflictError'],

    [new PreconditionRequiredError(), 428, 'precondition-required', 'PreconditionRequiredError'],
    [new PayloadTooLargeError(), 413, 'payload-too-large', 'PayloadTooLargeError'],
    [new UnsupportedMediaTypeError(), 415, 'unsupported-media-type', 'UnsupportedMediaTypeError'],
    [new TooManyRequestsError(), 429, 'too-many-requests', 'TooManyRequestsError'],
  ] as [ProblemError, number, string, string][])(
    '%s has status %i and a stable type',
    (error, status, slug, name) => {
      // Assess
      expect(error.status).toBe(status);
      expect(error.type).toBe(`https://fincrm.dev/problems/${slug}`);
      expect(error.code).toBe(slug);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(Error);
    },
  );

  it('gives every 412 the code stale-version, so clients handle them one way', () => {
    // Act
    const error = new PreconditionFailedError();

    // Assess
    expect(error.status).toBe(412);
    expect(error.type).toBe('https://fincrm.dev/problems/precondition-failed');
    expect(error.code).toBe('stale-version');
    expect(error.name).toBe('PreconditionFailedError');
  });
});

describe('problemResponse', () => {
  it('serialises an RFC 9457 document with application/problem+json', () => {
    // Prepare
    const error = new ValidationError([
      { path: 'legalRepresentative.idNumber', message: 'Invalid checksum' },
    ]);

    // Act
    const response = problemResponse(error, '/v1/customers', 'req-1');

    // Assess
    expect(response.statusCode).toBe(422);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
    expect(JSON.parse(response.body ?? '')).toEqual({
      type: 'https://fincrm.dev/problems/validation',
      title: 'Validation failed',
      status: 422,
      detail: 'The request is not valid',
      code: 'validation',
      instance: '/v1/customers',
      requestId: 'req-1',
      errors: [{ path: 'legalRepresentative.idNumber', message: 'Invalid checksum' }],
    });
  });

  it('carries problem-specific headers and a custom code, never the internal reason', () => {
    // Prepare
    const error = new TooManyRequestsError('Slow down', {
      retryAfterSeconds: 2.5,
      code: 'quota',
      reason: 'rm-7 hit limit',
    });

    // Act
    const response = problemResponse(error);

    // Assess
    expect(response.headers).toMatchObject({ 'retry-after': '3' });
    expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'quota', detail: 'Slow down' });
    expect(response.body).not.toContain('rm-7');
    expect(problemResponse(new MethodNotAllowedError(['GET', 'PATCH'])).headers).toMatchObject({
      allow: 'GET, PATCH',
    });
  });
});

describe('errorResponse', () => {
  let spies: MockInstance[];
  let output: string[];
  beforeEach(() => {
    output = [];
    const record = (chunk: string | Uint8Array): boolean => {
      output.push(String(chunk));
      return true;
    };
    spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(record),
      vi.spyOn(process.stderr, 'write').mockImplementation(record),
    ];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  it('passes a ProblemError through', () => {
    // Act
    const response = errorResponse(new NotFoundError('No such customer'));

    // Assess
    expect(response.statusCode).toBe(404);
    expect(output).toHaveLength(0);
  });

  it('turns anything else into a generic 500 and logs it', () => {
    // Act
    const response = errorResponse(new Error('ConditionalCheckFailed on table customers-prod'), '/v1/x');
    const fromString = errorResponse('boom');

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('ConditionalCheckFailed');
    expect(response.body).not.toContain('stack');
    expect(JSON.parse(response.body ?? '')).toMatchObject({
      status: 500,
      code: 'internal',
      instance: '/v1/x',
    });
    expect(fromString.statusCode).toBe(500);
    expect(output.join('')).toContain('ConditionalCheckFailed on table customers-prod');
  });
});
