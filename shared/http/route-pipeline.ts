import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { authContextFromEvent } from '../auth/claims.js';
import type { AuthContext } from '../auth/types.js';
import { BadRequestError, ValidationError } from './problem.js';
import { hasBody, parseJsonBody } from './request-body.js';
import { toHttpResult } from './response.js';
import type { ApiRequest, RouteDefinition } from './types.js';
import { parseWith } from './validation.js';

/** Any route, whatever its body and query types (they are checked by its own schemas). */
export type AnyRoute = RouteDefinition<unknown, unknown>;

/** How the pipeline learns who is calling; the default reads the JWT authorizer's claims. */
export type Authenticate = (event: APIGatewayProxyEventV2) => AuthContext;

export interface PipelineOptions {
  readonly authenticate: Authenticate;
  readonly maxBodyBytes?: number | undefined;
}

/** Default authentication: verified JWT claims from API Gateway's authorizer. */
export const jwtAuthenticate: Authenticate = (event) => authContextFromEvent(event);

function lowerCaseHeaders(
  headers: APIGatewayProxyEventV2['headers'] | undefined,
): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers ?? {})) result[key.toLowerCase()] = value;
  return result;
}

function definedEntries(record: Record<string, string | undefined> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) if (value !== undefined) result[key] = value;
  return result;
}

function parseQuery(route: AnyRoute, event: APIGatewayProxyEventV2): unknown {
  const raw = definedEntries(event.queryStringParameters);
  if (route.query !== undefined) return parseWith(route.query, raw, 'query');
  const unknown = Object.keys(raw);
  if (unknown.length > 0) {
    // Strict by design: a route that declares no query schema accepts no query parameters.
    throw new ValidationError(
      unknown.map((path) => ({ path, message: 'Unknown field' })),
      'The query string is not valid',
    );
  }
  return {};
}

function parseBody(route: AnyRoute, event: APIGatewayProxyEventV2, maxBytes: number | undefined): unknown {
  if (route.body === undefined) {
    if (hasBody(event)) {
      throw new BadRequestError('This operation takes no request body', { code: 'body-not-allowed' });
    }
    return undefined;
  }
  return parseWith(route.body, parseJsonBody(event, { maxBytes }), 'body');
}

/**
 * Runs one route: authenticate (unless the route is public), validate the query, parse and
 * validate the body, call `route.handle`, serialise its result. Errors propagate to the
 * API's error middleware, which turns them into problems.
 */
export function routePipeline(
  route: AnyRoute,
  options: PipelineOptions,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const auth = route.authenticated === false ? undefined : options.authenticate(event);
    const query = parseQuery(route, event);
    const body = parseBody(route, event, options.maxBodyBytes);
    const request: ApiRequest<unknown, unknown> = {
      method: route.method,
      routePath: route.path,
      pathParameters: definedEntries(event.pathParameters),
      query,
      headers: lowerCaseHeaders(event.headers),
      body,
      auth,
      requestId: event.requestContext.requestId,
    };
    return toHttpResult(await route.handle(request));
  };
}
