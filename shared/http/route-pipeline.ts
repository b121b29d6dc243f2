import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { authContextFromEvent } from '../auth/claims.js';
import type { Policy } from '../auth/policy.js';
import type { AuthContext } from '../auth/types.js';
import { BadRequestError, ForbiddenError, ValidationError } from './problem.js';
import { hasBody, parseJsonBody } from './request-body.js';
import { toHttpResult } from './response.js';
import type { ApiRequest, RouteDefinition } from './types.js';
import { parseWith } from './validation.js';

/** How the pipeline learns who is calling; the default reads the JWT authorizer's claims. */
export type Authenticate = (event: APIGatewayProxyEventV2) => AuthContext;

export interface PipelineOptions {
  readonly authenticate: Authenticate;
  /** The capability's policy: a route's action is checked by role before anything is read. */
  readonly policy: Policy;
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

function parseQuery(route: RouteDefinition, event: APIGatewayProxyEventV2): unknown {
  const raw = definedEntries(event.queryStringParameters);
  if (route.contract.query !== undefined) return parseWith(route.contract.query, raw, 'query');
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

function parseBody(route: RouteDefinition, event: APIGatewayProxyEventV2): unknown {
  const { body, maxBodyBytes } = route.contract;
  if (body === undefined) {
    if (hasBody(event)) {
      throw new BadRequestError('This operation takes no request body', { code: 'body-not-allowed' });
    }
    return undefined;
  }
  return parseWith(body, parseJsonBody(event, { maxBytes: maxBodyBytes }), 'body');
}

function parseParams(route: RouteDefinition, event: APIGatewayProxyEventV2): unknown {
  const { params } = route.contract;
  return params === undefined ? {} : parseWith(params, definedEntries(event.pathParameters), 'path');
}

/** Who is calling, and whether their role may ever perform the route's action (403 if not). */
function caller(route: RouteDefinition, event: APIGatewayProxyEventV2, options: PipelineOptions) {
  const { action } = route.contract;
  if (action === null) return undefined;
  const auth = options.authenticate(event);
  if (!options.policy.mayEver(auth, action)) {
    throw new ForbiddenError('You are not allowed to do this', {
      code: 'access-denied',
      reason: `role ${auth.role} may not ${action}`,
    });
  }
  return auth;
}

/**
 * Runs one route: authenticate and check the role against the route's action (unless the route
 * is public), validate the path parameters and the query, parse and validate the body, call
 * `route.handle`, serialise its result. Nothing of the request is read for a caller whose role
 * may never perform the action. Errors propagate to the API's error middleware, which turns
 * them into problems.
 */
export function routePipeline(
  route: RouteDefinition,
  options: PipelineOptions,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const auth = caller(route, event, options);
    const params = parseParams(route, event);
    const query = parseQuery(route, event);
    const body = parseBody(route, event);
    const request: ApiRequest = {
      method: route.contract.method,
      routePath: route.contract.path,
      params,
      query,
      headers: lowerCaseHeaders(event.headers),
      body,
      auth,
      requestId: event.requestContext.requestId,
    };
    return toHttpResult(await route.handle(request));
  };
}
