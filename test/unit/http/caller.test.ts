import { describe, expect, it } from 'vitest';
import { callerOf, idempotencyKeyOf } from '../../../shared/http/caller.js';
import { BadRequestError, UnauthorizedError } from '../../../shared/http/problem.js';
import type { ApiRequest } from '../../../shared/http/types.js';

function request(overrides: Partial<ApiRequest> = {}): ApiRequest {
  return {
    method: 'POST',
    routePath: '/v1/complaints',
    params: {},
    query: {},
    headers: {},
    body: undefined,
    auth: { sub: 'agent-1', role: 'service-agent', branch: 'BJ01', scopes: [] },
    requestId: 'req-1',
    ...overrides,
  };
}

describe('callerOf', () => {
  it('names the caller and the actor its audit records carry, with the request id', () => {
    // Act
    const { auth, actor } = callerOf(request());

    // Assess
    expect(auth.sub).toBe('agent-1');
    expect(actor).toEqual({ sub: 'agent-1', role: 'service-agent', requestId: 'req-1' });
  });

  it('answers 401 for a route reached without a verified caller', () => {
    expect(() => callerOf(request({ auth: undefined }))).toThrow(UnauthorizedError);
  });
});

describe('idempotencyKeyOf', () => {
  it('takes a key of 8-64 letters, digits, - or _, and nothing when none was sent', () => {
    expect(idempotencyKeyOf(request({ headers: { 'idempotency-key': 'intake_key-0001' } }))).toBe(
      'intake_key-0001',
    );
    expect(idempotencyKeyOf(request())).toBeUndefined();
  });

  it.each(['short', 'x'.repeat(65), 'has space in it', '张三的请求编号一二三'])(
    'refuses %j with 400 malformed-idempotency-key, never echoing it',
    (key) => {
      // Act
      let refused: unknown;
      try {
        idempotencyKeyOf(request({ headers: { 'idempotency-key': key } }));
      } catch (error) {
        refused = error;
      }

      // Assess
      if (!(refused instanceof BadRequestError)) throw new Error('expected a 400 problem');
      expect(refused.status).toBe(400);
      expect(refused.code).toBe('malformed-idempotency-key');
      expect(refused.detail).not.toContain(key);
    },
  );
});
