import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface EventInput {
  readonly method?: string;
  readonly path?: string;
  readonly routeKey?: string;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** JWT claims as API Gateway's authorizer passes them; omit for an unauthenticated request. */
  readonly claims?: Record<string, string | number | boolean | string[]>;
  readonly scopes?: string[];
}

/** An API Gateway HTTP API (payload v2) event as the JWT authorizer hands it over. */
export function httpEvent(input: EventInput = {}): APIGatewayProxyEventV2 {
  const method = input.method ?? 'GET';
  const path = input.path ?? '/';
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: input.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: input.headers ?? {},
    ...(input.query === undefined ? {} : { queryStringParameters: input.query }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-0001',
      routeKey: input.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: '01/Mar/2026:08:00:00 +0000',
      timeEpoch: 1_772_352_000_000,
    },
    isBase64Encoded: input.isBase64Encoded ?? false,
    ...(input.body === undefined ? {} : { body: input.body }),
  };
  if (input.claims === undefined) return event;
  const authorizer = { jwt: { claims: input.claims, scopes: input.scopes ?? null } };
  return { ...event, requestContext: { ...event.requestContext, authorizer } } as APIGatewayProxyEventV2;
}

export { lambdaContext } from './lambda-context.js';

/** The JSON body of a response, parsed. */
export function jsonBody(response: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  return JSON.parse(response.body ?? 'null') as Record<string, unknown>;
}
