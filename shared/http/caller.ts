import { createHash } from 'node:crypto';
import type { AuthContext } from '../auth/types.js';
import { headerValue } from './headers.js';
import { BadRequestError, UnauthorizedError } from './problem.js';
import type { ApiRequest } from './types.js';

/** Who is acting, for an audit trail: the caller's subject and role, and the request it came in. */
export interface Actor {
  readonly sub: string;
  readonly role: string;
  readonly requestId?: string | undefined;
}

/**
 * The verified caller of an authorised route and the actor its audit records name. The route
 * pipeline has authenticated the request; a route reached without a caller is a 401.
 */
export function callerOf(request: ApiRequest): { auth: AuthContext; actor: Actor } {
  const auth = request.auth;
  if (auth === undefined) throw new UnauthorizedError();
  return { auth, actor: { sub: auth.sub, role: auth.role, requestId: request.requestId } };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The `Idempotency-Key` of a create, if sent: 8–64 letters, digits, `-` or `_`, else a 400
 * `malformed-idempotency-key` (the value is never echoed).
 */
export function idempotencyKeyOf(request: ApiRequest): string | undefined {
  const key = headerValue(request.headers, 'idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestError('Idempotency-Key must be 8-64 letters, digits, "-" or "_"', {
      code: 'malformed-idempotency-key',
    });
  }
  return key;
}

/**
 * The id of a create sent with an Idempotency-Key, derived from the caller and the key: a retry
 * is the same create (its store writes the id once and answers the replay), and two callers'
 * keys never meet. An id-shaped `<prefix>-<40 hex>`; a create without a key takes a new id.
 * @example const id = key === undefined ? newId('rec', now) : idOfIdempotencyKey('rec', auth.sub, key);
 */
export function idOfIdempotencyKey(prefix: string, sub: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(`${sub}\u0000${key}`).digest('hex').slice(0, 40)}`;
}
