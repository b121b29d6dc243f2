import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Role } from '../../shared/auth/types.js';
import type { HttpApiHandler } from '../../shared/http/api-handler.js';
import { httpEvent, lambdaContext } from './http-event.js';

/** A caller as the JWT authorizer presents them. */
export interface TestCaller {
  readonly sub: string;
  readonly role: Role;
  readonly branch?: string;
  readonly rmId?: string;
}

/** A response as a client reads it: header names lower-cased, the body raw and parsed. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body as sent, to show that a value never comes back in any form. */
  readonly text: string;
  /** The body parsed, when it is a JSON object (an empty object otherwise). */
  readonly json: Record<string, unknown>;
}

export interface CallOptions {
  readonly body?: unknown;
  /** A body sent as written (malformed JSON, say) instead of `body` serialised. */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
}

/** The claims API Gateway's JWT authorizer hands over for `caller`. */
function claimsOf(caller: TestCaller): Record<string, string> {
  return {
    sub: caller.sub,
    'cognito:groups': `[${caller.role}]`,
    ...(caller.branch === undefined ? {} : { 'custom:branch': caller.branch }),
    ...(caller.rmId === undefined ? {} : { 'custom:rmId': caller.rmId }),
  };
}

/**
 * Calls an HTTP API Lambda `handler` as API Gateway does: as `caller`, or with no claims at all
 * for an anonymous (public) call.
 */
export function routeCaller(handler: HttpApiHandler) {
  return async function call(
    caller: TestCaller | undefined,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<TestResponse> {
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const result = (await handler(
      httpEvent({
        method,
        path,
        routeKey: '$default',
        ...(body === undefined ? {} : { body }),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(caller === undefined ? {} : { claims: claimsOf(caller) }),
      }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    const text = typeof result.body === 'string' ? result.body : '';
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    return {
      status: result.statusCode ?? 0,
      headers: Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
      ),
      text,
      json: typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {},
    };
  };
}

/** What `routeCaller` returns. */
export type RouteCall = ReturnType<typeof routeCaller>;
